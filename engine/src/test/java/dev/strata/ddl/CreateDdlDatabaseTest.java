package dev.strata.ddl;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.EnumType;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.model.View;
import dev.strata.sql.Literals;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Applies {@link CreateDdl#script} for {@link RichCatalog} to an empty database and reads the
 * result straight from {@code pg_catalog}. Expected values are PostgreSQL's own renderings.
 */
class CreateDdlDatabaseTest {

    private static TestDatabase built(int major) {
        TestDatabase db = TestPostgres.newDatabase(major);
        db.execute(CreateDdl.script(RichCatalog.build()));
        return db;
    }

    private static List<String> column(List<List<String>> rows) {
        return rows.stream().map(r -> String.join(" | ", r)).toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void createsEverySchemaTableAndViewWithItsExactName(int major) {
        try (var db = built(major)) {
            var relations = db.query("""
                    SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind IN ('r', 'v', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                    ORDER BY 1, 2""");
            assertEquals(List.of(
                    "Shop | big orders | v",
                    "Shop | biggest | v",
                    "Shop | item_id_seq | S",
                    "Shop | line item | r",
                    "Shop | line item_Qty_seq | S",
                    "Shop | order | r",
                    "Shop | order_id_seq | S",
                    "Shop | order_seq | S",
                    "public | A | r",
                    "public | b | r",
                    "public | " + RichCatalog.LONG_TABLE + " | r"), column(relations));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void columnsHaveTheirTypesDefaultsCollationIdentityAndGeneration(int major) {
        try (var db = built(major)) {
            var columns = db.query("""
                    SELECT a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull, a.attidentity, a.attgenerated,
                           coalesce(pg_get_expr(d.adbin, d.adrelid), ''),
                           CASE WHEN a.attcollation IN (0, t.typcollation) THEN '' ELSE co.collname END
                    FROM pg_attribute a JOIN pg_type t ON t.oid = a.atttypid
                    LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
                    LEFT JOIN pg_collation co ON co.oid = a.attcollation
                    WHERE a.attrelid = '"Shop"."order"'::regclass AND a.attnum > 0 AND NOT a.attisdropped
                    ORDER BY a.attnum""");
            assertEquals(List.of(
                    "id | bigint | t | a |  |  | ",
                    "user | text | t |  |  |  | C",
                    "select | integer | f |  |  | nextval('\"Shop\".order_seq'::regclass) | ",
                    "mood | common.\"Mood\" | f |  |  | 'it''s ok'::common.\"Mood\" | ",
                    "café | numeric(10,2) | f |  |  |  | ",
                    "net | numeric(12,2) | f |  | s | (\"café\" * (2)::numeric) | ",
                    "Period | int4range | f |  |  |  | ",
                    "area | box | f |  |  |  | "), column(columns));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void identitySequencesKeepTheirNonDefaultOptions(int major) {
        try (var db = built(major)) {
            var options = db.query("""
                    SELECT format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax, s.seqcache, s.seqcycle
                    FROM pg_sequence s
                    WHERE s.seqrelid IN (pg_get_serial_sequence('"Shop"."order"', 'id')::regclass,
                                         pg_get_serial_sequence('"Shop"."line item"', 'Qty')::regclass)
                    ORDER BY s.seqstart""");
            assertEquals(List.of(
                    "smallint | -5 | -1 | -100 | -1 | 1 | t",
                    "bigint | 1000 | 7 | 1 | 1000000000000 | 3 | f"), column(options));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void serialStyleSequenceIsOwnedByItsColumnAndStandaloneOneIsNot(int major) {
        try (var db = built(major)) {
            assertEquals(List.of(List.of("\"Shop\".item_id_seq")),
                    db.query("SELECT pg_get_serial_sequence('\"Shop\".\"line item\"', 'id')"));
            var standalone = db.query("""
                    SELECT format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmax,
                           (SELECT count(*) FROM pg_depend d WHERE d.objid = s.seqrelid AND d.deptype IN ('a', 'i'))
                    FROM pg_sequence s WHERE s.seqrelid = '"Shop".order_seq'::regclass""");
            assertEquals(List.of("integer | 100 | 5 | 2147483647 | 0"), column(standalone));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void enumInOneSchemaKeepsItsLabelOrder(int major) {
        try (var db = built(major)) {
            assertEquals(List.of("sad", "it's ok", "happy 日本"), db.query("""
                    SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = 'common."Mood"'::regtype
                    ORDER BY e.enumsortorder""").stream().map(r -> r.get(0)).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void constraintsIncludingCyclicAndSelfReferencingForeignKeys(int major) {
        try (var db = built(major)) {
            var constraints = db.query("""
                    SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid)
                    FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace
                    WHERE n.nspname IN ('Shop', 'public') AND c.contype <> 'n'
                    ORDER BY 1, 2""");
            assertEquals(List.of(
                    "\"A\" | A_b_id_fkey | FOREIGN KEY (b_id) REFERENCES b(id) ON UPDATE CASCADE ON DELETE SET NULL DEFERRABLE",
                    "\"A\" | A_pkey | PRIMARY KEY (id)",
                    "\"Shop\".\"line item\" | line item_order_id_fkey | FOREIGN KEY (order_id) REFERENCES \"Shop\".\"order\"(id)"
                            + " ON UPDATE RESTRICT ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED",
                    "\"Shop\".\"line item\" | line item_parent_fkey | FOREIGN KEY (order_id, parent)"
                            + " REFERENCES \"Shop\".\"line item\"(order_id, id) MATCH FULL",
                    "\"Shop\".\"line item\" | line item_pkey | PRIMARY KEY (order_id, id)",
                    "\"Shop\".\"order\" | order_no_overlap | EXCLUDE USING gist (\"Period\" WITH &&)"
                            + " WHERE ((mood <> 'sad'::common.\"Mood\"))",
                    "\"Shop\".\"order\" | order_pkey | PRIMARY KEY (id)",
                    "\"Shop\".\"order\" | order_user_select_key | UNIQUE (\"user\", \"select\") DEFERRABLE INITIALLY DEFERRED",
                    "\"Shop\".\"order\" | positive café | CHECK ((\"café\" >= (0)::numeric)) NO INHERIT",
                    "\"" + RichCatalog.LONG_TABLE + "\" | " + "p".repeat(63) + " | PRIMARY KEY (" + RichCatalog.LONG_COLUMN + ")",
                    "b | b_a_id_fkey | FOREIGN KEY (a_id) REFERENCES \"A\"(id) MATCH FULL ON DELETE SET DEFAULT",
                    "b | b_a_id_restrict | FOREIGN KEY (a_id) REFERENCES \"A\"(id) ON DELETE RESTRICT",
                    "b | b_pkey | PRIMARY KEY (id)"),
                    column(constraints));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void indexesKeepOpclassOrderingIncludePredicateAndStorage(int major) {
        try (var db = built(major)) {
            var indexes = db.query("""
                    SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                    WHERE i.indrelid = '"Shop"."order"'::regclass
                      AND NOT EXISTS (SELECT FROM pg_constraint k WHERE k.conindid = i.indexrelid)
                    ORDER BY c.relname""");
            assertEquals(List.of(
                    "CREATE INDEX \"Order Area\" ON \"Shop\".\"order\" USING gist (area)",
                    "CREATE UNIQUE INDEX order_lower_user_idx ON \"Shop\".\"order\" USING btree (lower(\"user\"))",
                    "CREATE INDEX order_select_idx ON \"Shop\".\"order\" USING btree (\"select\" DESC NULLS LAST)"
                            + " INCLUDE (mood) WITH (fillfactor='70')",
                    "CREATE INDEX order_user_idx ON \"Shop\".\"order\" USING btree (\"user\" text_pattern_ops)"
                            + " WHERE (\"select\" > 0)"),
                    indexes.stream().map(r -> r.get(0)).toList());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void viewReadingAViewIsCreatedAfterIt(int major) {
        try (var db = built(major)) {
            var dependencies = db.query("""
                    SELECT DISTINCT d.refobjid::regclass::text FROM pg_rewrite r
                    JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                                    AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class
                    WHERE r.ev_class = '"Shop".biggest'::regclass""");
            assertEquals(List.of(List.of("\"Shop\".\"big orders\"")), dependencies);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void commentsKeepQuotesAndNewlines(int major) {
        try (var db = built(major)) {
            var comments = db.query("""
                    SELECT obj_description('common."Mood"'::regtype, 'pg_type'),
                           obj_description('"Shop".order_seq'::regclass, 'pg_class'),
                           obj_description('"Shop"."order"'::regclass, 'pg_class'),
                           col_description('"Shop"."order"'::regclass, 2),
                           obj_description('"Shop"."big orders"'::regclass, 'pg_class'),
                           obj_description(%s::regclass, 'pg_class')"""
                    .formatted(Literals.quote("public.\"" + RichCatalog.LONG_TABLE + "\"")));
            assertEquals(List.of(List.of(
                    "how it \"feels\"\nsecond line, it's fine",
                    "numbers 'select' uses",
                    "orders;\n-- not a comment",
                    "who 'ordered'",
                    "orders over 10",
                    "日本")), comments);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void hostileNameCreatesExactlyThatTableAndNothingElse(int major) {
        String hostile = "x\"; DROP TABLE y; --";
        var table = Table.of(hostile, List.of(Column.of("'); DROP TABLE y; --", RichCatalog.INTEGER)
                        .withComment(Optional.of("'; DROP TABLE y; --"))))
                .withComment(Optional.of("\\'; DROP TABLE y; --"));
        var catalog = new Catalog(List.of(Schema.named("public").withTables(List.of(table))));
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE y (id integer)");
            db.execute(CreateDdl.script(catalog));
            assertEquals(List.of(List.of(hostile), List.of("y")), db.query("""
                    SELECT c.relname FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'
                    ORDER BY 1"""));
            assertEquals(List.of(List.of("'); DROP TABLE y; --", "'; DROP TABLE y; --", "\\'; DROP TABLE y; --")),
                    db.query("""
                            SELECT a.attname, col_description(a.attrelid, a.attnum), obj_description(a.attrelid, 'pg_class')
                            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                            WHERE c.relname <> 'y' AND c.relnamespace = 'public'::regnamespace AND a.attnum > 0"""));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void hostileSchemaEnumSequenceAndViewNamesCreateExactlyThoseObjects(int major) {
        String hostile = "s\"; DROP TABLE y; --";
        var enumType = new EnumType(hostile, List.of("');--"), Optional.of("'); DROP TABLE y; --"));
        var sequence = new Sequence(hostile + "seq", RichCatalog.BIGINT, SequenceOptions.defaultsFor(RichCatalog.BIGINT),
                Optional.of(new Sequence.OwnedBy(hostile + "table", hostile)), Optional.empty());
        var table = Table.of(hostile + "table", List.of(Column.of(hostile, DataType.userDefined(hostile, hostile))));
        var view = new View(hostile + "view", "SELECT 1 AS one", Optional.empty());
        var schema = new Schema(hostile, List.of(enumType), List.of(sequence), List.of(table), List.of(view));
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE y (id integer)");
            db.execute(CreateDdl.script(new Catalog(List.of(schema))));
            assertEquals(List.of(
                    List.of("public", "y", "r"),
                    List.of(hostile, hostile + "seq", "S"),
                    List.of(hostile, hostile + "table", "r"),
                    List.of(hostile, hostile + "view", "v")), db.query("""
                    SELECT n.nspname, c.relname, c.relkind FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relkind IN ('r', 'v', 'S') AND n.nspname NOT IN ('pg_catalog', 'information_schema')
                    ORDER BY 1, 2"""));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void foreignKeyMayReferenceColumnsMadeUniqueByAnIndexAlone(int major) {
        var fk = new ForeignKey("child_code_fkey", List.of("code"), QualifiedName.of("public", "parent"), List.of("code"),
                ForeignKey.Action.NO_ACTION, ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE,
                Deferrability.NOT_DEFERRABLE);
        var parent = Table.of("parent", List.of(Column.of("code", RichCatalog.TEXT)))
                .withIndexes(List.of(new Index("parent_code_idx", true, false, "btree", List.of(IndexKey.column("code")),
                        List.of(), Optional.empty(), Map.of())));
        var child = Table.of("child", List.of(Column.of("code", RichCatalog.TEXT))).withForeignKeys(List.of(fk));
        var catalog = new Catalog(List.of(Schema.named("public").withTables(List.of(parent, child))));
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(catalog));
            assertEquals(List.of(List.of("FOREIGN KEY (code) REFERENCES parent(code)")), db.query(
                    "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'child_code_fkey'"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {18})
    void nullsNotDistinctUniqueConstraintAndIndex(int major) {
        var table = Table.of("t", List.of(Column.of("a", RichCatalog.INTEGER), Column.of("b", RichCatalog.INTEGER)))
                .withUniqueConstraints(List.of(new UniqueConstraint("t_a_key", List.of("a"), true, Deferrability.NOT_DEFERRABLE)))
                .withIndexes(List.of(new Index("t_b_idx", true, true, "btree", List.of(IndexKey.column("b")),
                        List.of(), Optional.empty(), Map.of())));
        var catalog = new Catalog(List.of(Schema.named("public").withTables(List.of(table))));
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(catalog));
            assertEquals(List.of(
                    List.of("UNIQUE NULLS NOT DISTINCT (a)"),
                    List.of("CREATE UNIQUE INDEX t_b_idx ON public.t USING btree (b) NULLS NOT DISTINCT")), db.query("""
                    SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 't_a_key'
                    UNION ALL SELECT pg_get_indexdef('t_b_idx'::regclass)"""));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void constraintsWithIdenticalIndexesAreAllCreated(int major) {
        var exclusion = new ExclusionConstraint.Element(IndexKey.column("b"), "=");
        var table = Table.of("t", List.of(Column.of("a", RichCatalog.INTEGER).withNullable(false), Column.of("b", RichCatalog.INTEGER)))
                .withPrimaryKey(Optional.of(new PrimaryKey("t_pk", List.of("a"))))
                .withUniqueConstraints(List.of(
                        new UniqueConstraint("a_again", List.of("a"), false, Deferrability.NOT_DEFERRABLE),
                        new UniqueConstraint("b_deferrable", List.of("b"), false, Deferrability.DEFERRABLE_INITIALLY_DEFERRED),
                        new UniqueConstraint("b_once", List.of("b"), false, Deferrability.NOT_DEFERRABLE),
                        new UniqueConstraint("b_twice", List.of("b"), false, Deferrability.NOT_DEFERRABLE)))
                .withExclusions(List.of(
                        new ExclusionConstraint("x_once", "btree", List.of(exclusion), Optional.empty(), Deferrability.NOT_DEFERRABLE),
                        new ExclusionConstraint("x_twice", "btree", List.of(exclusion), Optional.empty(), Deferrability.NOT_DEFERRABLE)));
        var catalog = new Catalog(List.of(Schema.named("public").withTables(List.of(table))));
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(catalog));
            assertEquals(List.of(
                    "a_again | UNIQUE (a)",
                    "b_deferrable | UNIQUE (b) DEFERRABLE INITIALLY DEFERRED",
                    "b_once | UNIQUE (b)",
                    "b_twice | UNIQUE (b)",
                    "t_pk | PRIMARY KEY (a)",
                    "x_once | EXCLUDE USING btree (b WITH =)",
                    "x_twice | EXCLUDE USING btree (b WITH =)"), column(db.query("""
                    SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
                    WHERE conrelid = 'public.t'::regclass AND contype <> 'n' ORDER BY conname""")));
        }
    }
}
