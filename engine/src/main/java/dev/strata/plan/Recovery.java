package dev.strata.plan;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a restore of the database would start from, read from the server when the plan was made: WAL archiving
 * (<a href="https://www.postgresql.org/docs/current/continuous-archiving.html">continuous archiving</a>, and the
 * <a href="https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-ARCHIVER-VIEW">pg_stat_archiver</a>
 * view), the replicas streaming from it and its replication slots, and its size. Each fact may be unknown, with
 * the reason; ages are in seconds at plan time.
 *
 * @param archiving            {@code archive_mode}, {@code wal_level} and the archiver's last success and failure
 * @param replicas             the standbys streaming from this server ({@code pg_stat_replication})
 * @param slots                replication slots ({@code pg_replication_slots})
 * @param databaseBytes        {@code pg_database_size} of the planned database
 * @param restoreBytesPerSecond the rate the restore estimate assumes ({@code --restore-rate})
 */
public record Recovery(
        Fact<Archiving> archiving,
        Fact<List<Replica>> replicas,
        Fact<List<Slot>> slots,
        Fact<Long> databaseBytes,
        long restoreBytesPerSecond) {

    public Recovery {
        if (restoreBytesPerSecond <= 0) {
            throw new IllegalArgumentException("the restore rate must be positive: " + restoreBytesPerSecond);
        }
    }

    /**
     * @param archiveMode      {@code off}, {@code on} or {@code always}
     * @param walLevel         {@code minimal}, {@code replica} or {@code logical}
     * @param lastArchivedWal  the last WAL file archived successfully, if any since the statistics were reset
     * @param lastArchivedAge  seconds since then, at plan time
     * @param failedCount      failed archiving attempts since the statistics were reset
     * @param lastFailedWal    the WAL file of the last failure, if any
     * @param lastFailedAge    seconds since then, at plan time
     * @param lastAttemptFailed the last failure is later than the last success (compared exactly, not in seconds)
     */
    public record Archiving(String archiveMode, String walLevel, Optional<String> lastArchivedWal,
            OptionalLong lastArchivedAge, long failedCount, Optional<String> lastFailedWal, OptionalLong lastFailedAge,
            boolean lastAttemptFailed) {

        /** {@code archive_mode} is not {@code off} (and {@code wal_level} allows it: PostgreSQL refuses to start otherwise). */
        public boolean on() {
            return !archiveMode.equals("off");
        }
    }

    /**
     * @param name      {@code application_name} of the standby
     * @param state     {@code streaming}, {@code catchup}, …; empty when the details need {@code pg_read_all_stats}
     * @param syncState {@code async}, {@code sync}, …; empty likewise
     * @param replayLag seconds the standby's replay is behind, when known
     */
    public record Replica(String name, Optional<String> state, Optional<String> syncState, OptionalLong replayLag) {}

    /**
     * @param name   the slot
     * @param type   {@code physical} or {@code logical}
     * @param active a consumer is connected; an inactive slot keeps WAL on this server until it is used or dropped
     */
    public record Slot(String name, String type, boolean active) {}

    /**
     * Why a step that loses data must not run under {@code apply --require-archive-age maxAgeSeconds}: archiving is
     * off, unknown, has never succeeded, failed at its last attempt, or last succeeded longer ago than allowed; empty
     * when a restore could reach the moment before the step.
     */
    public Optional<String> archiveRefusal(long maxAgeSeconds) {
        return switch (archiving) {
            case Fact.Unknown<Archiving> u -> Optional.of("whether WAL archiving works is unknown (" + u.reason() + ")");
            case Fact.Known<Archiving> k -> {
                Archiving a = k.value();
                if (!a.on()) {
                    yield Optional.of("WAL archiving is off (archive_mode off)");
                }
                if (a.lastAttemptFailed()) {
                    yield Optional.of("WAL archiving is failing (the last attempt, " + a.lastFailedWal().orElse("a segment")
                            + ", failed " + a.lastFailedAge().orElse(0) + " s ago)");
                }
                if (a.lastArchivedAge().isEmpty()) {
                    yield Optional.of("no WAL segment has been archived since the statistics were reset");
                }
                long age = a.lastArchivedAge().getAsLong();
                yield age > maxAgeSeconds
                        ? Optional.of("the last WAL segment was archived " + age + " s ago, more than the " + maxAgeSeconds
                                + " s --require-archive-age allows")
                        : Optional.empty();
            }
        };
    }

    /** Seconds to copy the database at the restore rate, rounded up; WAL replay comes on top. */
    public OptionalLong restoreSeconds() {
        return databaseBytes instanceof Fact.Known<Long>(Long bytes)
                ? OptionalLong.of((bytes + restoreBytesPerSecond - 1) / restoreBytesPerSecond)
                : OptionalLong.empty();
    }
}
