package dev.strata.ddl;

import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every kind of statement, rendered, runs on a real server under names that need quoting, and again where it is guarded. */
class StatementRendererDatabaseTest {

    private static final DataType INTEGER = DataType.builtin("integer");
    private static final String SCHEMA = "Shop Ü";
    private static final QualifiedName TABLE = QualifiedName.of(SCHEMA, "user");
    private static final QualifiedName SEQUENCE = QualifiedName.of(SCHEMA, "order");
    private static final QualifiedName TYPE = QualifiedName.of(SCHEMA, "Mood");
    private static final QualifiedName VIEW = QualifiedName.of(SCHEMA, "select");
    private static final QualifiedName FUNCTION = QualifiedName.of(SCHEMA, "Sync Fn");

    private static void run(TestDatabase db, Statement... statements) {
        db.execute(StatementRenderer.render(List.of(statements)).toArray(String[]::new));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void everyKindRunsAndTheGuardedOnesRunTwice(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Table table = new Table("ignored", List.of(Column.of("select", INTEGER).withNullable(false), Column.of("Ünï", INTEGER)),
                    Optional.of(new PrimaryKey("user pk", List.of("select"))), List.of(), List.of(), List.of(), List.of(), List.of(),
                    Optional.empty(), Optional.empty());
            Index index = new Index("Idx", true, false, "btree", List.of(IndexKey.column("Qty")), List.of(), Optional.empty(), Map.of());
            Statement addColumn = TableStatement.Alter.of(TABLE, new TableAction.AddColumn(Column.of("Qty", INTEGER), true));
            Statement createIndex = new IndexStatement.Create(TABLE, index, true, true);
            run(db, new SchemaStatement.Create(SCHEMA, true), new SchemaStatement.Create(SCHEMA, true),
                    new TypeStatement.CreateEnum(TYPE, List.of("ok", "it's")),
                    new TypeStatement.AddEnumValue(TYPE, "new", true, Optional.of(new TypeStatement.Placement(true, "ok"))),
                    new TypeStatement.AddEnumValue(TYPE, "new", true, Optional.empty()),
                    new SequenceStatement.Create(SEQUENCE, new Sequence("order", INTEGER, new SequenceOptions(10, 2, 1, 1000, 1, false),
                            Optional.empty(), Optional.empty()), true),
                    new TableStatement.Create(TABLE, table, false),
                    addColumn, addColumn,
                    new TableStatement.Alter(TABLE, List.of(new TableAction.AlterColumn("Qty", new ColumnAction.SetDefault("0")),
                            new TableAction.AlterColumn("Qty", new ColumnAction.SetNotNull()))),
                    createIndex, createIndex,
                    new IndexStatement.Rename(QualifiedName.of(SCHEMA, "Idx"), "Order Idx", true),
                    new SequenceStatement.Alter(SEQUENCE, List.of(new SequenceOption.MaxValue(5000), new SequenceOption.Cycle(true))),
                    SequenceStatement.Alter.ownedBy(SEQUENCE, Optional.of(new Sequence.OwnedBy("user", "Qty"))),
                    new ViewStatement.Create(VIEW, "SELECT \"select\" FROM \"Shop Ü\".\"user\";"),
                    CommentOn.column(TABLE, "select", Optional.of("it's")),
                    new TriggerStatement.CreateFunction(FUNCTION, "  NEW.\"Ünï\" := NEW.\"select\";"),
                    new TriggerStatement.CreateTrigger("Sync", TABLE, FUNCTION),
                    new TriggerStatement.CreateTrigger("Sync", TABLE, FUNCTION),
                    new DataStatement.RequireEmpty(TABLE, "not empty"));
            db.execute("BEGIN", new TableStatement.LockExclusive(TABLE).sql(), "COMMIT");
            db.execute("INSERT INTO \"Shop Ü\".\"user\" (\"select\") VALUES (7)");

            assertEquals(List.of(List.of("7", "7", "0")), db.query("SELECT \"select\", \"Ünï\", \"Qty\" FROM \"Shop Ü\".\"select\""
                    + " JOIN \"Shop Ü\".\"user\" USING (\"select\")"));
            assertEquals(List.of(List.of("new"), List.of("ok"), List.of("it's")),
                    db.query("SELECT unnest(enum_range(NULL::\"Shop Ü\".\"Mood\"))::text"));
            assertEquals(List.of(List.of("Order Idx", "user", "5000", "t", "it's")), db.query("""
                    SELECT i.relname, t.relname, s.seqmax, s.seqcycle, col_description(t.oid, 1)
                    FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
                    CROSS JOIN pg_sequence s WHERE s.seqrelid = '"Shop Ü"."order"'::regclass AND NOT x.indisprimary
                    AND t.oid = '"Shop Ü"."user"'::regclass"""));

            run(db, new TriggerStatement.DropTrigger("Sync", TABLE, true), new TriggerStatement.DropTrigger("Sync", TABLE, true),
                    new TriggerStatement.DropFunction(FUNCTION, true), new TriggerStatement.DropFunction(FUNCTION, true),
                    new ViewStatement.Drop(VIEW, true), new ViewStatement.Drop(VIEW, true),
                    new IndexStatement.Drop(QualifiedName.of(SCHEMA, "Order Idx"), true, true),
                    new IndexStatement.Drop(QualifiedName.of(SCHEMA, "Order Idx"), true, true),
                    TableStatement.Alter.of(TABLE, new TableAction.DropColumn("Qty", true)),
                    new SequenceStatement.Drop(SEQUENCE, true),
                    new TableStatement.Drop(TABLE, true), new TableStatement.Drop(TABLE, true),
                    new TypeStatement.Drop(TYPE, true), new SchemaStatement.Drop(SCHEMA, true), new SchemaStatement.Drop(SCHEMA, true));
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM pg_namespace WHERE nspname = 'Shop Ü'"));
        }
    }
}
