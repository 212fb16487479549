package dev.strata.plan.recipe;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.DualWrite;
import dev.strata.plan.Gate;
import dev.strata.plan.GateKind;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RenameColumnRecipeTest {

    /** The plan as it reads: each phase's gate, then its steps. */
    private static List<String> summaries(Plan plan) {
        return plan.phases().stream().flatMap(p -> java.util.stream.Stream.concat(
                p.gate().map(g -> g.id() + " " + g.title()).stream(),
                p.steps().stream().map(s -> s.id() + " " + s.summary()))).toList();
    }

    @Test
    void renamePlansAllFivePhasesInOrder() {
        Plan plan = UsersFixture.plan(UsersFixture.before(), UsersFixture.after(), 18);
        assertEquals(List.of(
                "expand-1 add column public.users.handle (new shape of public.users.username)",
                "expand-2 sync trigger keeping public.users.handle in step with username",
                "gate-dual-write deploy dual-write",
                "backfill-1 backfill public.users.handle from username",
                "backfill-2 build index users_handle_key on public.users for the new column",
                "gate-read-switch deploy read switch",
                "contract-1 add NOT VALID not-null constraint on public.users.handle",
                "contract-2 validate not null on public.users.handle",
                "contract-3 retire public.users.username: drop the sync trigger and the old column"), summaries(plan));
    }

    @Test
    void beforePostgres18NotNullGoesThroughAValidatedCheck() {
        Plan plan = UsersFixture.plan(UsersFixture.before(), UsersFixture.after(), 14);
        List<String> contract = plan.steps(Phase.CONTRACT).stream().map(Step::summary).toList();
        assertEquals(List.of(
                "add NOT VALID check that public.users.handle is not null",
                "validate check that public.users.handle is not null",
                "set not null on public.users.handle",
                "retire public.users.username: drop the sync trigger and the old column"), contract);
    }

    @Test
    void backfillCopiesTheOldColumnOnlyWhereTheNewOneDiffers() {
        Plan plan = UsersFixture.plan(UsersFixture.before(), UsersFixture.after(), 18);
        BackfillStep backfill = (BackfillStep) plan.steps(Phase.BACKFILL).get(0);
        assertEquals(List.of("id"), backfill.key());
        assertEquals(List.of(new BackfillStep.Assignment("handle", "username")), ((BackfillStep.Batch.Assign) backfill.batch()).assignments());
        assertEquals("handle IS DISTINCT FROM (username)", ((BackfillStep.Batch.Assign) backfill.batch()).pending());
    }

    @Test
    void theUniqueConstraintIsRebuiltOnTheNewColumnConcurrentlyAndAttachedByIndex() {
        Plan plan = UsersFixture.plan(UsersFixture.before(), UsersFixture.after(), 18);
        DdlStep build = (DdlStep) plan.steps(Phase.BACKFILL).get(1);
        assertEquals(List.of("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_handle_key ON public.users USING btree (handle)"), build.sql());
        assertFalse(build.transactional());
        DdlStep retire = (DdlStep) plan.steps(Phase.CONTRACT).get(2);
        assertTrue(retire.sql().contains("ALTER TABLE public.users ADD CONSTRAINT users_handle_key UNIQUE USING INDEX users_handle_key"),
                retire.sql().toString());
    }

    @Test
    void noStepBlocksTrafficWhileScanning() {
        Plan plan = UsersFixture.plan(UsersFixture.before(), UsersFixture.after(), 14);
        assertEquals(List.of(), plan.violations());
    }

    @Test
    void gatesTellTheApplicationWhatToDo() {
        Plan plan = UsersFixture.plan(UsersFixture.before(), UsersFixture.after(), 18);
        List<Gate> gates = plan.gates();
        assertEquals(List.of(GateKind.DEPLOY_DUAL_WRITE, GateKind.DEPLOY_READ_SWITCH), gates.stream().map(Gate::kind).toList());
        assertTrue(gates.get(0).instructions().get(0).contains("writes both public.users.username and public.users.handle"));
        assertTrue(gates.get(1).instructions().stream().anyMatch(i -> i.contains("reads public.users.handle")));
        assertEquals(DualWrite.Kind.RENAME_COLUMN, plan.dualWrites().get(0).kind());
    }

    @Test
    void aRenameAlreadyDoneIsNoChange() {
        assertTrue(UsersFixture.plan(UsersFixture.users("handle", java.util.Optional.empty()), UsersFixture.after(), 18).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void renameConvergesAndKeepsEveryValueWrittenDuringTheMigration(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(UsersFixture.before()));
            for (int i = 1; i <= 120; i++) {
                db.execute("INSERT INTO users (username, email) VALUES ('user" + i + "', 'u" + i + "@example.com')");
            }
            Plan plan = UsersFixture.plan(UsersFixture.before(), UsersFixture.after(), major);
            StepRunner.runPhase(db, plan, Phase.EXPAND);
            // The old application keeps writing only username after EXPAND.
            db.execute("INSERT INTO users (username, email) VALUES ('late', 'late@example.com')");
            db.execute("UPDATE users SET username = 'renamed7' WHERE username = 'user7'");
            StepRunner.runPhase(db, plan, Phase.BACKFILL);
            // The new application writes only handle after the read switch.
            db.execute("INSERT INTO users (handle, email) VALUES ('newapp', 'new@example.com')");
            StepRunner.runPhase(db, plan, Phase.CONTRACT);

            assertEquals(List.of(List.of("renamed7")), db.query("SELECT handle FROM users WHERE email = 'u7@example.com'"));
            assertEquals(List.of(List.of("late")), db.query("SELECT handle FROM users WHERE email = 'late@example.com'"));
            assertEquals(List.of(List.of("122")), db.query("SELECT count(DISTINCT handle) FROM users"));
            Catalog pulled;
            try (var c = db.connect()) {
                pulled = CatalogReader.read(c, List.of("public")).catalog();
            }
            Plan again = UsersFixture.plan(pulled, UsersFixture.after(), major);
            assertTrue(again.isEmpty(), () -> "re-plan should be empty but has " + again.changes());
        }
    }

    /**
     * Each step that runs outside a transaction (the CONCURRENTLY build, the backfill) run twice in a row
     * succeeds: a crash after its work and before its record makes the rerun do exactly that. No step is made to
     * fail halfway here; the executor's fault tests (FaultConvergenceTest) do that.
     */
    @Test
    void everyStepOutsideATransactionCanRunTwiceInARow() {
        try (TestDatabase db = TestPostgres.newDatabase()) {
            db.execute(CreateDdl.script(UsersFixture.before()));
            Plan plan = UsersFixture.plan(UsersFixture.before(), UsersFixture.after(), 18);
            for (Step step : plan.steps()) {
                StepRunner.run(db, step);
                if (!(step instanceof DdlStep ddl) || !ddl.transactional()) {
                    StepRunner.run(db, step);
                }
            }
            assertEquals("gate-dual-write", RecipeTesting.ids(plan).get(2));
        }
    }

    @Test
    void theRenamedColumnKeepsItsDeclaredComment() throws SQLException {
        Catalog commented = new Catalog(List.of(UsersFixture.after().schemas().get(0).withTables(List.of(
                UsersFixture.after().schemas().get(0).tables().get(0).withColumns(
                        UsersFixture.after().schemas().get(0).tables().get(0).columns().stream()
                                .map(c -> c.name().equals("handle") ? c.withComment(java.util.Optional.of("Shown as @handle")) : c)
                                .toList())))));
        try (TestDatabase db = TestPostgres.newDatabase()) {
            db.execute(CreateDdl.script(UsersFixture.before()));
            StepRunner.runAll(db, UsersFixture.plan(UsersFixture.before(), commented, 18));
            try (var c = db.connect()) {
                Plan again = UsersFixture.plan(CatalogReader.read(c, List.of("public")).catalog(), commented, 18);
                assertTrue(again.isEmpty(), () -> "re-plan should be empty but has " + again.changes());
            }
        }
    }
}
