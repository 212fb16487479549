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
    void sizesComeFromTheServerAndNeverAnalyzedTablesEstimateZeroRows() throws SQLException {
        try (var db = TestPostgres.newDatabase(); var c = db.connect()) {
            db.execute("CREATE SCHEMA \"Big One\"",
                    "CREATE TABLE \"Big One\".t (id int PRIMARY KEY, pad text)",
                    "INSERT INTO \"Big One\".t SELECT g, repeat('x', 100) FROM generate_series(1, 1000) g",
                    "ANALYZE \"Big One\".t",
                    "CREATE TABLE public.fresh (a int)");
            QualifiedName big = QualifiedName.of("Big One", "t");
            QualifiedName fresh = QualifiedName.of("public", "fresh");
            long expectedBytes = Long.parseLong(db.query("SELECT pg_total_relation_size('\"Big One\".t')").getFirst().getFirst());

            var sizes = TableStats.read(c, List.of(fresh, big, QualifiedName.of("public", "missing")));

            assertEquals(List.of(big, fresh), List.copyOf(sizes.keySet()));
            assertEquals(new TableStats.TableSize(expectedBytes, 1000, false), sizes.get(big));
            assertEquals(0, sizes.get(fresh).estimatedRows());
            assertTrue(expectedBytes > 100_000);
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
            assertEquals(0, sizes.get(unanalyzed).estimatedRows());
            assertTrue(!sizes.get(unanalyzed).empty());
        }
    }
}
