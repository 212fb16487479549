package dev.strata.execute;

import dev.strata.model.QualifiedName;
import dev.strata.ddl.Saved;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.TableWork;
import dev.strata.plan.Undo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What an index build's phase counts, and the plain lines a long DDL step gives without a terminal. */
class ProgressLinesTest {

    private static IndexBuild build(String phase, long blocksDone, long blocksTotal, long tuplesDone, long tuplesTotal,
            long lockersDone, long lockersTotal) {
        return new IndexBuild(phase, blocksDone, blocksTotal, tuplesDone, tuplesTotal, lockersDone, lockersTotal);
    }

    @Test
    void eachPhaseCountsInItsOwnUnitAndIgnoresTheCountersEarlierPhasesLeft() {
        assertEquals(Optional.of(new IndexBuild.Counter("blocks", 50, 200)),
                build("building index: scanning table", 50, 200, 0, 0, 0, 0).counter());
        assertEquals(Optional.of(new IndexBuild.Counter("tuples", 5, 10)),
                build("building index: loading tuples in tree", 200, 200, 5, 10, 0, 0).counter());
        assertEquals(Optional.of(new IndexBuild.Counter("blocks", 3, 40)),
                build("index validation: scanning index", 3, 40, 10, 10, 0, 0).counter());
        assertEquals(Optional.of(new IndexBuild.Counter("transactions", 0, 2)),
                build("waiting for old snapshots", 40, 40, 10, 10, 0, 2).counter());
        assertEquals(Optional.empty(), build("building index: sorting live tuples", 200, 200, 0, 0, 0, 0).counter());
        assertEquals(Optional.empty(), build("building index: scanning table", 0, 0, 0, 0, 0, 0).counter());
        assertEquals(Optional.empty(), build("initializing", 0, 0, 0, 0, 0, 0).counter());
    }

    @Test
    void describeGivesThePhaseAndItsCount() {
        assertEquals("building index: scanning table, 1200 of 4425 blocks (27%)",
                build("building index: scanning table", 1200, 4425, 0, 0, 0, 0).describe());
        assertEquals("building index: sorting live tuples", build("building index: sorting live tuples", 9, 9, 0, 0, 0, 0).describe());
    }

    private static final DdlStep STEP = new DdlStep("expand-2", Phase.EXPAND, "create index items_tag_idx concurrently",
            List.of(new Saved("CREATE INDEX CONCURRENTLY items_tag_idx ON public.items (tag)")), false, List.of(new LockHold(QualifiedName.of("public", "items"), LockMode.SHARE_UPDATE_EXCLUSIVE,
            TableWork.SCAN)), Undo.nothing(), Optional.empty(), List.of());

    @Test
    void aLongStepLogsItsStartEachNewPhaseAndOtherwiseEveryPeriod() {
        List<String> lines = new ArrayList<>();
        AtomicLong now = new AtomicLong();
        LogProgress progress = new LogProgress(lines::add, 100, Duration.ofSeconds(10), now::get);
        IndexBuild scanning = build("building index: scanning table", 10, 100, 0, 0, 0, 0);

        progress.stepStarted(STEP);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        progress.stepRunning(STEP, Duration.ofSeconds(1), Optional.of(scanning));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        progress.stepRunning(STEP, Duration.ofSeconds(2), Optional.of(build("building index: scanning table", 20, 100, 0, 0, 0, 0)));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        progress.stepRunning(STEP, Duration.ofSeconds(12), Optional.of(build("building index: scanning table", 90, 100, 0, 0, 0, 0)));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        progress.stepRunning(STEP, Duration.ofSeconds(13), Optional.of(build("building index: sorting live tuples", 100, 100, 0, 0, 0, 0)));
        progress.stepEnded(STEP);

        assertEquals(List.of(
                "expand-2: running: create index items_tag_idx concurrently",
                "expand-2: building index: scanning table, 10 of 100 blocks (10%), 1 s so far",
                "expand-2: building index: scanning table, 90 of 100 blocks (90%), 12 s so far",
                "expand-2: building index: sorting live tuples, 13 s so far"), lines);
    }

    @Test
    void aStepWithoutAnIndexBuildSaysItStillRunsEveryPeriod() {
        List<String> lines = new ArrayList<>();
        AtomicLong now = new AtomicLong();
        LogProgress progress = new LogProgress(lines::add, 100, Duration.ofSeconds(10), now::get);

        progress.stepStarted(STEP);
        for (int second = 1; second <= 25; second++) {
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            progress.stepRunning(STEP, Duration.ofSeconds(second), Optional.empty());
        }

        assertEquals(List.of("expand-2: running: create index items_tag_idx concurrently",
                "expand-2: running, 10 s so far", "expand-2: running, 20 s so far"), lines);
    }

    @Test
    void onlyStepsThatTouchEveryRowOrRunOutsideATransactionAreWatched() {
        assertTrue(ProgressWatch.longRunning(STEP));
        DdlStep catalogOnly = new DdlStep("expand-1", Phase.EXPAND, "add column", List.of(new Saved("ALTER TABLE public.items ADD COLUMN n int")), true,
                List.of(new LockHold(QualifiedName.of("public", "items"), LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)),
                Undo.nothing(), Optional.empty(), List.of());
        assertFalse(ProgressWatch.longRunning(catalogOnly));
        DdlStep validate = new DdlStep("contract-1", Phase.CONTRACT, "validate", List.of(new Saved("ALTER TABLE public.items VALIDATE CONSTRAINT c")), true,
                List.of(new LockHold(QualifiedName.of("public", "items"), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)),
                Undo.nothing(), Optional.empty(), List.of());
        assertTrue(ProgressWatch.longRunning(validate));
    }
}
