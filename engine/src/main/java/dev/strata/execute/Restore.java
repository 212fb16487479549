package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.model.QualifiedName;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Retention;
import dev.strata.sql.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code strata restore}: brings the tables a migration kept in {@code strata_archive} back under their names by
 * running the inverse of its retained drops (docs/retention.md), found by their {@link Retention} marker in the plan
 * the state schema recorded. The move back takes one short transaction under a lock timeout; each foreign key it
 * re-adds NOT VALID is then validated in a transaction of its own, a scan that blocks no writes.
 */
public final class Restore {

    /** How long a statement may wait for its lock before the restore gives up, changing nothing. */
    private static final int LOCK_TIMEOUT_MS = 2000;

    private Restore() {}

    /** The tables brought back, in plan order; {@code only} names one as {@code schema.table}. */
    public static List<Retention.KeptTable> run(Connection connection, long migrationId, Optional<String> only)
            throws SQLException {
        StateStore state = new StateStore(connection);
        Migration migration = (state.exists() ? state.migration(migrationId) : Optional.<Migration>empty())
                .orElseThrow(() -> new StrataException("no migration " + migrationId + " (strata status shows the last one)"));
        Map<String, Integer> done = state.doneSteps(migrationId);
        List<DdlStep> kept = migration.plan().steps().stream()
                .filter(s -> s instanceof DdlStep d && d.retains().orElse(null) instanceof Retention.KeptTable
                        && done.containsKey(s.id()))
                .map(DdlStep.class::cast)
                .filter(d -> only.map(name -> d.retains().get().object().equals(name)).orElse(true))
                .toList();
        if (kept.isEmpty()) {
            throw new StrataException("migration " + migrationId + " kept no table"
                    + only.map(name -> " named " + name).orElse("") + " in strata_archive");
        }
        List<DdlStep> movedBefore = new ArrayList<>();
        for (DdlStep step : kept) {
            Retention.KeptTable r = kept(step);
            if (!exists(connection, r.archived()) && unvalidatedAfterRestore(connection, migrationId, step)) {
                movedBefore.add(step);
                continue;
            }
            if (!exists(connection, r.archived())) {
                throw new StrataException(r.archived() + " is no longer kept (purged, or restored already): cannot restore "
                        + r.table());
            }
            if (exists(connection, r.table())) {
                throw new StrataException(r.table() + " exists again: rename or drop it, then restore; nothing was restored");
            }
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("SET LOCAL lock_timeout = " + LOCK_TIMEOUT_MS);
            for (DdlStep step : kept) {
                if (movedBefore.contains(step)) {
                    continue;
                }
                for (String sql : step.inverse().orElseThrow()) {
                    if (!kept(step).validate().contains(sql)) {
                        st.execute(sql);
                    }
                }
            }
            markRestored(connection, kept, movedBefore);
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new StrataException("cannot restore (nothing was restored): " + Executor.firstLine(e), e);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        List<String> failed = new ArrayList<>();
        try (Statement st = connection.createStatement()) {
            st.execute("SET lock_timeout = " + LOCK_TIMEOUT_MS);
            for (DdlStep step : kept) {
                for (String sql : kept(step).validate()) {
                    try {
                        st.execute(sql);
                    } catch (SQLException e) {
                        failed.add(sql + ": " + Executor.firstLine(e));
                    }
                }
            }
            st.execute("RESET lock_timeout");
        }
        if (!failed.isEmpty()) {
            throw new StrataException("restored, but a foreign key is left NOT VALID (rows of the live table changed"
                    + " since the drop, or a lock was not granted); rerun it when fixed: " + String.join("; ", failed));
        }
        return kept.stream().map(Restore::kept).toList();
    }

    /**
     * As {@link #run}, under the apply lock ({@link ApplyLock}): a restore never runs while an apply, a purge or another
     * restore does.
     */
    public static List<Retention.KeptTable> runLocked(Connection connection, long migrationId, Optional<String> only)
            throws SQLException {
        ApplyLock.acquireFor(connection, "restore");
        try {
            return run(connection, migrationId, only);
        } finally {
            if (!connection.isClosed()) {
                ApplyLock.release(connection);
            }
        }
    }

    /** Closes the records of the tables moved back, in the transaction that moves them. */
    private static void markRestored(Connection connection, List<DdlStep> kept, List<DdlStep> movedBefore)
            throws SQLException {
        StateStore state = new StateStore(connection);
        for (DdlStep step : kept) {
            if (!movedBefore.contains(step)) {
                state.closeRetained(kept(step).archived(), StateStore.Closing.RESTORED);
            }
        }
    }

    /**
     * Whether an earlier restore moved this step's table back (its record says so) but ended before validating the
     * foreign keys it re-added: a rerun only validates them.
     */
    private static boolean unvalidatedAfterRestore(Connection connection, long migrationId, DdlStep step)
            throws SQLException {
        if (!new StateStore(connection).hasRetainedTable()) {
            return false;
        }
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT 1 FROM strata.retained r
                WHERE r.migration_id = ? AND r.step_id = ? AND r.restored_at IS NOT NULL
                  AND EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conrelid = to_regclass(?) AND c.contype = 'f'
                              AND NOT c.convalidated)""")) {
            ps.setLong(1, migrationId);
            ps.setString(2, step.id());
            ps.setString(3, Identifiers.qualified(kept(step).table()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Retention.KeptTable kept(DdlStep step) {
        return (Retention.KeptTable) step.retains().orElseThrow();
    }

    private static boolean exists(Connection connection, QualifiedName table) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM pg_class c JOIN pg_namespace n"
                + " ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relname = ?")) {
            ps.setString(1, table.schema());
            ps.setString(2, table.name());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
