package dev.strata.render;

import dev.strata.plan.Fact;
import dev.strata.plan.Plan;
import dev.strata.plan.Recovery;
import dev.strata.plan.RestoreRate;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecoveryRenderingTest {

    private static final long GB = 1024L * 1024 * 1024;

    private static final Recovery ARCHIVING = new Recovery(
            Fact.known(new Recovery.Archiving("on", "replica", Optional.of("00000001000000A70000003C"),
                    OptionalLong.of(131), 2, Optional.of("00000001000000A600000010"), OptionalLong.of(90_000), false)),
            Fact.known(List.of(new Recovery.Replica("standby-1", Optional.of("streaming"), Optional.of("async"),
                    OptionalLong.of(0)), new Recovery.Replica("walreceiver", Optional.empty(), Optional.empty(),
                    OptionalLong.empty()))),
            Fact.known(List.of(new Recovery.Slot("standby_1", "physical", true),
                    new Recovery.Slot("old_cdc", "logical", false))),
            Fact.known(412 * GB),
            RestoreRate.parse("200MB/s"));

    private static final Recovery HIDDEN = new Recovery(
            Fact.unknown("cannot read pg_stat_archiver: permission denied for view pg_stat_archiver"),
            Fact.known(List.of()), Fact.known(List.of()),
            Fact.unknown("cannot read pg_database_size: permission denied for function pg_database_size"),
            RestoreRate.DEFAULT);

    private static final Recovery OFF = new Recovery(
            Fact.known(new Recovery.Archiving("off", "replica", Optional.empty(), OptionalLong.empty(), 0,
                    Optional.empty(), OptionalLong.empty(), false)),
            Fact.known(List.of()), Fact.known(List.of()), Fact.known(9 * 1024L * 1024), RestoreRate.DEFAULT);

    @Test
    void textSaysWhatARestoreWouldStartFromInRoundedUnits() {
        String text = TextRenderer.render(UsersRenamePlan.plan().withRecovery(ARCHIVING), false);

        assertTrue(text.contains("""

                Recovery (read from the server when the plan was made)
                  WAL archiving: on (archive_mode on, wal_level replica), last segment 00000001000000A70000003C archived 2 min ago; 2 failed attempts since the statistics were reset, none since the last success
                  Replicas: 2 streaming from this server: standby-1 (streaming, async, replay lag 0 s), walreceiver (details need pg_read_all_stats); a replica replays a drop at once, so it is no copy of dropped data
                  Replication slots: standby_1 (physical, active), old_cdc (logical, inactive: keeps WAL on this server until used or dropped)
                  Database size: 412 GB
                  Restore estimate: 35 min to copy the database at 200 MB/s (--restore-rate); replaying WAL comes on top
                  see https://www.postgresql.org/docs/current/continuous-archiving.html, https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-ARCHIVER-VIEW
                """), text);
    }

    @Test
    void factsTheServerHidesSayUnknownAndWhy() {
        String text = TextRenderer.render(UsersRenamePlan.plan().withRecovery(HIDDEN), false);

        assertTrue(text.contains("  WAL archiving: unknown: cannot read pg_stat_archiver: permission denied for view"
                + " pg_stat_archiver\n"), text);
        assertTrue(text.contains("  Database size: unknown: cannot read pg_database_size: permission denied"), text);
        assertTrue(text.contains("  Restore estimate: unknown (the database size is unknown)\n"), text);
    }

    @Test
    void archivingOffSaysHowFarARestoreReachesBack() {
        String text = TextRenderer.render(UsersRenamePlan.plan().withRecovery(OFF), false);

        assertTrue(text.contains("  WAL archiving: off (archive_mode off, wal_level replica): a restore reaches back only"
                + " to the last base backup, not to the moment before a step\n"), text);
        assertTrue(text.contains("  Restore estimate: 1 s to copy the database at 100 MB/s"), text);
    }

    @Test
    void markdownHasARecoverySectionCitingThePostgresqlDocs() {
        String md = MarkdownRenderer.render(UsersRenamePlan.plan().withRecovery(ARCHIVING), Templates.builtIn());

        assertTrue(md.contains("\n### Recovery\n\nRead from the server when the plan was made ([continuous archiving]"
                + "(https://www.postgresql.org/docs/current/continuous-archiving.html), [pg_stat_archiver]"), md);
        assertTrue(md.contains("\n- Database size: 412 GB\n- Restore estimate: 35 min to copy the database at 200 MB/s"
                + " (--restore-rate); replaying WAL comes on top\n"), md);
        assertTrue(md.contains("old\\_cdc (logical, inactive"), md);
    }

    @Test
    void aPlanWithoutRecoveryFactsHasNoSection() {
        Plan offline = UsersRenamePlan.plan();

        assertFalse(TextRenderer.render(offline, false).contains("Recovery"));
        assertFalse(MarkdownRenderer.render(offline, Templates.builtIn()).contains("Recovery"));
        assertTrue(JsonRenderer.render(offline).contains("\n  \"recovery\": null,\n"));
    }

    @Test
    void recoveryFactsKnownAndUnknownSurviveTheJsonRoundTrip() {
        for (Recovery r : List.of(ARCHIVING, HIDDEN, OFF)) {
            Plan plan = UsersRenamePlan.plan().withRecovery(r);

            String json = JsonRenderer.render(plan);

            assertEquals(plan, JsonRenderer.read(json));
            assertEquals(json, JsonRenderer.render(JsonRenderer.read(json)));
        }
        assertTrue(JsonRenderer.render(UsersRenamePlan.plan().withRecovery(HIDDEN)).contains("""
                    "databaseBytes": {
                      "unknown": "cannot read pg_database_size: permission denied for function pg_database_size"
                    },
                """));
    }

    @Test
    void aDocumentWrittenBeforeRecoveryExistedReadsWithout() {
        String json = JsonRenderer.render(UsersRenamePlan.plan()).replace(",\n  \"recovery\": null", "");

        assertEquals(Optional.empty(), JsonRenderer.read(json).recovery());
    }

    @Test
    void restoreRatesAreSizesPerSecondIn1024BasedUnits() {
        assertEquals(200L * 1024 * 1024, RestoreRate.parse("200MB/s"));
        assertEquals(1536L * 1024 * 1024, RestoreRate.parse("1.5 GB/s"));
        assertEquals(512L * 1024, RestoreRate.parse("512kb"));
        for (String bad : List.of("fast", "200", "0MB/s", "-5MB/s", "200 MB/h", "")) {
            var e = assertThrows(IllegalArgumentException.class, () -> RestoreRate.parse(bad));
            assertTrue(e.getMessage().startsWith("--restore-rate must be "), e.getMessage());
        }
    }

    @Test
    void durationsAreRoundedToTheUnitAReviewerReads() {
        assertEquals(List.of("0 s", "119 s", "2 min", "119 min", "2 h", "47 h", "2 days"),
                List.of(0L, 119L, 120L, 7_140L, 7_200L, 47 * 3600L, 48 * 3600L).stream().map(Describe::duration).toList());
    }

    @Test
    void theArchiveRequirementRefusesOffUnknownFailingAndStaleArchiving() {
        assertEquals(Optional.of("WAL archiving is off (archive_mode off)"), OFF.archiveRefusal(3600));
        assertTrue(HIDDEN.archiveRefusal(3600).orElseThrow().startsWith("whether WAL archiving works is unknown"));
        assertEquals(Optional.empty(), ARCHIVING.archiveRefusal(3600));
        assertEquals(Optional.of("the last WAL segment was archived 131 s ago, more than the 60 s"
                + " --require-archive-age allows"), ARCHIVING.archiveRefusal(60));
        Recovery failing = new Recovery(Fact.known(new Recovery.Archiving("on", "replica",
                Optional.of("00000001000000A70000003C"), OptionalLong.of(10), 3, Optional.of("00000001000000A70000003D"),
                OptionalLong.of(5), true)), Fact.known(List.of()), Fact.known(List.of()), Fact.known(1L),
                RestoreRate.DEFAULT);
        assertEquals(Optional.of("WAL archiving is failing (the last attempt, 00000001000000A70000003D, failed 5 s ago)"),
                failing.archiveRefusal(3600));
    }
}
