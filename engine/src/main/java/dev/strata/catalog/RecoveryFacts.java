package dev.strata.catalog;

import dev.strata.plan.Fact;
import dev.strata.plan.Recovery;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads what a restore would start from ({@link Recovery}). A fact the role may not read, or a view a managed
 * service hides, becomes {@link Fact.Unknown} with the reason: recovery facts inform a review, they never fail it.
 */
public final class RecoveryFacts {

    private RecoveryFacts() {}

    /** The settings are readable by every role; the archiver's statistics too, unless a service revokes them. */
    private static final String ARCHIVING = """
            SELECT pg_catalog.current_setting('archive_mode') AS archive_mode,
                   pg_catalog.current_setting('wal_level') AS wal_level,
                   a.last_archived_wal,
                   pg_catalog.floor(extract(epoch FROM pg_catalog.now() - a.last_archived_time))::bigint AS archived_age,
                   a.failed_count,
                   a.last_failed_wal,
                   pg_catalog.floor(extract(epoch FROM pg_catalog.now() - a.last_failed_time))::bigint AS failed_age,
                   coalesce(a.last_failed_time > a.last_archived_time, a.last_failed_time IS NOT NULL) AS last_attempt_failed
            FROM pg_catalog.pg_stat_archiver a
            """;

    /**
     * Every role sees the rows; state, sync state and lag of another role's WAL sender need pg_read_all_stats
     * (pg_monitor), so they read as null without it.
     */
    private static final String REPLICAS = """
            SELECT coalesce(r.application_name, '') AS name, r.state, r.sync_state,
                   pg_catalog.ceil(extract(epoch FROM r.replay_lag))::bigint AS replay_lag
            FROM pg_catalog.pg_stat_replication r
            ORDER BY 1, r.pid
            """;

    private static final String SLOTS = """
            SELECT s.slot_name::text AS slot_name, s.slot_type, s.active
            FROM pg_catalog.pg_replication_slots s
            ORDER BY 1
            """;

    private static final String SIZE = "SELECT pg_catalog.pg_database_size(pg_catalog.current_database()) AS bytes";

    public static Recovery read(Connection c, long restoreBytesPerSecond) {
        return new Recovery(
                fact(c, "pg_stat_archiver", () -> Rows.query(c, ARCHIVING, r -> new Recovery.Archiving(
                        r.string("archive_mode"), r.string("wal_level"), r.optionalString("last_archived_wal"),
                        optionalNumber(r, "archived_age"), r.number("failed_count"), r.optionalString("last_failed_wal"),
                        optionalNumber(r, "failed_age"), r.bool("last_attempt_failed"))).getFirst()),
                fact(c, "pg_stat_replication", () -> Rows.query(c, REPLICAS, r -> new Recovery.Replica(r.string("name"),
                        r.optionalString("state"), r.optionalString("sync_state"), optionalNumber(r, "replay_lag")))),
                fact(c, "pg_replication_slots", () -> Rows.query(c, SLOTS, r -> new Recovery.Slot(r.string("slot_name"),
                        r.string("slot_type"), r.bool("active")))),
                fact(c, "pg_database_size", () -> Rows.query(c, SIZE, r -> r.number("bytes")).getFirst()),
                restoreBytesPerSecond);
    }

    private static OptionalLong optionalNumber(Rows r, String column) throws SQLException {
        return r.optionalString(column).map(v -> OptionalLong.of(Long.parseLong(v))).orElse(OptionalLong.empty());
    }

    private interface Read<T> {
        T get() throws SQLException;
    }

    /** One fact, or why it could not be read; inside a transaction a savepoint keeps a refusal from aborting it. */
    private static <T> Fact<T> fact(Connection c, String source, Read<T> read) {
        Optional<Savepoint> savepoint = Optional.empty();
        try {
            if (!c.getAutoCommit()) {
                savepoint = Optional.of(c.setSavepoint());
            }
            T value = read.get();
            if (savepoint.isPresent()) {
                c.releaseSavepoint(savepoint.get());
            }
            return Fact.known(value);
        } catch (SQLException e) {
            if (savepoint.isPresent()) {
                try {
                    c.rollback(savepoint.get());
                } catch (SQLException ignored) {
                    // The reason below is what the reviewer needs; a failed rollback surfaces at the next statement.
                }
            }
            String message = e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().lines().findFirst().orElse("").replaceFirst("^ERROR:\\s*", "");
            return Fact.unknown("cannot read " + source + ": " + message);
        }
    }
}
