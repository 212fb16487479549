package dev.strata.catalog;

import dev.strata.model.QualifiedName;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TableStatsTest {

    @Test
    void sizesComeFromTheServerAndNeverAnalysedTablesHaveTheirRowsCounted() throws SQLException {
        try (var db = TestPostgres.newDatabase(); var c = db.connect()) {
            db.execute("CREATE SCHEMA \"Big One\"",
                    "CREATE TABLE \"Big One\".t (id int PRIMARY KEY, pad text)",
                    "INSERT INTO \"Big One\".t SELECT g, repeat('x', 100) FROM generate_series(1, 1000) g",
                    "ANALYZE \"Big One\".t",
                    "CREATE TABLE public.fresh (a int)",
                    "CREATE TABLE public.unanalysed (a int) WITH (autovacuum_enabled = false)",
                    "INSERT INTO public.unanalysed SELECT g FROM generate_series(1, 250) g");
            QualifiedName big = QualifiedName.of("Big One", "t");
            QualifiedName fresh = QualifiedName.of("public", "fresh");
            long expectedBytes = Long.parseLong(db.query("SELECT pg_total_relation_size('\"Big One\".t')").getFirst().getFirst());

            QualifiedName unanalysed = QualifiedName.of("public", "unanalysed");
            assertEquals(List.of(List.of("-1")), db.query("SELECT reltuples::int FROM pg_class WHERE relname = 'unanalysed'"));

            var sizes = TableStats.read(c, List.of(fresh, big, unanalysed, QualifiedName.of("public", "missing")));

            assertEquals(List.of(big, fresh, unanalysed), List.copyOf(sizes.keySet()));
            assertEquals(250, sizes.get(unanalysed).estimatedRows());
            assertEquals(new TableStats.TableSize(expectedBytes, 1000, false, true), sizes.get(big));
            assertEquals(0, sizes.get(fresh).estimatedRows());
            assertTrue(expectedBytes > 100_000);
        }
    }

    @Test
    void aNeverAnalysedTableTheRoleMayNotReadHasNoRowCount() throws SQLException {
        try (var db = TestPostgres.newDatabase(14); var c = db.connect()) {
            String role = db.name() + "_reader";
            db.execute("CREATE TABLE public.secret (a int) WITH (autovacuum_enabled = false)",
                    "INSERT INTO public.secret VALUES (1), (2)", "CREATE ROLE " + role);
            try (var st = c.createStatement()) {
                st.execute("SET ROLE " + role);
            }
            try {
                assertEquals(-1, TableStats.read(c, List.of(QualifiedName.of("public", "secret")))
                        .get(QualifiedName.of("public", "secret")).estimatedRows());
            } finally {
                try (var st = c.createStatement()) {
                    st.execute("RESET ROLE");
                }
                db.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void emptyMeansNoRowAtAllNotAnEstimateOfZero() throws SQLException {
        try (var db = TestPostgres.newDatabase(); var c = db.connect()) {
            db.execute("CREATE TABLE public.fresh (a int)", "CREATE TABLE public.unanalyzed (a int)",
                    "INSERT INTO public.unanalyzed VALUES (1)", "CREATE TABLE public.emptied (a int)",
                    "INSERT INTO public.emptied VALUES (1)", "DELETE FROM public.emptied");
            QualifiedName fresh = QualifiedName.of("public", "fresh");
            QualifiedName unanalyzed = QualifiedName.of("public", "unanalyzed");
            QualifiedName emptied = QualifiedName.of("public", "emptied");

            var sizes = TableStats.read(c, List.of(fresh, unanalyzed, emptied));

            assertTrue(sizes.get(fresh).empty());
            assertTrue(sizes.get(emptied).empty());
            assertEquals(1, sizes.get(unanalyzed).estimatedRows(), "counted: never analysed");
            assertTrue(!sizes.get(unanalyzed).empty());
        }
    }
    @Test
    void aTableIsStandaloneOnlyWhenDroppingItLosesNothingTheModelDoesNotHold() throws SQLException {
        try (var db = TestPostgres.newDatabase(); var c = db.connect()) {
            db.execute("CREATE TABLE public.plain (id int PRIMARY KEY, parent int REFERENCES public.plain, note text)",
                    "CREATE INDEX plain_note_idx ON public.plain (note)",
                    "CREATE TABLE public.viewed (a int)", "CREATE VIEW public.v AS SELECT a FROM public.viewed",
                    "CREATE TABLE public.referenced (id int PRIMARY KEY)",
                    "CREATE TABLE public.child (r int REFERENCES public.referenced)",
                    "CREATE TABLE public.granted (a int)", "GRANT SELECT ON public.granted TO PUBLIC",
                    "CREATE TABLE public.counted (id int GENERATED ALWAYS AS IDENTITY, a int)",
                    "INSERT INTO public.counted (a) VALUES (1)", "DELETE FROM public.counted",
                    "CREATE TABLE public.typed (a int)", "CREATE FUNCTION public.f(public.typed) RETURNS int LANGUAGE sql AS 'SELECT 1'");
            List<String> names = List.of("plain", "viewed", "referenced", "child", "granted", "counted", "typed");

            var sizes = TableStats.read(c, names.stream().map(n -> QualifiedName.of("public", n)).toList());

            assertEquals(List.of("plain", "child"), names.stream()
                    .filter(n -> sizes.get(QualifiedName.of("public", n)).standalone()).toList(),
                    "a view, another table's key, a grant, a used identity and a function over the row type each keep a table");
        }
    }
}
