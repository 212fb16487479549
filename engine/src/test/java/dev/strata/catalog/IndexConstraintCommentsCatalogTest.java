package dev.strata.catalog;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Index;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaWriter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Comments on indexes and on every constraint kind: read from the catalog, created by the DDL, pulled again unchanged. */
class IndexConstraintCommentsCatalogTest {

    private static final String SETUP = """
            CREATE SCHEMA app;
            CREATE TABLE app.p (id bigint PRIMARY KEY);
            CREATE TABLE app.t (
              id bigint CONSTRAINT t_pkey PRIMARY KEY,
              p_id bigint CONSTRAINT t_p_fk REFERENCES app.p,
              name text CONSTRAINT t_name_key UNIQUE,
              during tsrange,
              CONSTRAINT t_name_check CHECK (length(name) > 0),
              CONSTRAINT t_no_overlap EXCLUDE USING gist (during WITH &&));
            CREATE INDEX t_lower_idx ON app.t (lower(name));
            CREATE INDEX t_p_id_idx ON app.t (p_id);
            COMMENT ON CONSTRAINT t_pkey ON app.t IS 'the row''s key';
            COMMENT ON CONSTRAINT t_p_fk ON app.t IS 'line one
            line two';
            COMMENT ON CONSTRAINT t_name_key ON app.t IS 'Ünïcödé ✓ 日本語';
            COMMENT ON CONSTRAINT t_name_check ON app.t IS 'It''s "quoted" here';
            COMMENT ON CONSTRAINT t_no_overlap ON app.t IS 'no overlap';
            COMMENT ON INDEX app.t_lower_idx IS 'for case-insensitive lookups';
            -- The index behind a constraint is not in the model: its comment is not read (nor lost from the constraint's).
            COMMENT ON INDEX app.t_name_key IS 'the unique index itself';
            """;

    private static Catalog pull(dev.strata.testing.TestDatabase db) throws Exception {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("app")).catalog();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void commentsOnIndexesAndEveryConstraintKindAreReadAndSurvivePullDdlApplyPullByteForByte(int major) throws Exception {
        Catalog first;
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(SETUP);
            first = pull(db);
        }
        Table t = first.table(QualifiedName.of("app", "t")).orElseThrow();
        assertEquals(Optional.of("the row's key"), t.primaryKey().flatMap(PrimaryKey::comment));
        assertEquals(Optional.of("line one\nline two"), t.foreignKeys().getFirst().comment());
        assertEquals(Optional.of("Ünïcödé ✓ 日本語"), t.uniqueConstraints().getFirst().comment());
        assertEquals(Optional.of("It's \"quoted\" here"), t.checks().getFirst().comment());
        assertEquals(Optional.of("no overlap"), t.exclusions().getFirst().comment());
        assertEquals(List.of(Optional.of("for case-insensitive lookups"), Optional.<String>empty()),
                t.indexes().stream().map(Index::comment).toList());

        List<String> ddl = CreateDdl.statements(first);
        assertEquals(List.of("COMMENT ON CONSTRAINT t_pkey ON app.t IS 'the row''s key'",
                        "COMMENT ON CONSTRAINT t_name_key ON app.t IS 'Ünïcödé ✓ 日本語'",
                        "COMMENT ON CONSTRAINT t_p_fk ON app.t IS 'line one\nline two'",
                        "COMMENT ON CONSTRAINT t_name_check ON app.t IS 'It''s \"quoted\" here'",
                        "COMMENT ON CONSTRAINT t_no_overlap ON app.t IS 'no overlap'",
                        "COMMENT ON INDEX app.t_lower_idx IS 'for case-insensitive lookups'"),
                ddl.stream().filter(s -> s.startsWith("COMMENT ON")).toList());

        Catalog second;
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(first));
            second = pull(db);
        }
        assertEquals(first, second);
        Map<String, String> yaml = SchemaWriter.files(first);
        assertEquals(yaml, SchemaWriter.files(second));
    }
}
