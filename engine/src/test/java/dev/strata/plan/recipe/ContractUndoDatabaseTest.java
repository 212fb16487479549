package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.Identity;
import dev.strata.model.Identity.Generation;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.SequenceOptions;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.strata.plan.recipe.ColumnRecipeFixtures.*;
import static dev.strata.testing.TestCatalogs.*;
import static org.junit.jupiter.api.Assertions.*;

/** CONTRACT steps that used to say "cannot be undone" are undone by their inverses, run back in reverse. */
class ContractUndoDatabaseTest {

    private static final SequenceOptions DEFAULTS = SequenceOptions.defaultsFor(BIGINT);
    private static final Index REF_INDEX = new Index("t_ref_idx", false, false, "btree", List.of(IndexKey.column("ref")),
            List.of(), Optional.empty(), Map.of());

    private static Column identity(Generation generation) {
        return Column.of("ref", BIGINT).withNullable(false).withIdentity(Optional.of(new Identity(generation, DEFAULTS)));
    }

    private static void runThenUndo(int major, Catalog before, Catalog after) {
        runThenUndo(major, before, after, "INSERT INTO t SELECT g, 'n' || g, g FROM generate_series(1, 30) g");
    }

    private static void runThenUndo(int major, Catalog before, Catalog after, String rows) {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(before), rows);
            Catalog original = pull(db);
            Plan plan = plan(before, after, major);
            StepRunner.runAll(db, plan);
            assertConverged(db, after);
            for (Step step : plan.steps().reversed()) {
                if (step instanceof DdlStep d) {
                    StepRunner.runDdl(db, d.inverseSql().orElseThrow(() -> new AssertionError(d.id() + ": " + d.undo())),
                            d.transactional());
                }
            }
            assertEquals(original, pull(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void addingAnIdentityIsUndoneByDroppingIt(int major) {
        runThenUndo(major, catalog(table(Column.of("ref", BIGINT).withNullable(false)).withIndexes(List.of(REF_INDEX))),
                catalog(table(identity(Generation.BY_DEFAULT)).withIndexes(List.of(REF_INDEX))));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void switchingAnIdentityToAlwaysIsUndoneBySwitchingItBack(int major) {
        runThenUndo(major, catalog(table(identity(Generation.BY_DEFAULT))), catalog(table(identity(Generation.ALWAYS))));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void droppingTheTriggerThatFilledNullWritesIsUndoneByCreatingItAgain(int major) {
        runThenUndo(major, catalog(table(Column.of("email", TEXT))),
                catalog(table(Column.of("email", TEXT).withNullable(false).withBackfill(Optional.of("name || '@unknown'")))),
                "INSERT INTO t SELECT g, 'n' || g, CASE WHEN g % 2 = 0 THEN 'kept' END FROM generate_series(1, 30) g");
    }
}
