package dev.strata.kinds;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.Trigger;
import dev.strata.model.UnmanagedObject;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.Step;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import dev.strata.yaml.SchemaWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Triggers, a kind managed as a whole: pulled, written, built, created, replaced and dropped on real servers. */
class TriggerKindTest {

    /** The differ's expression equality in production. */
    private static final java.util.function.BiPredicate<String, String> SAME =
            (live, declared) -> dev.strata.expr.Equivalence.same(live, declared, "public");

    /** Trigger functions are not managed here: the tests make them with plain SQL. */
    private static final String[] FUNCTIONS = {
            "CREATE FUNCTION public.touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated := now(); RETURN NEW; END$$",
            "CREATE FUNCTION public.audit() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$",
            "CREATE FUNCTION public.insert_total() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$"};

    private static final String ORDERS = """
            tables:
              orders:
                columns:
                  id: { type: bigint, nullable: false }
                  status: text
                  total: numeric
                  updated: timestamp with time zone
                primary_key: [id]
            """;

    private static Catalog yaml(String content) {
        return SchemaFiles.parse(Map.of("public/schema.yaml", content)).catalog();
    }

    private static Catalog read(TestDatabase db) throws SQLException {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        }
    }

    /**
     * As a project that declares its triggers but not their functions plans ({@code manage: { functions: false }}),
     * with the expression equality {@code plan} uses.
     */
    private static Plan plan(Catalog current, Catalog desired, int major) {
        var functions = java.util.Set.of("function");
        return Planner.plan(new PlanRequest(current.withoutKinds(functions), desired.withoutKinds(functions), major,
                Map.of(), "test", List.of(), (live, declared, schema) -> dev.strata.expr.Equivalence.same(live, declared, schema)));
    }

    private static List<String> sql(List<Step> steps) {
        return steps.stream().flatMap(s -> ((DdlStep) s).sql().stream()).toList();
    }

    private static List<List<String>> triggers(TestDatabase db) {
        return db.query("SELECT tgname, tgenabled::text, pg_get_triggerdef(oid) FROM pg_trigger WHERE NOT tgisinternal"
                + " AND tgconstraint = 0 ORDER BY tgname");
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void pulledTriggersAreWrittenBuiltAndPulledBackByteIdenticalAndPlanNothingAgainstTheirDatabase(int major)
            throws SQLException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase copy = TestPostgres.newDatabase(major)) {
            source.execute(CreateDdl.script(yaml(ORDERS + """
                    views:
                      order_totals: SELECT id, total FROM public.orders
                    """)));
            source.execute(FUNCTIONS);
            source.execute(
                    "CREATE TRIGGER touch BEFORE INSERT OR UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION public.touch()",
                    "CREATE TRIGGER status_audit AFTER UPDATE OF status, total ON orders FOR EACH ROW"
                            + " WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION public.audit('status', 'it''s')",
                    "CREATE TRIGGER inserted AFTER INSERT ON orders REFERENCING NEW TABLE AS new_rows"
                            + " FOR EACH STATEMENT EXECUTE FUNCTION public.audit()",
                    "CREATE TRIGGER \"Truncated\" AFTER TRUNCATE OR DELETE ON orders EXECUTE FUNCTION public.audit()",
                    "ALTER TABLE orders DISABLE TRIGGER \"Truncated\"",
                    "COMMENT ON TRIGGER \"Truncated\" ON orders IS 'kept for the archive job'",
                    "CREATE TRIGGER replicated AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION public.audit()",
                    "ALTER TABLE orders ENABLE REPLICA TRIGGER replicated",
                    "CREATE TRIGGER insert_total INSTEAD OF INSERT ON order_totals FOR EACH ROW"
                            + " EXECUTE FUNCTION public.insert_total()");
            Catalog pulled;
            List<UnmanagedObject> unmanaged;
            try (var c = source.connect()) {
                var read = CatalogReader.read(c, List.of("public"));
                pulled = read.catalog();
                unmanaged = read.unmanaged().stream().filter(u -> !u.kind().endsWith("function")).toList();
            }
            // Constraint triggers are triggers too (ConstraintTriggerKindTest).
            assertEquals(List.of(), unmanaged);
            var files = SchemaWriter.files(pulled);
            assertEquals("""
                    # strata:pulled — written by 'strata pull'; files without this line are never overwritten
                    schema: public
                    triggers:
                      order_totals.insert_total: {timing: instead of, events: [insert], for_each: row, function: public.insert_total}
                      orders.Truncated:
                        timing: after
                        events: [delete, truncate]
                        for_each: statement
                        function: public.audit
                        enabled: false
                        comment: kept for the archive job
                      orders.inserted:
                        timing: after
                        events: [insert]
                        for_each: statement
                        referencing: {new_table: new_rows}
                        function: public.audit
                      orders.replicated: {timing: after, events: [update], for_each: row, function: public.audit, enabled: replica}
                      orders.status_audit:
                        timing: after
                        events: [update]
                        update_of: [status, total]
                        for_each: row
                        when: (old.status IS DISTINCT FROM new.status)
                        function: public.audit
                        arguments: [status, it's]
                      orders.touch: {timing: before, events: [insert, update], for_each: row, function: public.touch}
                    """, files.get("public/_triggers.yaml"));
            Catalog parsed = SchemaFiles.parse(files).catalog();
            assertEquals(pulled, parsed);
            assertTrue(plan(pulled, parsed, major).isEmpty());
            // The functions are pulled too (functions are managed): CreateDdl makes them.
            copy.execute(CreateDdl.script(parsed));
            assertEquals(files, SchemaWriter.files(read(copy)));
            assertEquals(triggers(source), triggers(copy));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aTriggerOnANewTableIsCreatedAfterItInExpandSayingWritesRunItAndReplansEmpty(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(FUNCTIONS);
            Catalog desired = yaml(ORDERS + """
                    triggers:
                      orders.touch:
                        timing: before
                        events: [update]
                        update_of: [status]
                        for_each: row
                        when: NEW.status <> 'done' AND OLD.status IS DISTINCT FROM NEW.status
                        function: public.touch
                    """);
            Plan plan = plan(read(db), desired, major);
            List<Step> expand = plan.steps(Phase.EXPAND);
            assertEquals(List.of("create table public.orders", "create trigger touch on public.orders"),
                    expand.stream().map(Step::summary).toList());
            DdlStep create = (DdlStep) expand.get(1);
            assertEquals(List.of("CREATE TRIGGER touch BEFORE UPDATE OF status ON public.orders FOR EACH ROW WHEN (NEW.status"
                    + " <> 'done' AND OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION public.touch()"), create.sql());
            assertTrue(create.facts().stream().anyMatch(f -> f.contains("of the application running now too")),
                    create.facts().toString());
            assertEquals(List.of(new LockHold(new dev.strata.plan.LockTarget.Relation(QualifiedName.of("public", "orders")),
                    LockMode.SHARE_ROW_EXCLUSIVE, dev.strata.plan.TableWork.CATALOG_ONLY)), create.locks());
            StepRunner.runAll(db, plan);
            db.execute("INSERT INTO orders (id, status) VALUES (1, 'new')", "UPDATE orders SET status = 'paid'");
            assertEquals(List.of(List.of("t")), db.query("SELECT updated IS NOT NULL FROM orders"));
            assertTrue(plan(read(db), desired, major).isEmpty());
        }
    }

    /**
     * PostgreSQL prints a comparison of a varchar or domain column with casts ({@code (old.code)::text}, {@code
     * (new.qty)::bigint}) that the condition as written does not have; {@code plan --url} has the server print the
     * declared condition, so the trigger it built plans nothing.
     */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aConditionOnVarcharAndDomainColumnsAsWrittenPlansNothingAgainstTheTriggerItBuilt(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Map<String, String> files = Map.of("public/schema.yaml", """
                    domains:
                      quantity: { type: bigint, checks: { quantity_check: VALUE >= 0 } }
                    functions:
                      audit():
                        returns: trigger
                        language: plpgsql
                        body: BEGIN RETURN NEW; END
                    tables:
                      items:
                        columns:
                          id: integer
                          code: varchar(20)
                          qty: quantity
                    triggers:
                      items.changed:
                        timing: after
                        events: [update]
                        for_each: row
                        when: OLD.code IS DISTINCT FROM NEW.code OR OLD.qty <> NEW.qty
                        function: public.audit
                    """);
            Plan plan;
            try (Connection c = db.connect()) {
                plan = dev.strata.execute.PlanService.plan(c, SchemaFiles.parse(files), "test");
            }
            StepRunner.runAll(db, plan);
            assertTrue(triggers(db).toString().contains("(old.code)::text IS DISTINCT FROM (new.code)::text"),
                    triggers(db).toString());
            try (Connection c = db.connect()) {
                Plan again = dev.strata.execute.PlanService.plan(c, SchemaFiles.parse(files), "test");
                assertEquals(List.of(), again.steps().stream().map(Step::summary).toList());
            }
        }
    }

    /** A trigger belongs to its table, not to the name: a rename takes it along (IdempotenceProperties found it). */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aRenamedTableKeepsItsTriggersSoOnlyWhatChangedInThemIsPlanned(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(FUNCTIONS);
            db.execute("CREATE TABLE orders (id bigint NOT NULL PRIMARY KEY, status text, total numeric,"
                            + " updated timestamp with time zone)",
                    "CREATE TRIGGER touch BEFORE UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION public.touch()",
                    "CREATE TRIGGER audit AFTER UPDATE ON orders FOR EACH ROW EXECUTE FUNCTION public.audit()");
            Catalog desired = yaml(ORDERS.replace("  orders:\n", "  purchases:\n    renamed_from: orders\n") + """
                    triggers:
                      purchases.touch: {timing: before, events: [update], for_each: row, function: public.touch}
                      purchases.audit: {timing: after, events: [update, delete], for_each: row, function: public.audit}
                    """);
            Plan plan = plan(read(db), desired, major);
            assertEquals(List.of("CREATE OR REPLACE TRIGGER audit AFTER DELETE OR UPDATE ON public.purchases FOR EACH ROW"
                    + " EXECUTE FUNCTION public.audit()"), sql(plan.steps()).stream().filter(s -> s.contains("TRIGGER")).toList());
            StepRunner.runAll(db, plan);
            assertTrue(plan(read(db), desired, major).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aChangedTriggerIsReplacedInOneStepItsStateAloneIsAnAlterTableAndEachUndoPutsTheOldOneBack(int major)
            throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(yaml(ORDERS)));
            db.execute(FUNCTIONS);
            db.execute("CREATE TRIGGER touch BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION public.touch()",
                    "COMMENT ON TRIGGER touch ON orders IS 'stamps rows'");
            List<List<String>> before = triggers(db);
            Catalog original = read(db);
            Catalog changed = yaml(ORDERS + """
                    triggers:
                      orders.touch:
                        timing: before
                        events: [insert, update]
                        for_each: row
                        function: public.touch
                        arguments: [x]
                        enabled: false
                        comment: stamps rows
                    """);
            Plan plan = plan(original, changed, major);
            assertEquals(1, plan.steps().size());
            DdlStep replace = (DdlStep) plan.steps(Phase.EXPAND).getFirst();
            assertEquals(List.of("CREATE OR REPLACE TRIGGER touch BEFORE INSERT OR UPDATE ON public.orders FOR EACH ROW"
                    + " EXECUTE FUNCTION public.touch('x')", "ALTER TABLE public.orders DISABLE TRIGGER touch"), replace.sql());
            assertEquals(List.of("CREATE OR REPLACE TRIGGER touch BEFORE INSERT ON public.orders FOR EACH ROW"
                    + " EXECUTE FUNCTION public.touch()"), replace.inverseSql().orElseThrow());
            StepRunner.runAll(db, plan);
            assertTrue(plan(read(db), changed, major).isEmpty());
            assertEquals(List.of(List.of("stamps rows")),
                    db.query("SELECT obj_description(oid, 'pg_trigger') FROM pg_trigger WHERE tgname = 'touch'"));

            Catalog enabled = yaml(ORDERS + """
                    triggers:
                      orders.touch: {timing: before, events: [insert, update], for_each: row, function: public.touch,
                                     arguments: [x], enabled: always, comment: stamps rows}
                    """);
            Plan enable = plan(read(db), enabled, major);
            assertEquals(List.of("ALTER TABLE public.orders ENABLE ALWAYS TRIGGER touch"), sql(enable.steps()));
            DdlStep alter = (DdlStep) enable.steps().getFirst();
            assertEquals(List.of("ALTER TABLE public.orders DISABLE TRIGGER touch"), alter.inverseSql().orElseThrow());
            StepRunner.runAll(db, enable);
            assertTrue(plan(read(db), enabled, major).isEmpty());

            StepRunner.runDdl(db, alter.inverseSql().orElseThrow(), true);
            StepRunner.runDdl(db, replace.inverseSql().orElseThrow(), true);
            assertEquals(before, triggers(db));
            assertEquals(original, read(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aTriggerNoLongerDeclaredIsDroppedInContractBeforeTheColumnItNamesAndItsUndoCreatesItAgain(int major)
            throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(yaml(ORDERS)));
            db.execute(FUNCTIONS);
            db.execute("CREATE TRIGGER status_audit AFTER UPDATE OF status ON orders FOR EACH ROW"
                    + " EXECUTE FUNCTION public.audit()", "ALTER TABLE orders DISABLE TRIGGER status_audit");
            List<List<String>> before = triggers(db);
            Plan dropOnly = plan(read(db), yaml(ORDERS), major);
            assertEquals(List.of(), dropOnly.steps(Phase.EXPAND));
            DdlStep drop = (DdlStep) dropOnly.steps(Phase.CONTRACT).getFirst();
            assertEquals(List.of("DROP TRIGGER status_audit ON public.orders"), drop.sql());
            assertEquals(LockMode.ACCESS_EXCLUSIVE, drop.locks().getFirst().mode());
            assertTrue(dropOnly.gates().stream().anyMatch(g -> g.instructions().stream()
                    .anyMatch(i -> i.contains("trigger status_audit on public.orders"))), dropOnly.gates().toString());
            StepRunner.runAll(db, dropOnly);
            assertEquals(List.of(), triggers(db));
            StepRunner.runDdl(db, drop.inverseSql().orElseThrow(), true);
            assertEquals(before, triggers(db));

            Catalog withoutStatus = yaml("""
                    tables:
                      orders:
                        columns:
                          id: { type: bigint, nullable: false }
                          total: numeric
                          updated: timestamp with time zone
                        primary_key: [id]
                    """);
            Plan both = plan(read(db), withoutStatus, major);
            List<String> contract = both.steps(Phase.CONTRACT).stream().map(Step::summary).toList();
            int trigger = contract.indexOf("drop trigger status_audit on public.orders");
            int column = contract.stream().filter(s -> s.contains("status") && !s.contains("trigger")).findFirst()
                    .map(contract::indexOf).orElseThrow(() -> new AssertionError(contract.toString()));
            assertTrue(trigger >= 0 && trigger < column, contract.toString());
            StepRunner.runAll(db, both);
            assertTrue(plan(read(db), withoutStatus, major).isEmpty());
        }
    }

    /** A rename runs halfway (EXPAND): its sync trigger must be invisible to pull and to a plan made meanwhile. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void strataSyncTriggerOfARenameHalfwayIsNeitherPulledNorDroppedBesideAUserTrigger(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            String userTrigger = """
                    triggers:
                      orders.touch: {timing: before, events: [update], for_each: row, function: public.touch}
                    """;
            db.execute(FUNCTIONS);
            db.execute(CreateDdl.script(yaml(ORDERS + userTrigger)));
            Catalog renamed = yaml("""
                    tables:
                      orders:
                        columns:
                          id: { type: bigint, nullable: false }
                          state: { type: text, renamed_from: status }
                          total: numeric
                          updated: timestamp with time zone
                        primary_key: [id]
                    """ + userTrigger);
            Plan rename = plan(read(db), renamed, major);
            StepRunner.runPhase(db, rename, Phase.EXPAND);
            assertEquals(List.of(List.of("strata_sync_orders_state"), List.of("touch")),
                    db.query("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY tgname"));

            Catalog halfway;
            try (Connection c = db.connect()) {
                var read = CatalogReader.read(c, List.of("public"));
                halfway = read.catalog();
                assertEquals(List.of(), read.unmanaged().stream().filter(u -> !u.kind().endsWith("function")).toList());
            }
            assertEquals(List.of("orders.touch"), halfway.schema("public").orElseThrow().objects(Trigger.KIND).stream()
                    .map(o -> o.key()).toList());
            Plan meanwhile = plan(halfway, renamed, major);
            assertFalse(meanwhile.steps().stream().anyMatch(s -> s.summary().contains("drop trigger")),
                    meanwhile.steps().stream().map(Step::summary).toList().toString());
            assertFalse(SchemaWriter.files(halfway).getOrDefault("public/_triggers.yaml", "").contains("strata_sync"));
        }
    }

    /** The locks docs/locks.md#user-triggers states, read from pg_locks inside each statement's open transaction. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void triggerStatementsTakeTheLocksTheirStepsAnnounce(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(yaml(ORDERS)));
            db.execute(FUNCTIONS);
            Map<String, String> statements = new LinkedHashMap<>();
            statements.put("CREATE TRIGGER t AFTER UPDATE ON public.orders FOR EACH ROW EXECUTE FUNCTION public.audit()",
                    "ShareRowExclusiveLock");
            statements.put("CREATE OR REPLACE TRIGGER t AFTER INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION"
                    + " public.audit()", "ShareRowExclusiveLock");
            statements.put("ALTER TABLE public.orders DISABLE TRIGGER t", "ShareRowExclusiveLock");
            statements.put("ALTER TABLE public.orders ENABLE REPLICA TRIGGER t", "ShareRowExclusiveLock");
            statements.put("COMMENT ON TRIGGER t ON public.orders IS 'x'", "AccessShareLock");
            statements.put("DROP TRIGGER t ON public.orders", "AccessExclusiveLock,AccessShareLock");
            try (Connection c = db.connect()) {
                for (var e : statements.entrySet()) {
                    c.setAutoCommit(false);
                    try (var st = c.createStatement()) {
                        st.execute(e.getKey());
                        var rs = st.executeQuery("SELECT string_agg(mode, ',' ORDER BY mode) FROM pg_locks"
                                + " WHERE relation = 'public.orders'::regclass AND pid = pg_backend_pid()");
                        rs.next();
                        assertEquals(e.getValue(), rs.getString(1), e.getKey());
                    }
                    c.commit();
                }
            }
        }
    }

    @Test
    void mistakesInATriggerAreReportedAtTheirPlaceAllAtOnce() {
        var failure = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("t.yaml", """
                triggers:
                  orders:
                    timing: before
                    events: [insert]
                    for_each: row
                    function: public.touch
                  orders.a:
                    timing: sometimes
                    events: [insert, upsert, insert]
                    for_each: row
                    function: touch
                  orders.b:
                    events: [delete]
                    update_of: [status]
                    for_each: each
                    when: NEW.a > 0; DROP TABLE orders
                    function: public.touch
                    enabled: maybe
                """)));
        assertEquals(List.of(
                        "t.yaml:2:3: expected '<table>.<trigger name>' as the key of a trigger, e.g. 'orders.set_updated_at'",
                        "t.yaml:8:13: unknown trigger timing 'sometimes'; expected one of: before, after, instead of",
                        "t.yaml:9:22: unknown trigger event 'upsert'; expected one of: insert, delete, update, truncate; did you mean 'insert'?",
                        "t.yaml:9:30: event 'insert' is listed twice",
                        "t.yaml:11:15: expected the trigger function as schema.name, e.g. public.set_updated_at",
                        "t.yaml:13:5: trigger 'orders.b' needs timing",
                        "t.yaml:15:15: unknown for_each 'each'; expected one of: row, statement",
                        "t.yaml:16:11: when: ';' is not allowed in an expression",
                        "t.yaml:18:14: unknown enabled state 'maybe'; expected one of: true, false, replica, always"),
                failure.diagnostics().stream().map(Object::toString).toList());
    }

    @Test
    void aDeclaredConditionIsSatisfiedByPostgresqlsPrintOfItAndUpdateOfByTheSameColumnsInAnyOrder() {
        var declared = trigger(Optional.of("NEW.status <> 'done' AND OLD.total IS DISTINCT FROM NEW.total"),
                List.of("total", "status"));
        var printed = trigger(Optional.of("((new.status <> 'done'::text) AND (old.total IS DISTINCT FROM new.total))"),
                List.of("status", "total"));
        assertTrue(declared.satisfiedBy(printed, SAME));
        assertFalse(declared.satisfiedBy(trigger(Optional.of("(new.status <> 'paid'::text)"), List.of("status", "total")), SAME));
        assertFalse(declared.satisfiedBy(trigger(Optional.empty(), List.of("status", "total")), SAME));
        assertFalse(declared.satisfiedBy(printed.withEnabled(Trigger.Enabled.DISABLED), SAME));
    }

    /** The key joins two names of up to 63 bytes each; a table name with a dot is written with table:. */
    @Test
    void aKeyLongerThanOneNameAndATableNameWithADotReadBackAsWritten() {
        String table = "customer_subscription_invoices.v2";
        String name = "customer_subscription_invoices_set_updated_at_on_every_change";
        var trigger = new Trigger(QualifiedName.of("public", table), name, Trigger.Timing.BEFORE,
                List.of(Trigger.Event.UPDATE), List.of(), true, Optional.empty(), Optional.empty(), Optional.empty(),
                QualifiedName.of("public", "touch"), List.of("a,b", ""), Trigger.Enabled.ALWAYS, Optional.empty());
        Catalog catalog = dev.strata.testing.TestCatalogs.catalog(dev.strata.testing.TestCatalogs.pub()
                .withObjects(List.of(trigger)));
        var files = SchemaWriter.files(catalog);
        assertEquals("""
                # strata:pulled — written by 'strata pull'; files without this line are never overwritten
                schema: public
                triggers:
                  customer_subscription_invoices.v2.customer_subscription_invoices_set_updated_at_on_every_change:
                    table: customer_subscription_invoices.v2
                    timing: before
                    events: [update]
                    for_each: row
                    function: public.touch
                    arguments: ['a,b', '']
                    enabled: always
                """, files.get("public/_triggers.yaml"));
        assertEquals(catalog, SchemaFiles.parse(files).catalog());

        var failure = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("t.yaml",
                "triggers:\n  orders." + "x".repeat(64) + ": {timing: after, events: [insert], for_each: row,"
                        + " function: public.audit}\n")));
        assertEquals(List.of("t.yaml:2:3: name '" + "x".repeat(64) + "' is longer than 63 bytes; PostgreSQL would"
                + " truncate it to '" + "x".repeat(63) + "'"), failure.diagnostics().stream().map(Object::toString).toList());
    }

    private static Trigger trigger(Optional<String> when, List<String> updateOf) {
        return new Trigger(QualifiedName.of("public", "orders"), "t", Trigger.Timing.AFTER, List.of(Trigger.Event.UPDATE),
                updateOf, true, when, Optional.empty(), Optional.empty(), QualifiedName.of("public", "audit"), List.of(),
                Trigger.Enabled.ORIGIN, Optional.empty());
    }
}
