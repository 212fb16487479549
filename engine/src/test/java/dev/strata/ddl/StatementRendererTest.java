package dev.strata.ddl;

import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.Identity;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Each statement as PostgreSQL reads it; names that need quoting (reserved words, capitals, non-ASCII) are quoted. */
class StatementRendererTest {

    private static final DataType INTEGER = DataType.builtin("integer");
    private static final DataType BIGINT = DataType.builtin("bigint");
    private static final DataType TEXT = DataType.builtin("text");
    private static final QualifiedName ORDER = QualifiedName.of("Shop", "order");
    private static final QualifiedName PLAIN = QualifiedName.of("public", "items");

    private static String sql(Statement statement) {
        return StatementRenderer.render(statement);
    }

    @Test
    void schemasQuoteTheirNameAndCarryTheirExistenceGuard() {
        assertEquals("CREATE SCHEMA IF NOT EXISTS \"Shop\"", sql(new SchemaStatement.Create("Shop", true)));
        assertEquals("CREATE SCHEMA archive", sql(new SchemaStatement.Create("archive", false)));
        assertEquals("DROP SCHEMA IF EXISTS \"user\"", sql(new SchemaStatement.Drop("user", true)));
    }

    @Test
    void createTableListsColumnsAndConstraintsOnePerLine() {
        Table table = new Table("ignored", List.of(Column.of("id", INTEGER).withNullable(false), Column.of("Ünïcode", TEXT)),
                Optional.of(new PrimaryKey("order_pkey", List.of("id"))), List.of(), List.of(),
                List.of(new CheckConstraint("positive", "id > 0", false)), List.of(), List.of(), Optional.empty(), Optional.empty());
        assertEquals("""
                CREATE TABLE "Shop"."order" (
                    id integer NOT NULL,
                    "Ünïcode" text,
                    CONSTRAINT order_pkey PRIMARY KEY (id),
                    CONSTRAINT positive CHECK (id > 0)
                )""", sql(new TableStatement.Create(ORDER, table, false)));
    }

    @Test
    void aTableWithoutColumnsIsEmptyParentheses() {
        Table table = new Table("t", List.of(), Optional.empty(), List.of(), List.of(), List.of(), List.of(), List.of(),
                Optional.empty(), Optional.empty());
        assertEquals("CREATE TABLE public.items ()", sql(new TableStatement.Create(PLAIN, table, true)));
    }

    @Test
    void aKeeperTableIsOneLineWithAnUnnamedPrimaryKey() {
        assertEquals("CREATE TABLE strata_archive.\"x~1\" (id integer NOT NULL, \"Note\" text, PRIMARY KEY (id))",
                sql(new TableStatement.CreateKeeper(QualifiedName.of("strata_archive", "x~1"),
                        List.of(Column.of("id", INTEGER).withNullable(false), Column.of("Note", TEXT)), List.of("id"))));
    }

    @Test
    void oneAlterTableCarriesSeveralActionsSeparatedByCommas() {
        assertEquals("ALTER TABLE \"Shop\".\"order\" ADD COLUMN IF NOT EXISTS \"select\" text, DROP COLUMN IF EXISTS old",
                sql(new TableStatement.Alter(ORDER, List.of(new TableAction.AddColumn(Column.of("select", TEXT), true),
                        new TableAction.DropColumn("old", true)))));
    }

    @Test
    void tableActions() {
        assertEquals("ALTER TABLE public.items DROP COLUMN a", sql(TableStatement.Alter.of(PLAIN, new TableAction.DropColumn("a", false))));
        assertEquals("ALTER TABLE public.items RENAME COLUMN a TO \"B\"",
                sql(TableStatement.Alter.of(PLAIN, new TableAction.RenameColumn("a", "B"))));
        assertEquals("ALTER TABLE public.items DROP CONSTRAINT IF EXISTS \"check\"",
                sql(TableStatement.Alter.of(PLAIN, new TableAction.DropConstraint("check", true))));
        assertEquals("ALTER TABLE public.items VALIDATE CONSTRAINT c",
                sql(TableStatement.Alter.of(PLAIN, new TableAction.ValidateConstraint("c"))));
        assertEquals("ALTER TABLE public.items RENAME CONSTRAINT c TO d",
                sql(TableStatement.Alter.of(PLAIN, new TableAction.RenameConstraint("c", "d"))));
        assertEquals("ALTER TABLE public.items RENAME TO \"Items\"", sql(TableStatement.Alter.of(PLAIN, new TableAction.RenameTo("Items"))));
        assertEquals("ALTER TABLE public.items SET SCHEMA strata_archive",
                sql(TableStatement.Alter.of(PLAIN, new TableAction.SetSchema("strata_archive"))));
        assertEquals("DROP TABLE IF EXISTS public.items", sql(new TableStatement.Drop(PLAIN, true)));
        assertEquals("LOCK TABLE public.items IN ACCESS EXCLUSIVE MODE", sql(new TableStatement.LockExclusive(PLAIN)));
    }

    @Test
    void constraintsAreAddedNotValidOnlyWhenAsked() {
        var fk = new ForeignKey("fk", List.of("a"), QualifiedName.of("s", "t"), List.of("id"),
                ForeignKey.Action.NO_ACTION, ForeignKey.Action.CASCADE, ForeignKey.Match.SIMPLE, Deferrability.NOT_DEFERRABLE);
        assertEquals("ALTER TABLE public.items ADD CONSTRAINT fk FOREIGN KEY (a) REFERENCES s.t (id) ON UPDATE CASCADE NOT VALID",
                sql(TableStatement.Alter.of(PLAIN, new TableAction.AddConstraint(new ConstraintClause.Foreign(fk), true))));
        assertEquals("ALTER TABLE public.items ADD CONSTRAINT nn NOT NULL \"Col\" NOT VALID",
                sql(TableStatement.Alter.of(PLAIN, new TableAction.AddConstraint(new ConstraintClause.NotNull("nn", "Col"), true))));
        assertEquals("ALTER TABLE public.items ADD CONSTRAINT u UNIQUE USING INDEX u DEFERRABLE INITIALLY DEFERRED",
                sql(TableStatement.Alter.of(PLAIN, new TableAction.AddConstraint(
                        new ConstraintClause.UsingIndex("u", false, "u", Deferrability.DEFERRABLE_INITIALLY_DEFERRED), false))));
        assertEquals("ALTER TABLE public.items ADD CONSTRAINT \"Pk\" PRIMARY KEY USING INDEX \"Pk\"",
                sql(TableStatement.Alter.of(PLAIN, new TableAction.AddConstraint(
                        new ConstraintClause.UsingIndex("Pk", true, "Pk", Deferrability.NOT_DEFERRABLE), false))));
    }

    @Test
    void columnActions() {
        assertEquals("ALTER TABLE public.items ALTER COLUMN \"Qty\" SET DEFAULT (0)",
                sql(TableStatement.Alter.column(PLAIN, "Qty", new ColumnAction.SetDefault("0"))));
        assertEquals("ALTER TABLE public.items ALTER COLUMN a DROP DEFAULT", sql(TableStatement.Alter.column(PLAIN, "a", new ColumnAction.DropDefault())));
        assertEquals("ALTER TABLE public.items ALTER COLUMN a SET NOT NULL", sql(TableStatement.Alter.column(PLAIN, "a", new ColumnAction.SetNotNull())));
        assertEquals("ALTER TABLE public.items ALTER COLUMN a DROP NOT NULL", sql(TableStatement.Alter.column(PLAIN, "a", new ColumnAction.DropNotNull())));
        assertEquals("ALTER TABLE public.items ALTER COLUMN a TYPE text COLLATE \"C\"",
                sql(TableStatement.Alter.column(PLAIN, "a", new ColumnAction.SetType(TEXT, Optional.of("C"), Optional.empty()))));
        assertEquals("ALTER TABLE public.items ALTER COLUMN a TYPE bigint USING (a::bigint)",
                sql(TableStatement.Alter.column(PLAIN, "a", new ColumnAction.SetType(BIGINT, Optional.empty(), Optional.of("a::bigint")))));
        assertEquals("ALTER TABLE public.items ALTER COLUMN id ADD GENERATED ALWAYS AS IDENTITY",
                sql(TableStatement.Alter.column(PLAIN, "id", new ColumnAction.AddIdentity(
                        new Identity(Identity.Generation.ALWAYS, SequenceOptions.defaultsFor(BIGINT)), BIGINT))));
        assertEquals("ALTER TABLE public.items ALTER COLUMN id SET GENERATED BY DEFAULT SET INCREMENT BY 2 SET NO CYCLE",
                sql(TableStatement.Alter.column(PLAIN, "id", new ColumnAction.SetIdentity(Optional.of(Identity.Generation.BY_DEFAULT),
                        List.of(new SequenceOption.IncrementBy(2), new SequenceOption.Cycle(false))))));
        assertEquals("ALTER TABLE public.items ALTER COLUMN id DROP IDENTITY IF EXISTS",
                sql(TableStatement.Alter.column(PLAIN, "id", new ColumnAction.DropIdentity(true))));
        assertEquals("ALTER TABLE public.items ALTER COLUMN g SET EXPRESSION AS (a + 1)",
                sql(TableStatement.Alter.column(PLAIN, "g", new ColumnAction.SetExpression("a + 1"))));
        assertEquals("ALTER TABLE public.items ALTER COLUMN g DROP EXPRESSION IF EXISTS",
                sql(TableStatement.Alter.column(PLAIN, "g", new ColumnAction.DropExpression(true))));
    }

    @Test
    void indexOptionsAreFieldsInPostgresOrder() {
        Index index = new Index("Idx", true, false, "btree", List.of(IndexKey.column("a")), List.of(), Optional.empty(), Map.of());
        assertEquals("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS \"Idx\" ON public.items USING btree (a)",
                sql(new IndexStatement.Create(PLAIN, index, true, true)));
        assertEquals("CREATE UNIQUE INDEX \"Idx\" ON public.items USING btree (a)", sql(new IndexStatement.Create(PLAIN, index, false, false)));
        assertEquals("DROP INDEX CONCURRENTLY IF EXISTS public.\"Idx\"", sql(new IndexStatement.Drop(QualifiedName.of("public", "Idx"), true, true)));
        assertEquals("DROP INDEX public.i", sql(new IndexStatement.Drop(QualifiedName.of("public", "i"), false, false)));
        assertEquals("ALTER INDEX IF EXISTS public.i RENAME TO \"order\"",
                sql(new IndexStatement.Rename(QualifiedName.of("public", "i"), "order", true)));
    }

    @Test
    void sequences() {
        QualifiedName seq = QualifiedName.of("public", "Seq");
        Sequence sequence = new Sequence("Seq", INTEGER, new SequenceOptions(10, 2, 1, Integer.MAX_VALUE, 1, false),
                Optional.empty(), Optional.empty());
        assertEquals("CREATE SEQUENCE IF NOT EXISTS public.\"Seq\" AS integer INCREMENT BY 2 START WITH 10",
                sql(new SequenceStatement.Create(seq, sequence, true)));
        assertEquals("ALTER SEQUENCE public.\"Seq\" AS bigint MAXVALUE 5 CYCLE",
                sql(new SequenceStatement.Alter(seq, List.of(new SequenceOption.As(BIGINT), new SequenceOption.MaxValue(5),
                        new SequenceOption.Cycle(true)))));
        assertEquals("ALTER SEQUENCE public.\"Seq\" OWNED BY public.items.\"Id\"",
                sql(SequenceStatement.Alter.ownedBy(seq, Optional.of(new Sequence.OwnedBy("items", "Id")))));
        assertEquals("ALTER SEQUENCE public.\"Seq\" OWNED BY NONE", sql(SequenceStatement.Alter.ownedBy(seq, Optional.empty())));
        assertEquals("DROP SEQUENCE IF EXISTS public.\"Seq\"", sql(new SequenceStatement.Drop(seq, true)));
    }

    @Test
    void enumLabelsAreLiterals() {
        QualifiedName mood = QualifiedName.of("public", "Mood");
        assertEquals("CREATE TYPE public.\"Mood\" AS ENUM ('it''s', 'ok')",
                sql(new TypeStatement.CreateEnum(mood, List.of("it's", "ok"))));
        assertEquals("ALTER TYPE public.\"Mood\" ADD VALUE IF NOT EXISTS 'new' BEFORE 'ok'",
                sql(new TypeStatement.AddEnumValue(mood, "new", true, Optional.of(new TypeStatement.Placement(true, "ok")))));
        assertEquals("ALTER TYPE public.\"Mood\" ADD VALUE 'last'", sql(new TypeStatement.AddEnumValue(mood, "last", false, Optional.empty())));
        assertEquals("DROP TYPE IF EXISTS public.\"Mood\"", sql(new TypeStatement.Drop(mood, true)));
    }

    @Test
    void views() {
        QualifiedName view = QualifiedName.of("public", "v");
        assertEquals("CREATE VIEW public.v AS\nSELECT 1", sql(new ViewStatement.Create(view, "  SELECT 1 ;; ")));
        assertEquals("CREATE VIEW public.v AS SELECT id, \"Total\" FROM \"Shop\".\"order\"",
                sql(new ViewStatement.CreateOver(view, ORDER, List.of("id", "Total"))));
        assertEquals("DROP VIEW IF EXISTS public.v", sql(new ViewStatement.Drop(view, true)));
    }

    @Test
    void commentsQuoteTheirTextOrRemoveIt() {
        assertEquals("COMMENT ON COLUMN \"Shop\".\"order\".\"from\" IS 'it''s'", sql(CommentOn.column(ORDER, "from", Optional.of("it's"))));
        assertEquals("COMMENT ON TABLE public.items IS NULL", sql(CommentOn.table(PLAIN, Optional.empty())));
        assertEquals("COMMENT ON FUNCTION public.f() IS 'x'",
                sql(new CommentOn(new CommentOn.Target.Function(QualifiedName.of("public", "f")), Optional.of("x"))));
    }

    @Test
    void syncTriggerStatements() {
        QualifiedName function = QualifiedName.of("public", "strata_sync_items_b");
        assertEquals("CREATE OR REPLACE FUNCTION public.strata_sync_items_b() RETURNS trigger LANGUAGE plpgsql AS $strata$\nBEGIN\n"
                        + "  NEW.b := NEW.a;\n  RETURN NEW;\nEND\n$strata$",
                sql(new TriggerStatement.CreateFunction(function, "  NEW.b := NEW.a;")));
        assertEquals("CREATE OR REPLACE TRIGGER strata_sync_items_b BEFORE INSERT OR UPDATE ON public.items FOR EACH ROW"
                + " EXECUTE FUNCTION public.strata_sync_items_b()", sql(new TriggerStatement.CreateTrigger("strata_sync_items_b", PLAIN, function)));
        assertEquals("DROP TRIGGER IF EXISTS t ON public.items", sql(new TriggerStatement.DropTrigger("t", PLAIN, true)));
        assertEquals("DROP FUNCTION IF EXISTS public.strata_sync_items_b()", sql(new TriggerStatement.DropFunction(function, true)));
    }

    @Test
    void dataStatements() {
        String identityOfOrderId = "(SELECT d.objid::regclass FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid"
                + " AND a.attnum = d.refobjsubid WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass"
                + " AND d.refobjid = '\"Shop\".\"order\"'::regclass AND a.attname = 'Id' AND d.deptype = 'i')";
        assertEquals("SELECT setval(" + identityOfOrderId + ", max(\"Id\")) FROM \"Shop\".\"order\"",
                sql(new DataStatement.ContinueIdentityAfterMax(ORDER, "Id")));
        assertEquals("SELECT setval((SELECT d.objid::regclass FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid"
                        + " AND a.attnum = d.refobjsubid WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass"
                        + " AND d.refobjid = 'public.items'::regclass AND a.attname = 'id' AND d.deptype = 'i'), last_value, is_called)"
                        + " FROM public.tmp",
                sql(new DataStatement.ContinueIdentityFrom(PLAIN, "id", QualifiedName.of("public", "tmp"))));
        assertEquals("UPDATE public.items AS t SET c = a.c FROM strata_archive.k AS a WHERE t.id = a.id AND t.\"Part\" = a.\"Part\"",
                sql(new DataStatement.CopyBack(PLAIN, "c", QualifiedName.of("strata_archive", "k"), List.of("id", "Part"))));
        assertEquals("DO $strata$\nBEGIN\n  IF EXISTS (SELECT 1 FROM public.items) THEN\n    RAISE EXCEPTION USING ERRCODE ="
                        + " 'object_not_in_prerequisite_state', MESSAGE = 'not empty';\n  END IF;\nEND\n$strata$",
                sql(new DataStatement.RequireEmpty(PLAIN, "not empty")));
    }

    @Test
    void aSavedStatementIsItsTextVerbatim() {
        assertEquals("create index concurrently \"x\" on t (a)", sql(new Saved("create index concurrently \"x\" on t (a)")));
    }
}
