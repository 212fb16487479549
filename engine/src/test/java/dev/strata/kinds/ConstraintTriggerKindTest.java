package dev.strata.kinds;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import dev.strata.yaml.SchemaWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Constraint triggers ({@code CREATE CONSTRAINT TRIGGER}), managed with the triggers: pulled, built, changed, dropped. */
class ConstraintTriggerKindTest {

    private static Catalog yaml(String content) {
        return SchemaFiles.parse(Map.of("public/s.yaml", content)).catalog();
    }

    private static Catalog read(TestDatabase db) throws SQLException {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        }
    }

    private static Plan plan(Catalog current, Catalog desired, int major) {
        return Planner.plan(new PlanRequest(current, desired, major, Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL));
    }

    private static List<String> sql(Plan plan, Phase phase) {
        return plan.steps(phase).stream().flatMap(s -> ((DdlStep) s).sql().stream()).toList();
    }

    private static final String PRODUCTS = """
            functions:
              prevent_code_update():
                returns: trigger
                language: plpgsql
                body: |
                  BEGIN
                    IF OLD.code IS DISTINCT FROM NEW.code THEN
                      RAISE EXCEPTION 'Product code cannot be updated';
                    END IF;
                    RETURN NEW;
                  END;
            tables:
              products:
                columns:
                  id: integer
                  code: {type: text, nullable: false}
                primary_key: [id]
              audits:
                columns:
                  id: integer
                primary_key: [id]
            """;

    private static final String TRIGGER = """
            triggers:
              products.prevent_code_update_trigger:
                timing: after
                events: [update]
                for_each: row
                function: public.prevent_code_update
                constraint: true
            """;

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPulledConstraintTriggerIsWrittenBuiltAndPulledBackByteIdentical(int major) throws SQLException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase copy = TestPostgres.newDatabase(major)) {
            source.execute(CreateDdl.script(yaml(PRODUCTS)));
            source.execute("CREATE CONSTRAINT TRIGGER prevent_code_update_trigger AFTER UPDATE ON public.products"
                    + " FROM public.audits DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.prevent_code_update()",
                    "COMMENT ON TRIGGER prevent_code_update_trigger ON products IS 'codes are fixed'");
            Catalog pulled = read(source);
            var files = SchemaWriter.files(pulled);
            assertTrue(files.get("public/_triggers.yaml").contains("""
                        comment: codes are fixed
                        constraint: true
                        deferrable: initially deferred
                        from: public.audits
                    """), files.get("public/_triggers.yaml"));
            try (var c = source.connect()) {
                assertEquals(List.of(), CatalogReader.read(c, List.of("public")).unmanaged());
            }
            assertEquals(pulled, SchemaFiles.parse(files).catalog());
            copy.execute(CreateDdl.script(SchemaFiles.parse(files).catalog()));
            assertEquals(files, SchemaWriter.files(read(copy)));
            assertTrue(plan(read(source), SchemaFiles.parse(files).catalog(), major).isEmpty());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aConstraintTriggerIsCreatedInExpandChangedByDropAndCreateInOneStepAndDroppedInContract(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(yaml(PRODUCTS)));
            Catalog desired = yaml(PRODUCTS + TRIGGER);
            Plan create = plan(read(db), desired, major);
            assertEquals(List.of("CREATE CONSTRAINT TRIGGER prevent_code_update_trigger AFTER UPDATE ON public.products"
                    + " FOR EACH ROW EXECUTE FUNCTION public.prevent_code_update()"), sql(create, Phase.EXPAND));
            StepRunner.runAll(db, create);
            assertTrue(plan(read(db), desired, major).isEmpty());

            Catalog deferred = yaml(PRODUCTS + TRIGGER + "    deferrable: initially deferred\n");
            Plan change = plan(read(db), deferred, major);
            DdlStep step = (DdlStep) change.steps(Phase.EXPAND).getFirst();
            assertEquals(1, change.steps(Phase.EXPAND).size());
            assertEquals(List.of("DROP TRIGGER prevent_code_update_trigger ON public.products",
                    "CREATE CONSTRAINT TRIGGER prevent_code_update_trigger AFTER UPDATE ON public.products"
                            + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION public.prevent_code_update()"),
                    step.sql());
            StepRunner.runAll(db, change);
            assertTrue(plan(read(db), deferred, major).isEmpty());
            assertEquals("t", db.query("SELECT tginitdeferred::text FROM pg_trigger WHERE tgname = 'prevent_code_update_trigger'")
                    .getFirst().getFirst().substring(0, 1));
            StepRunner.runDdl(db, step.inverseSql().orElseThrow(), true);
            assertTrue(plan(read(db), desired, major).isEmpty());

            Plan drop = plan(read(db), yaml(PRODUCTS), major);
            assertEquals(List.of("DROP TRIGGER prevent_code_update_trigger ON public.products"), sql(drop, Phase.CONTRACT));
            StepRunner.runAll(db, drop);
            assertTrue(plan(read(db), yaml(PRODUCTS), major).isEmpty());
        }
    }

    /** The facts docs/locks.md#user-triggers states for constraint triggers, read from pg_locks in the open transaction. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void createConstraintTriggerTakesShareRowExclusiveOnItsTable(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major); var c = db.connect(); var st = c.createStatement()) {
            db.execute(CreateDdl.script(yaml(PRODUCTS)));
            c.setAutoCommit(false);
            st.execute("CREATE CONSTRAINT TRIGGER t AFTER UPDATE ON public.products FROM public.audits"
                    + " DEFERRABLE FOR EACH ROW EXECUTE FUNCTION public.prevent_code_update()");
            var rs = st.executeQuery("SELECT string_agg(relation::regclass::text || ' ' || mode, '; ' ORDER BY 1)"
                    + " FROM pg_locks WHERE pid = pg_backend_pid() AND locktype = 'relation'"
                    + " AND relation::regclass::text IN ('products', 'audits')");
            rs.next();
            assertEquals("audits AccessShareLock; products ShareRowExclusiveLock", rs.getString(1));
            c.rollback();
        }
    }

    @Test
    void yamlErrorsAreLocated() {
        var failure = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("public/t.yaml", """
                triggers:
                  t.before_check:
                    timing: before
                    events: [insert]
                    for_each: row
                    function: public.f
                    constraint: true
                  t.plain:
                    timing: after
                    events: [insert]
                    for_each: row
                    function: public.f
                    deferrable: true
                """)));
        assertEquals(List.of(
                "public/t.yaml:7:17: a constraint trigger is timing: after, for_each: row, without referencing",
                "public/t.yaml:13:17: deferrable applies only to a constraint trigger (constraint: true)"),
                failure.diagnostics().stream().map(Object::toString).toList());
    }
}
