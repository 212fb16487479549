package dev.strata.plan.recipe;

import dev.strata.ddl.Saved;
import dev.strata.ddl.Statement;
import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.ddl.SqlRender;
import dev.strata.render.JsonRenderer;
import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Deferrability;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.model.TakenNames;
import dev.strata.model.UniqueConstraint;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.Retention;
import dev.strata.plan.ShortNames;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.TableWork;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import dev.strata.plan.Gate;
import dev.strata.plan.GateKind;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.ColumnRecipeFixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropColumnRecipeTest {

    private static final Catalog BEFORE = catalog(table(Column.of("legacy", TEXT).withNullable(false)));
    private static final Catalog AFTER = catalog(table());

    @Test
    void aNotNullColumnWithoutDefaultLosesNotNullInExpandSoTheNewApplicationMayInsertWithoutIt() {
        Plan plan = plan(BEFORE, AFTER);
        assertEquals(List.of("expand-1", "gate-read-switch", "contract-1", "contract-2", "contract-3"), ids(plan));
        var loosen = step(plan, "expand-1");
        assertEquals(List.of("ALTER TABLE public.t ALTER COLUMN legacy DROP NOT NULL"), loosen.sql());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), loosen.locks());
        assertEquals(Optional.of(List.of("ALTER TABLE public.t ALTER COLUMN legacy SET NOT NULL")), loosen.inverseSql());
        assertEquals(List.of("ALTER TABLE public.t DROP COLUMN IF EXISTS legacy"), step(plan, "contract-3").sql());
    }

    @Test
    void aColumnOfATableWithAKeyIsCopiedIntoTheArchiveInBatchesThenDroppedWithoutDataLoss() {
        Plan plan = plan(BEFORE, AFTER);
        QualifiedName archived = QualifiedName.of("strata_archive", "public.t.legacy~" + token());
        DdlStep create = step(plan, "contract-1");
        assertEquals(List.of("CREATE SCHEMA IF NOT EXISTS strata_archive", "CREATE TABLE strata_archive.\"" + archived.name()
                + "\" (id bigint NOT NULL, legacy text, PRIMARY KEY (id))"), create.sql());
        assertEquals(List.of(new LockHold(archived, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), create.locks());

        BackfillStep copy = (BackfillStep) plan.steps().stream().filter(s -> s.id().equals("contract-2")).findFirst().orElseThrow();
        assertEquals(Phase.CONTRACT, copy.phase());
        assertEquals(List.of("id"), copy.key());
        assertEquals(new BackfillStep.Batch.Archive(archived, "legacy"), copy.batch());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_SHARE, TableWork.BATCHED_READS),
                new LockHold(archived, LockMode.ROW_EXCLUSIVE, TableWork.BATCHED_INSERTS)), copy.locks());

        DdlStep drop = step(plan, "contract-3");
        assertEquals(Optional.empty(), drop.dataLoss(), "kept, so not data loss");
        assertEquals(Optional.of(new Retention.KeptColumn(T, "legacy", archived, List.of("id"), "text", List.of(Stream.of(
                "ALTER TABLE public.t ADD CONSTRAINT t_legacy_strata_nn CHECK (legacy IS NOT NULL) NOT VALID",
                "ALTER TABLE public.t VALIDATE CONSTRAINT t_legacy_strata_nn",
                "ALTER TABLE public.t ALTER COLUMN legacy SET NOT NULL",
                "ALTER TABLE public.t DROP CONSTRAINT IF EXISTS t_legacy_strata_nn").<Statement>map(Saved::new).toList()))),
                drop.retains());
        assertTrue(drop.facts().stream().anyMatch(f -> f.startsWith("Values kept in strata_archive.\"" + archived.name()
                + "\" (id, legacy): recoverable until purged (docs/retention.md#dropped-columns)")), drop.facts().toString());
        assertEquals("ALTER TABLE public.t ADD COLUMN legacy text", drop.inverseSql().orElseThrow().get(0));
    }

    @Test
    void theUniqueIndexAndDefaultTheDropTakesAlongAreRebuiltOnlineByTheRestore() {
        Table withIndex = table(Column.of("email", TEXT).withDefault(Optional.of("'none'::text")))
                .withUniqueConstraints(List.of(new UniqueConstraint("t_email_key", List.of("email"), false, Deferrability.NOT_DEFERRABLE)))
                .withIndexes(List.of(new Index("t_name_email_idx", false, false, "btree",
                        List.of(IndexKey.column("name"), IndexKey.column("email")), List.of(), Optional.empty(), Map.of())));
        DdlStep drop = ddl(plan(catalog(withIndex), AFTER)).getLast();
        assertEquals(List.of(
                List.of("ALTER TABLE public.t ALTER COLUMN email SET DEFAULT ('none'::text)"),
                List.of("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS t_email_key ON public.t USING btree (email)",
                        "ALTER TABLE public.t ADD CONSTRAINT t_email_key UNIQUE USING INDEX t_email_key"),
                List.of("CREATE INDEX CONCURRENTLY IF NOT EXISTS t_name_email_idx ON public.t USING btree (name, email)")),
                ((Retention.KeptColumn) drop.retains().orElseThrow()).sql());
    }

    @Test
    void withoutAKeyOrWithTheColumnInEveryKeyOrWithDropNowTheColumnIsDestroyedAndThePlanSaysWhy() {
        Table noKey = Table.of("t", table(Column.of("legacy", TEXT)).columns());
        assertNotKept(plan(catalog(noKey), catalog(Table.of("t", table().columns()))),
                "table public.t has no primary key or unique constraint on NOT NULL columns to match the values back to their rows");

        Table keyed = Table.of("t", List.of(Column.of("a", BIGINT).withNullable(false), Column.of("b", BIGINT).withNullable(false)))
                .withPrimaryKey(Optional.of(new PrimaryKey("t_pkey", List.of("a", "b"))));
        Table without = Table.of("t", List.of(Column.of("a", BIGINT).withNullable(false)));
        assertNotKept(plan(catalog(keyed), catalog(without)),
                "it is part of every key of public.t, so its values could not be matched back to their rows");

        Plan dropNow = Planner.plan(new PlanRequest(BEFORE, AFTER, 18, Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL,
                TakenNames.none(), List.of(), true));
        assertNotKept(dropNow, "--drop-now asks for the column to be destroyed now");
    }

    @Test
    void aPlanThatKeepsAColumnReadsBackFromJsonAsTheSamePlan() {
        Table withIndex = table(Column.of("email", TEXT).withNullable(false))
                .withUniqueConstraints(List.of(new UniqueConstraint("t_email_key", List.of("email"), false, Deferrability.NOT_DEFERRABLE)));
        Plan plan = plan(catalog(withIndex), AFTER);
        String json = JsonRenderer.render(plan);
        assertTrue(json.contains("\"archive\""), json);
        assertEquals(plan, JsonRenderer.read(json));
    }

    private static void assertNotKept(Plan plan, String why) {
        DdlStep drop = ddl(plan).getLast();
        assertTrue(drop.sql().getLast().contains("DROP COLUMN"), drop.sql().toString());
        assertTrue(drop.dataLoss().isPresent(), "destroyed, so data loss");
        assertEquals(Optional.empty(), drop.retains());
        assertTrue(drop.facts().contains("Not kept in strata_archive: " + why + " (docs/retention.md#columns-not-kept)."),
                drop.facts().toString());
        assertTrue(plan.steps().stream().noneMatch(s -> s instanceof BackfillStep), "no copy");
    }

    private static String token() {
        return ShortNames.token(SqlRender.createTable(T, BEFORE.table(T).orElseThrow(), true) + "\nlegacy");
    }

    @Test
    void withoutABackfillTheOneDeployBeforeContractAsksWhatTheDualWriteGateWouldHave() {
        Plan plan = plan(BEFORE, AFTER);
        assertEquals(List.of(GateKind.DEPLOY_READ_SWITCH), plan.gates().stream().map(Gate::kind).toList());
        assertEquals(List.of("The application may stop writing public.t.legacy (EXPAND made it nullable).",
                "The application no longer reads or writes public.t.legacy (CONTRACT copies its values to strata_archive, then drops it)."),
                plan.gates().getFirst().instructions());
    }

    @Test
    void aColumnThatInsertsNeedNotNameKeepsItsNotNullUntilItIsDropped() {
        Catalog withDefault = catalog(table(Column.of("legacy", TEXT).withNullable(false).withDefault(Optional.of("'x'::text"))));
        assertEquals(List.of(), plan(withDefault, AFTER).steps(Phase.EXPAND));
        Catalog nullable = catalog(table(Column.of("legacy", TEXT)));
        assertEquals(List.of(), plan(nullable, AFTER).steps(Phase.EXPAND));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void afterExpandAnInsertWithoutTheColumnSucceedsAndTheOldValuesStayUntilContract(int major) {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(BEFORE), "INSERT INTO t SELECT g, 'n', 'l' || g FROM generate_series(1, 30) g");
            Plan plan = plan(BEFORE, AFTER, major);
            assertExpandReversible(db, plan);
            StepRunner.runPhase(db, plan, Phase.EXPAND);
            db.execute("INSERT INTO t (id, name) VALUES (100, 'new application')");
            assertEquals(List.of("30"), rows(db, "SELECT count(*) FROM t WHERE legacy = 'l' || id"));
            StepRunner.runPhase(db, plan, Phase.CONTRACT);
            assertConverged(db, AFTER);
        }
    }
}
