package dev.strata.yaml;

import dev.strata.model.Index;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.sql.Literals;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Names the reader derives for unnamed constraints, indexes and serial sequences are the ones a
 * real server picks for the same table created without names.
 */
class DerivedNamesTest {

    /** Constraint and index names PostgreSQL chose for {@code table}, sorted (not-null constraints left out). */
    private static List<String> serverNames(TestDatabase db, String table) {
        String regclass = Literals.quote(dev.strata.sql.Identifiers.quote(table)) + "::regclass";
        return db.query("SELECT conname FROM pg_constraint WHERE conrelid = " + regclass + " AND contype <> 'n'"
                        + " UNION SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                        + " WHERE i.indrelid = " + regclass)
                .stream().map(r -> r.get(0)).sorted().toList();
    }

    private static List<String> readerNames(String yaml, String table) {
        Table t = SchemaFiles.parse(Map.of("t.yaml", yaml)).catalog().table(QualifiedName.of("public", table)).orElseThrow();
        return Stream.concat(t.constraintNames().stream(), t.indexes().stream().map(Index::name)).sorted().distinct().toList();
    }

    private static void assertSameNames(int major, String yaml, String table, String... sql) {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(sql);
            assertEquals(serverNames(db, table), readerNames(yaml, table));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void keysChecksAndForeignKeysAreNamedLikePostgres(int major) {
        assertSameNames(major, """
                        tables:
                          orgs: { columns: { id: int }, primary_key: [id] }
                          users:
                            columns: { id: int, org_id: int, a: int, b: int, email: text }
                            primary_key: [id]
                            unique: [[a, b], [email]]
                            foreign_keys: [{ columns: [org_id], references: { table: orgs } }]
                            checks: ["a > 0", "a < 100", "a < b", "length(email) > 3"]
                        """, "users",
                "CREATE TABLE orgs (id int PRIMARY KEY)",
                "CREATE TABLE users (id int, org_id int, a int, b int, email text, PRIMARY KEY (id), UNIQUE (a, b),"
                        + " UNIQUE (email), FOREIGN KEY (org_id) REFERENCES orgs, CHECK (a > 0), CHECK (a < 100),"
                        + " CHECK (a < b), CHECK (length(email) > 3))");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void indexesAreNamedAfterColumnsFunctionsAndExpressions(int major) {
        assertSameNames(major, """
                        tables:
                          t:
                            columns: { a: int, b: text, c: text }
                            indexes:
                              - [a]
                              - { columns: [a], include: [b] }
                              - columns: [{ expression: lower(b) }, { expression: lower(c) }]
                              - columns: [{ expression: "a + 1" }]
                              - columns: [{ expression: "(a)" }]
                              - columns: [{ expression: "b::varchar" }]
                              - { unique: true, columns: [b, c] }
                        """, "t",
                "CREATE TABLE t (a int, b text, c text)",
                "CREATE INDEX ON t (a)",
                "CREATE INDEX ON t (a) INCLUDE (b)",
                "CREATE INDEX ON t (lower(b), lower(c))",
                "CREATE INDEX ON t ((a + 1))",
                "CREATE INDEX ON t ((a))",
                "CREATE INDEX ON t ((b::varchar))",
                "CREATE UNIQUE INDEX ON t (b, c)");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void namesAreDerivedFromWhatTheServerReadsAfterAnEscapeString(int major) {
        // E'\'' is one string holding a quote: a scanner that ended it early took the rest for a second string and
        // found only column a in the check (t_a_check) and no whole-text call in the index (t_expr_idx).
        assertSameNames(major, """
                        tables:
                          t:
                            columns: { a: text, b: text }
                            checks: ["a <> E'\\\\'' OR b > ''"]
                            indexes:
                              - columns: [{ expression: "lower(b || E'\\\\')')" }]
                        """, "t",
                "CREATE TABLE t (a text, b text, CHECK (a <> E'\\'' OR b > ''))",
                "CREATE INDEX ON t (lower(b || E'\\')'))");
    }

    @Test
    void exclusionConstraintsAreNamedAfterTheirElements() {
        assertSameNames(18, """
                        tables:
                          rooms:
                            columns: { room: int, during: tsrange }
                            exclusions:
                              - { using: btree, elements: [{ column: room, with: "=" }] }
                              - elements: [{ column: during, with: "&&" }, { expression: "tsrange(lower(during), upper(during))", with: "&&" }]
                        """, "rooms",
                "CREATE TABLE rooms (room int, during tsrange, EXCLUDE USING btree (room WITH =),"
                        + " EXCLUDE USING gist (during WITH &&, (tsrange(lower(during), upper(during))) WITH &&))");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void longAndMultibyteNamesAreTruncatedLikePostgres(int major) {
        String table = "ñandú_" + "é".repeat(27);
        String column = "größe_" + "ü".repeat(20);
        assertSameNames(major, """
                        tables:
                          "%1$s":
                            columns: { id: int, "%2$s": int, "%2$s2": text }
                            primary_key: [id]
                            unique: [["%2$s", "%2$s2"]]
                            checks: ["\\"%2$s\\" > 0", "\\"%2$s\\" > 1"]
                            indexes: [["%2$s2"]]
                        """.formatted(table, column), table,
                "CREATE TABLE \"%1$s\" (id int PRIMARY KEY, \"%2$s\" int, \"%2$s2\" text, UNIQUE (\"%2$s\", \"%2$s2\"),"
                        .formatted(table, column)
                        + " CHECK (\"%1$s\" > 0), CHECK (\"%1$s\" > 1))".formatted(column),
                "CREATE INDEX ON \"%1$s\" (\"%2$s2\")".formatted(table, column));
    }

    @Test
    void derivedNamesAvoidNamesTakenElsewhereInTheSchema() {
        assertSameNames(18, """
                        tables:
                          t_a_key: { columns: { x: int } }
                          t:
                            columns: { a: int }
                            checks: [{ expression: a > 1, name: t_a_check }, "a > 0"]
                            unique: [[a]]
                        """, "t",
                "CREATE TABLE t_a_key (x int)",
                "CREATE TABLE t (a int, CONSTRAINT t_a_check CHECK (a > 1), CHECK (a > 0), UNIQUE (a))");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void serialSequenceAndDefaultMatchTheServer(int major) throws SQLException {
        var loaded = SchemaFiles.parse(Map.of("t.yaml", """
                schema: My App
                tables:
                  Orders:
                    columns: { "Id": serial, n: bigserial }
                """));
        var table = loaded.catalog().table(QualifiedName.of("My App", "Orders")).orElseThrow();
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE SCHEMA \"My App\"", "CREATE TABLE \"My App\".\"Orders\" (\"Id\" serial, n bigserial)");
            try (var c = db.connect(); var st = c.createStatement()) {
                st.execute("SET search_path = ''");
                var rs = st.executeQuery("SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d"
                        + " JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
                        + " WHERE d.adrelid = '\"My App\".\"Orders\"'::regclass ORDER BY a.attnum");
                rs.next();
                assertEquals(rs.getString(1), table.column("Id").orElseThrow().defaultValue().orElseThrow());
                rs.next();
                assertEquals(rs.getString(1), table.column("n").orElseThrow().defaultValue().orElseThrow());
            }
            var sequences = db.query("SELECT c.relname, s.seqtypid::regtype FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid ORDER BY 1");
            var declared = loaded.catalog().schema("My App").orElseThrow().sequences();
            assertEquals(sequences, declared.stream().map(s -> List.of(s.name(), s.type().name())).toList());
        }
    }
}
