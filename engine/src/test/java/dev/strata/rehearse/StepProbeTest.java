package dev.strata.rehearse;

import dev.strata.execute.StepListener;
import dev.strata.plan.LockMode;
import dev.strata.plan.Step;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static dev.strata.rehearse.RehearseFixture.ITEMS;
import static dev.strata.rehearse.RehearseFixture.createItems;
import static dev.strata.rehearse.RehearseFixture.only;
import static dev.strata.rehearse.RehearseFixture.rehearse;
import static dev.strata.rehearse.RehearseFixture.saved;
import static dev.strata.rehearse.RehearseFixture.step;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Steps of real plans run by the executor on PG 14 and 18, measured by the probe. */
class StepProbeTest {

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aVolatileDefaultRewritesTheTableUnderAccessExclusiveWhileANullableColumnIsMetadataOnly(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createItems(db, 10_000);
            List<StepMeasurement> measured = rehearse(db, saved(db, List.<Step>of(
                    step("expand-1", LockMode.ACCESS_EXCLUSIVE, "ALTER TABLE public.items ADD COLUMN note text"),
                    step("expand-2", LockMode.ACCESS_EXCLUSIVE,
                            "ALTER TABLE public.items ADD COLUMN r double precision DEFAULT random()"))), Workload.none());

            StepMeasurement metadata = only(measured, "expand-1");
            assertFalse(metadata.rewritten(), metadata.toString());
            assertEquals(0, metadata.tableGrowthBytes(), metadata.toString());

            StepMeasurement rewrite = only(measured, "expand-2");
            assertTrue(rewrite.rewritten(), rewrite.toString());
            assertTrue(rewrite.locks().stream().anyMatch(l -> l.relation().equals(ITEMS)
                    && l.mode() == LockMode.ACCESS_EXCLUSIVE && l.held().toNanos() > 0), rewrite.toString());
            assertTrue(rewrite.longestBlockingHold().compareTo(Duration.ofMillis(5)) > 0, rewrite.toString());
            assertTrue(rewrite.walBytes() > 10_000L * 8, rewrite.toString());
            assertTrue(rewrite.tableGrowthBytes() > 0, rewrite.toString());
            assertTrue(rewrite.wall().compareTo(rewrite.longestBlockingHold()) >= 0, rewrite.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aConcurrentIndexBuildHoldsShareUpdateExclusiveBlocksNothingAndGrowsTheIndexes(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            // Enough rows that the build outlasts a sampler starved by a loaded machine (10,000 built in 70 ms, unseen).
            createItems(db, 100_000);
            List<StepMeasurement> measured = rehearse(db, RehearseFixture.desired(RehearseFixture.yaml("""
                    tables:
                      items:
                        columns:
                          id: { type: bigint, identity: by_default }
                          tag: text
                          qty: { type: integer, nullable: false, default: "0" }
                        primary_key: [id]
                        indexes:
                          - { name: items_tag_idx, columns: [tag] }
                    """)), Workload.none());

            StepMeasurement build = measured.getFirst();
            assertEquals(1, measured.size(), measured.toString());
            assertTrue(build.locks().stream().anyMatch(l -> l.relation().equals(ITEMS)
                    && l.mode() == LockMode.SHARE_UPDATE_EXCLUSIVE), build.toString());
            assertTrue(build.locks().stream().noneMatch(l -> l.mode().blocksWrites()), build.toString());
            assertEquals(Duration.ZERO, build.longestBlockingHold(), build.toString());
            assertTrue(build.indexGrowthBytes() > 100_000, build.toString());
            assertFalse(build.rewritten(), build.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theWorkloadWaitsBehindAnAccessExclusiveHoldButNotBehindANonBlockingOne(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createItems(db, 1_000);
            Workload workload = Workload.synthetic(RehearseFixture.settings(db), RehearseFixture.ITEMS_SCHEMA.catalog(),
                    Set.of(ITEMS), 200, 7);
            workload.start();
            sleep(300);
            List<StepMeasurement> measured = rehearse(db, saved(db, List.<Step>of(
                    step("expand-1", LockMode.SHARE_UPDATE_EXCLUSIVE,
                            "LOCK TABLE public.items IN SHARE UPDATE EXCLUSIVE MODE", "SELECT pg_sleep(0.4)"),
                    step("expand-2", LockMode.ACCESS_EXCLUSIVE,
                            "LOCK TABLE public.items IN ACCESS EXCLUSIVE MODE", "SELECT pg_sleep(0.4)"))), workload);

            StepMeasurement open = only(measured, "expand-1");
            StepMeasurement blocking = only(measured, "expand-2");
            assertTrue(open.workloadStatements() > 20, open.toString());
            assertTrue(open.longestApplicationWait().compareTo(Duration.ofMillis(150)) < 0, open.toString());
            assertEquals(Duration.ZERO, open.longestBlockingHold(), open.toString());
            assertTrue(blocking.longestBlockingHold().compareTo(Duration.ofMillis(350)) > 0, blocking.toString());
            assertTrue(blocking.longestApplicationWait().compareTo(Duration.ofMillis(250)) > 0, blocking.toString());
            assertEquals(0, open.workloadFailures() + blocking.workloadFailures(), workload.failureMessages().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theOldApplicationsStatementsFailOnceAColumnTheyUseIsDroppedAndAreCounted(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createItems(db, 1_000);
            Workload workload = Workload.synthetic(RehearseFixture.settings(db), RehearseFixture.ITEMS_SCHEMA.catalog(),
                    Set.of(ITEMS), 200, 7);
            workload.start();
            sleep(200);
            List<StepMeasurement> measured = rehearse(db, saved(db, List.<Step>of(
                    step("expand-1", LockMode.ACCESS_EXCLUSIVE, "ALTER TABLE public.items DROP COLUMN tag"),
                    step("expand-2", LockMode.SHARE_UPDATE_EXCLUSIVE, "SELECT pg_sleep(0.3)"))), workload);

            StepMeasurement after = only(measured, "expand-2");
            assertTrue(after.workloadFailures() > 5, after.toString());
            assertTrue(workload.failureMessages().stream().anyMatch(m -> m.contains("\"tag\" does not exist")),
                    workload.failureMessages().toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aStepWaitingForAccessExclusiveBlocksTrafficWhileItWaitsThoughItHoldsNothingYet(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major); Connection other = db.connect()) {
            createItems(db, 100);
            other.setAutoCommit(false);
            Thread[] committer = new Thread[1];
            // Just before the step: another transaction writes to items and commits 400 ms later.
            StepListener writer = new StepListener() {
                @Override
                public void beforeStep(Step step) {
                    try (var st = other.createStatement()) {
                        st.execute("UPDATE public.items SET qty = 1 WHERE id = 1");
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                    committer[0] = Thread.startVirtualThread(() -> {
                        try {
                            Thread.sleep(400);
                            other.commit();
                        } catch (InterruptedException | SQLException e) {
                            throw new IllegalStateException(e);
                        }
                    });
                }
            };

            List<StepMeasurement> measured = rehearse(db, saved(db, List.<Step>of(step("expand-1",
                    LockMode.ACCESS_EXCLUSIVE, "LOCK TABLE public.items IN ACCESS EXCLUSIVE MODE"))), Workload.none(),
                    writer);
            committer[0].join();

            StepMeasurement waiting = only(measured, "expand-1");
            assertTrue(waiting.longestBlockingHold().compareTo(Duration.ofMillis(300)) > 0, waiting.toString());
            assertTrue(waiting.locks().stream().allMatch(l -> l.held().compareTo(Duration.ofMillis(300)) < 0),
                    waiting.toString());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aSmallWriteIsCountedInItsOwnStepsWalEvenBeforeTheWalIsWrittenOut(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            createItems(db, 100);
            // The test servers run without synchronous commit: the WAL of a small commit stays in the buffers a while.
            List<StepMeasurement> measured = rehearse(db, saved(db, List.<Step>of(
                    step("expand-1", LockMode.ROW_EXCLUSIVE, "UPDATE public.items SET qty = qty + 1 WHERE id <= 3"),
                    step("expand-2", LockMode.ROW_EXCLUSIVE, "UPDATE public.items SET qty = qty + 1 WHERE id <= 3"),
                    step("expand-3", LockMode.ROW_EXCLUSIVE, "UPDATE public.items SET qty = qty + 1 WHERE id <= 3"))),
                    Workload.none());

            assertTrue(measured.stream().allMatch(m -> m.walBytes() > 0), measured.toString());
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
