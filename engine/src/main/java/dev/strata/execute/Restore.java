package dev.strata.execute;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.IndexStatement;
import dev.strata.ddl.StatementRenderer;
import dev.strata.diagnostics.StrataException;
import dev.strata.model.QualifiedName;
import dev.strata.plan.BackfillSql;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Retention;
import dev.strata.plan.Scaffolding;
import dev.strata.sql.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code strata restore}: brings back what a migration kept in {@code strata_archive} (docs/retention.md), found by
 * the {@link Retention} marker of its done steps in the plan the state schema recorded.
 *
 * <p>A table moves back by running its drop's inverse: one short transaction under a lock timeout; each foreign key
 * it re-adds NOT VALID is then validated in a transaction of its own, a scan that blocks no writes.
 *
 * <p>A column is added back nullable and without a default (a catalog-only change), its values are copied back from
 * the archive in keyset batches, each its own short transaction, and then what the drop took along is rebuilt with
 * the online recipes of a plan. The archive stays, holding the values of rows deleted since, until purged.
 *
 * <p>While that runs the column carries Strata's marker ({@link #marker}), set in the transaction that adds it and
 * cleared at its end: a restore killed in between finds its own column on rerun and resumes it (copies
 * again, rebuilds tolerating what is already there); a column without the marker is the user's and is never touched.
 */
public final class Restore {

    /** How long a statement may wait for its lock before the restore gives up. */
    private static final int LOCK_TIMEOUT_MS = 2000;

    /** Archive rows per copy-back batch. */
    private static final int BATCH_SIZE = 1000;

    /** SQLSTATEs of a rebuild statement whose object a killed restore already made: duplicate_object, duplicate_table. */
    private static final List<String> ALREADY_THERE = List.of("42710", "42P07");

    /**
     * SQLSTATE of {@code ADD CONSTRAINT … USING INDEX} on an index a killed restore already attached
     * (object_not_in_prerequisite_state: "index … is already associated with a constraint").
     */
    private static final String ATTACHED_ALREADY = "55000";

    private Restore() {}

    /** What was brought back, and for a column what could not be. */
    public sealed interface Restored {

        Retention kept();

        record Table(Retention.KeptTable kept) implements Restored {}

        /**
         * @param valuesBack    live rows that got their value back
         * @param insertedSince live rows whose key the archive does not hold: inserted after the copy, their column
         *                      is NULL (the restored default applies to new rows only)
         * @param deletedSince  archive rows whose key no live row has: deleted since, their values stay in the archive
         * @param notRebuilt    each statement that failed, with PostgreSQL's message; the rest of its group was skipped
         */
        record Column(Retention.KeptColumn kept, long valuesBack, long insertedSince, long deletedSince,
                List<String> notRebuilt) implements Restored {

            public Column {
                notRebuilt = List.copyOf(notRebuilt);
            }
        }
    }

    /**
     * Brings back everything the migration kept, in plan order, or only {@code only}: {@code schema.table} for a
     * table, {@code schema.table.column} for a column. Refuses, changing nothing, when an archive is gone or a name
     * is taken again.
     */
    public static List<Restored> run(Connection connection, long migrationId, Optional<String> only) throws SQLException {
        StateStore state = new StateStore(connection);
        Migration migration = (state.exists() ? state.migration(migrationId) : Optional.<Migration>empty())
                .orElseThrow(() -> new StrataException("no migration " + migrationId + " (strata status shows the last one)"));
        Map<String, Integer> done = state.doneSteps(migrationId);
        List<DdlStep> keptSteps = migration.plan().steps().stream()
                .filter(s -> s instanceof DdlStep d && d.retains().isPresent() && done.containsKey(s.id()))
                .map(DdlStep.class::cast)
                .filter(d -> only.map(name -> d.retains().orElseThrow().object().equals(name)).orElse(true))
                .toList();
        if (keptSteps.isEmpty()) {
            throw new StrataException("migration " + migrationId + " kept nothing"
                    + only.map(name -> " named " + name).orElse("") + " in strata_archive");
        }
        List<DdlStep> tables = new ArrayList<>();
        List<Retention.KeptColumn> columns = new ArrayList<>();
        List<Retention.KeptTable> movedBefore = new ArrayList<>();
        List<Retention.KeptColumn> resumed = new ArrayList<>();
        for (DdlStep step : keptSteps) {
            Retention r = step.retains().orElseThrow();
            if (r instanceof Retention.KeptTable t && !exists(connection, t.archived())
                    && unvalidatedAfterRestore(connection, migrationId, step, t)) {
                tables.add(step);
                movedBefore.add(t);
                continue;
            }
            if (!exists(connection, r.archived())) {
                throw new StrataException(r.archived() + " is no longer kept (purged, or restored already): cannot restore "
                        + r.object() + "; nothing was restored");
            }
            switch (r) {
                case Retention.KeptTable t -> {
                    if (exists(connection, t.table())) {
                        throw new StrataException(t.table() + " exists again: rename or drop it, then restore; nothing was restored");
                    }
                    tables.add(step);
                }
                case Retention.KeptColumn c -> {
                    if (!exists(connection, c.table()) && tables.stream().noneMatch(t -> keptTable(t).table().equals(c.table()))) {
                        throw new StrataException("table " + c.table() + " no longer exists: cannot restore " + c.object()
                                + "; nothing was restored");
                    }
                    switch (column(connection, c)) {
                        case ABSENT -> columns.add(c);
                        case RESTORING -> resumed.add(c);
                        case USERS -> throw new StrataException(c.object() + " exists again: rename or drop it, then"
                                + " restore; nothing was restored");
                    }
                }
            }
        }
        List<Restored> restored = new ArrayList<>();
        if (!tables.isEmpty()) {
            restored.addAll(restoreTables(connection, tables, movedBefore));
        }
        if (!columns.isEmpty()) {
            addColumns(connection, columns);
        }
        for (DdlStep step : keptSteps) {
            if (step.retains().orElseThrow() instanceof Retention.KeptColumn c && (columns.contains(c) || resumed.contains(c))) {
                restored.add(restoreColumn(connection, c, resumed.contains(c)));
            }
        }
        return restored;
    }

    /**
     * As {@link #run}, under the apply lock ({@link ApplyLock}): a restore never runs while an apply, a purge or another
     * restore does.
     */
    public static List<Restored> runLocked(Connection connection, long migrationId, Optional<String> only)
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

    /**
     * Tables in {@code movedBefore} were moved back by an earlier restore that ended before validating their foreign
     * keys: this one only validates them.
     */
    private static List<Restored> restoreTables(Connection connection, List<DdlStep> steps,
            List<Retention.KeptTable> movedBefore) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("SET LOCAL lock_timeout = " + LOCK_TIMEOUT_MS);
            for (DdlStep step : steps) {
                if (movedBefore.contains(keptTable(step))) {
                    continue;
                }
                for (dev.strata.ddl.Statement statement : step.undo().inverse().orElseThrow()) {
                    if (!keptTable(step).validate().contains(statement)) {
                        st.execute(statement.sql());
                    }
                }
            }
            markRestored(connection, steps, movedBefore);
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
            for (DdlStep step : steps) {
                for (String sql : StatementRenderer.render(keptTable(step).validate())) {
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
        return steps.stream().<Restored>map(s -> new Restored.Table(keptTable(s))).toList();
    }

    /** Closes the records of the tables moved back, in the transaction that moves them. */
    private static void markRestored(Connection connection, List<DdlStep> steps, List<Retention.KeptTable> movedBefore)
            throws SQLException {
        StateStore state = new StateStore(connection);
        for (DdlStep step : steps) {
            if (!movedBefore.contains(keptTable(step))) {
                state.closeRetained(keptTable(step).archived(), StateStore.Closing.RESTORED);
            }
        }
    }

    /**
     * Whether an earlier restore moved this step's table back (its record says so) but ended before validating the
     * foreign keys it re-added: a rerun only validates them.
     */
    private static boolean unvalidatedAfterRestore(Connection connection, long migrationId, DdlStep step,
            Retention.KeptTable table) throws SQLException {
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
            ps.setString(3, Identifiers.qualified(table.table()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static Retention.KeptTable keptTable(DdlStep step) {
        return (Retention.KeptTable) step.retains().orElseThrow();
    }

    /**
     * Every column back at once, empty and marked as being restored: one short transaction, catalog only (nullable, no
     * default).
     */
    private static void addColumns(Connection connection, List<Retention.KeptColumn> columns) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("SET LOCAL lock_timeout = " + LOCK_TIMEOUT_MS);
            for (Retention.KeptColumn c : columns) {
                st.execute(c.addBack().sql());
                st.execute(CommentOn.column(c.table(), c.column(), Optional.of(marker(c))).sql());
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw new StrataException("cannot restore (nothing was restored): " + Executor.firstLine(e), e);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** What a column being restored carries as its comment until the restore ends. */
    static String marker(Retention.KeptColumn c) {
        return Scaffolding.PREFIX + "restoring " + c.object() + " from " + Identifiers.qualified(c.archived());
    }

    /**
     * Copies the values back and rebuilds. {@code resumed}: a killed restore added the column; what it rebuilt already
     * counts as done (a statement failing with {@link #ALREADY_THERE}, or attaching an index already attached), and the INVALID indexes a killed concurrent
     * build left on the column are dropped first, so that {@code CREATE INDEX CONCURRENTLY IF NOT EXISTS} builds them
     * again instead of skipping them. The marker goes at the end even when a rebuild statement failed: the user runs
     * that one by hand and owns the column from then on ({@code strata abandon} drops marked columns).
     */
    private static Restored.Column restoreColumn(Connection connection, Retention.KeptColumn c, boolean resumed)
            throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(true);
        try (Statement st = connection.createStatement()) {
            st.execute("SET lock_timeout = " + LOCK_TIMEOUT_MS);
            long back = copyBack(connection, c);
            long inserted = count(connection, c.table(), c.archived(), c.key());
            long deleted = count(connection, c.archived(), c.table(), c.key());
            List<String> notRebuilt = new ArrayList<>();
            if (resumed) {
                for (QualifiedName index : invalidIndexes(connection, c)) {
                    st.execute(new IndexStatement.Drop(index, true, true).sql());
                }
            }
            for (List<dev.strata.ddl.Statement> group : c.rebuild()) {
                for (String sql : StatementRenderer.render(group)) {
                    try {
                        st.execute(sql);
                    } catch (SQLException e) {
                        if (resumed && (ALREADY_THERE.contains(e.getSQLState())
                                || ATTACHED_ALREADY.equals(e.getSQLState()) && attached(connection, c))) {
                            continue;
                        }
                        notRebuilt.add(sql + ": " + Executor.firstLine(e));
                        break;
                    }
                }
            }
            // The comment the column had before the drop is not recorded in the plan: it is left empty.
            st.execute(CommentOn.column(c.table(), c.column(), Optional.empty()).sql());
            st.execute("RESET lock_timeout");
            return new Restored.Column(c, back, inserted, deleted, notRebuilt);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** The values, batch by batch in the archive's key order, each batch committed on its own. */
    private static long copyBack(Connection connection, Retention.KeptColumn c) throws SQLException {
        long total = 0;
        List<String> last = List.of();
        while (true) {
            String sql = BackfillSql.copyBackStatement(c.table(), c.key(), c.archived(), c.column(), last.isEmpty());
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                int p = 1;
                for (String key : last) {
                    // Untyped: the server infers each key column's type from the comparison, as a backfill does.
                    ps.setObject(p++, key, Types.OTHER);
                }
                ps.setInt(p, BATCH_SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return total;
                    }
                    total += rs.getLong(1);
                    List<String> next = new ArrayList<>();
                    for (int i = 0; i < c.key().size(); i++) {
                        next.add(rs.getString(2 + i));
                    }
                    last = next;
                }
            }
        }
    }

    /** Rows of {@code from} whose key {@code other} does not hold. */
    private static long count(Connection connection, QualifiedName from, QualifiedName other, List<String> key)
            throws SQLException {
        String match = key.stream().map(k -> "o." + Identifiers.quote(k) + " = f." + Identifiers.quote(k))
                .collect(Collectors.joining(" AND "));
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM "
                + Identifiers.qualified(from) + " AS f WHERE NOT EXISTS (SELECT 1 FROM " + Identifiers.qualified(other)
                + " AS o WHERE " + match + ")")) {
            rs.next();
            return rs.getLong(1);
        }
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

    /** Whose a kept column's name is in the live table: nobody's, a killed restore's (its marker), or the user's. */
    private enum Found { ABSENT, RESTORING, USERS }

    private static Found column(Connection connection, Retention.KeptColumn kept) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT col_description(c.oid, a.attnum) FROM pg_attribute a"
                + " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
                + " WHERE n.nspname = ? AND c.relname = ? AND a.attname = ? AND a.attnum > 0 AND NOT a.attisdropped")) {
            ps.setString(1, kept.table().schema());
            ps.setString(2, kept.table().name());
            ps.setString(3, kept.column());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Found.ABSENT;
                }
                return marker(kept).equals(rs.getString(1)) ? Found.RESTORING : Found.USERS;
            }
        }
    }

    /**
     * Whether a primary key or unique constraint of the table already stands on a valid index that includes the
     * column: what makes {@link #ATTACHED_ALREADY} from a resumed rebuild mean "done" (its INVALID indexes were
     * dropped and its build succeeded, so the index attached is not invalid, and the recipe builds no other kind).
     */
    private static boolean attached(Connection connection, Retention.KeptColumn kept) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT 1 FROM pg_constraint k"
                + " JOIN pg_index i ON i.indexrelid = k.conindid"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attname = ? AND NOT a.attisdropped"
                + " WHERE k.conrelid = to_regclass(?) AND k.contype IN ('p', 'u') AND i.indisvalid"
                + " AND a.attnum = ANY (i.indkey::int2[])")) {
            ps.setString(1, kept.column());
            ps.setString(2, Identifiers.qualified(kept.table()));
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * The INVALID indexes on the table that include the column (as a key or INCLUDE column): on a column only this
     * restore made, they are what a killed concurrent build of its rebuild left.
     */
    private static List<QualifiedName> invalidIndexes(Connection connection, Retention.KeptColumn kept) throws SQLException {
        List<QualifiedName> found = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT n.nspname, ic.relname FROM pg_index i"
                + " JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace"
                + " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attname = ? AND NOT a.attisdropped"
                + " WHERE i.indrelid = to_regclass(?) AND NOT i.indisvalid AND a.attnum = ANY (i.indkey::int2[])"
                + " ORDER BY ic.relname")) {
            ps.setString(1, kept.column());
            ps.setString(2, Identifiers.qualified(kept.table()));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(QualifiedName.of(rs.getString(1), rs.getString(2)));
                }
            }
        }
        return found;
    }
}
