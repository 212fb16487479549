package dev.strata.execute;

import dev.strata.ddl.IndexStatement;
import dev.strata.ddl.StatementRenderer;
import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.diagnostics.StrataException;
import dev.strata.model.QualifiedName;
import dev.strata.plan.ConcurrentIndex;
import dev.strata.plan.DdlStep;
import dev.strata.plan.PartitionDetach;
import dev.strata.plan.Plan;
import dev.strata.plan.TableWork;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Runs one DDL step so that it is either done and recorded, or not done at all.
 *
 * <p>A transactional step runs in one transaction with its record in {@code strata.step}. A non-transactional
 * one ({@code CONCURRENTLY}) cannot: its statements are idempotent by construction ({@code IF NOT EXISTS},
 * {@code IF EXISTS}), and an INVALID index left by an earlier failed build of the same name is dropped first,
 * since {@code IF NOT EXISTS} would otherwise accept it.
 */
final class DdlRunner {

    private final Connection connection;
    private final StateStore state;
    private final ApplyOptions options;
    private final LockRetry retry;
    private final StepListener listener;
    private final Plan plan;
    private final ProgressWatch progress;

    /** @param plan the migration's plan, whose objects the snapshot after each step covers ({@link Drift}) */
    DdlRunner(Connection connection, StateStore state, ApplyOptions options, LockRetry retry, StepListener listener,
            Plan plan) {
        this(connection, state, options, retry, listener, plan, ProgressWatch.none());
    }

    /** @param progress told how a long step goes while it runs */
    DdlRunner(Connection connection, StateStore state, ApplyOptions options, LockRetry retry, StepListener listener,
            Plan plan, ProgressWatch progress) {
        this.connection = connection;
        this.state = state;
        this.options = options;
        this.retry = retry;
        this.listener = listener;
        this.plan = plan;
        this.progress = progress;
    }

    /** Runs and records the step; returns the attempts it took. */
    int run(long migrationId, DdlStep step) throws SQLException {
        try {
            // Before the step's transaction, like the snapshot after it: reading the snapshot back grows with the schema,
            // and the step's locks must not wait for that.
            Optional<String> definition = step.retains().isEmpty() ? Optional.empty()
                    : RetainedTables.definition(step.retains().get(), state.snapshot(migrationId));
            int attempts;
            try (ProgressWatch.Watching watching = progress.start(step, Session.backendPid(connection))) {
                attempts = retry.run("step " + step.id(), connection, step.locks(), attempt -> {
                    if (step.transactional()) {
                        runInTransaction(migrationId, step, attempt, definition);
                    } else {
                        runConcurrently(migrationId, step, attempt, definition);
                    }
                    return attempt;
                });
            }
            // After the commit, not under the step's locks: a catalog read of the plan's schemas grows with them, and an
            // ACCESS EXCLUSIVE step must release its table at once. A crash before this line leaves the snapshot of an
            // earlier step, which Drift.find recognises and replaces instead of reporting the step's own work.
            connection.setAutoCommit(true);
            try {
                state.saveSnapshot(migrationId, step.id(), Drift.read(connection, plan));
            } catch (SQLException e) {
                throw new StrataException("step " + step.id() + " is done and recorded, but reading the catalog after it"
                        + " failed: " + (LostConnection.is(e) ? LostConnection.cause(e) : Executor.firstLine(e))
                        + "\nrerun strata apply to continue from the next step", e);
            }
            return attempts;
        } catch (SQLException | RuntimeException e) {
            Session.rollbackQuietly(connection);
            throw e;
        } finally {
            Session.autoCommitQuietly(connection);
        }
    }

    private void runInTransaction(long migrationId, DdlStep step, int attempt, Optional<String> definition)
            throws SQLException {
        connection.setAutoCommit(false);
        boolean scans = step.locks().stream().anyMatch(l -> l.work() != TableWork.CATALOG_ONLY);
        Session.timeouts(connection, options.lockTimeout(),
                scans ? options.scanStatementTimeout() : options.ddlStatementTimeout());
        try (Statement st = connection.createStatement()) {
            for (String sql : step.sql()) {
                st.execute(sql);
            }
        }
        recordRetained(migrationId, step, definition);
        listener.inStatement(step);
        state.recordStep(migrationId, step.id(), attempt);
        connection.commit();
    }

    private void runConcurrently(long migrationId, DdlStep step, int attempt, Optional<String> definition)
            throws SQLException {
        connection.setAutoCommit(true);
        Session.timeouts(connection, options.lockTimeout(), options.scanStatementTimeout());
        try (Statement st = connection.createStatement()) {
            Optional<QualifiedName> invalid = invalidIndexBuiltBy(step);
            if (invalid.isPresent()) {
                st.execute(new IndexStatement.Drop(invalid.get(), true, true).sql());
            }
            for (String sql : step.detach().isPresent() ? detachStatements(step.detach().get(), step) : step.sql()) {
                st.execute(sql);
            }
        } finally {
            Session.resetTimeouts(connection);
        }
        listener.inStatement(step);
        recordRetained(migrationId, step, definition);
        state.recordStep(migrationId, step.id(), attempt);
    }

    /**
     * What a detach step runs, after looking where an earlier run stopped: the step's own {@code DETACH … CONCURRENTLY}
     * while the partition is attached, {@code DETACH … FINALIZE} while an interrupted one left it pending (PostgreSQL
     * refuses to start another), nothing once it is detached (a crash between the detach and its record).
     */
    private List<String> detachStatements(PartitionDetach detach, DdlStep step) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT i.inhdetachpending FROM pg_inherits i
                JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
                WHERE c.relname = ? AND n.nspname = ? AND p.relname = ? AND pn.nspname = ?""")) {
            ps.setString(1, detach.partition().name());
            ps.setString(2, detach.partition().schema());
            ps.setString(3, detach.parent().name());
            ps.setString(4, detach.parent().schema());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return List.of();
                }
                return rs.getBoolean(1)
                        ? List.of(StatementRenderer.render(TableStatement.Alter.of(detach.parent(),
                                new TableAction.FinalizeDetachPartition(detach.partition()))))
                        : step.sql();
            }
        }
    }

    /** What the step keeps in strata_archive, recorded with the step: a kept object is never left without its record. */
    private void recordRetained(long migrationId, DdlStep step, Optional<String> definition) throws SQLException {
        if (step.retains().isPresent()) {
            state.recordRetained(migrationId, step.id(), step.retains().get(), definition);
        }
    }

    /**
     * After a concurrent step failed or gave up: drops the INVALID indexes its builds left, which PostgreSQL would
     * otherwise maintain on every write (and, for a unique one, enforce). The drop waits for its lock no longer than
     * the step did. Returns the lines the error message gets, one per index found; empty when none was left.
     */
    List<String> dropInvalidIndexesLeftBy(DdlStep step) {
        if (step.transactional()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        try {
            connection.setAutoCommit(true);
            Optional<QualifiedName> invalid = invalidIndexBuiltBy(step);
            if (invalid.isPresent()) {
                String drop = new IndexStatement.Drop(invalid.get(), true, true).sql();
                try (Statement st = connection.createStatement()) {
                    Session.timeouts(connection, options.lockTimeout(), options.ddlStatementTimeout());
                    st.execute(drop);
                    lines.add("dropped the INVALID index " + invalid.get() + " the failed build left behind");
                } catch (SQLException e) {
                    lines.add("the INVALID index " + invalid.get() + " remains (the failed build left it; dropping it failed: "
                            + Executor.firstLine(e) + "); PostgreSQL maintains it on every write until it goes:"
                            + " the next strata apply drops it before building again, or run "
                            + new IndexStatement.Drop(invalid.get(), true, false).sql());
                } finally {
                    Session.resetTimeouts(connection);
                }
            }
        } catch (SQLException e) {
            lines.add("could not check for an INVALID index left by the failed build (" + Executor.firstLine(e)
                    + "); the next strata apply drops any before building again");
        }
        return lines;
    }

    /** The INVALID index a failed earlier build of the index this step builds left behind, if any. */
    private Optional<QualifiedName> invalidIndexBuiltBy(DdlStep step) throws SQLException {
        Optional<QualifiedName> built = indexBuiltBy(step);
        if (built.isEmpty()) {
            return Optional.empty();
        }
        String index = built.get().name();
        String schema = built.get().schema();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE NOT i.indisvalid AND c.relname = ? AND n.nspname = ?""")) {
            ps.setString(1, index);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(QualifiedName.of(schema, index)) : Optional.empty();
            }
        }
    }

    /**
     * The names of the indexes a non-transactional step builds or drops: what a crash between its statements and its
     * record may leave done, which its rerun finishes rather than a hand change.
     */
    static Set<String> indexesNamedBy(DdlStep step) {
        return concurrentIndex(step).map(c -> Set.of(c.index().name())).orElse(Set.of());
    }

    /** The index a step builds CONCURRENTLY, if it builds one. */
    static Optional<QualifiedName> indexBuiltBy(DdlStep step) {
        return concurrentIndex(step).filter(c -> c instanceof ConcurrentIndex.Build).map(ConcurrentIndex::index);
    }

    /** As the step holds it; a step of a plan saved before steps held it has it read from its statement. */
    private static Optional<ConcurrentIndex> concurrentIndex(DdlStep step) {
        if (step.transactional()) {
            return Optional.empty();
        }
        return step.concurrentIndex().or(() -> OldPlanIndexes.read(step));
    }
}
