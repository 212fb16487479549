package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.plan.GateKind;
import dev.strata.plan.Retention;
import dev.strata.render.JsonRenderer;
import dev.strata.sql.Identifiers;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * The executor's memory, in the target database (schema {@code strata}): which migration is running, which
 * steps are done, how far each backfill got, which gates were confirmed. Every write runs in whatever
 * transaction the caller has open on the connection, so a step and its record commit together.
 */
public final class StateStore {

    /** The schema holding the state; the catalog reader never reads it as part of the user's schema. */
    public static final String SCHEMA = Schema.STATE;

    private static final List<String> DDL = List.of(
            "CREATE SCHEMA IF NOT EXISTS strata",
            """
            CREATE TABLE IF NOT EXISTS strata.migration (
                id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                desired_fingerprint text NOT NULL,
                catalog_fingerprint text NOT NULL,
                plan jsonb NOT NULL,
                status text NOT NULL CHECK (status IN ('running', 'done', 'abandoned')),
                created_at timestamptz NOT NULL DEFAULT now(),
                finished_at timestamptz,
                gate_dual_write_confirmed_at timestamptz,
                gate_read_switch_confirmed_at timestamptz)""",
            // At most one migration runs at a time, whatever happens to the advisory lock.
            "CREATE UNIQUE INDEX IF NOT EXISTS migration_one_running ON strata.migration ((true)) WHERE status = 'running'",
            """
            CREATE TABLE IF NOT EXISTS strata.step (
                migration_id bigint NOT NULL REFERENCES strata.migration,
                step_id text NOT NULL,
                status text NOT NULL CHECK (status = 'done'),
                finished_at timestamptz NOT NULL DEFAULT now(),
                attempts integer NOT NULL,
                PRIMARY KEY (migration_id, step_id))""",
            """
            CREATE TABLE IF NOT EXISTS strata.backfill (
                migration_id bigint NOT NULL REFERENCES strata.migration,
                step_id text NOT NULL,
                last_key text[],
                rows_done bigint NOT NULL DEFAULT 0,
                finished boolean NOT NULL DEFAULT false,
                updated_at timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (migration_id, step_id))""",
            // Added later: IF NOT EXISTS gives state tables of an older Strata the record on the next apply; until then
            // status, restore and purge read them without it (objects kept then show as "no record").
            """
            CREATE TABLE IF NOT EXISTS strata.retained (
                migration_id bigint NOT NULL REFERENCES strata.migration,
                step_id text NOT NULL,
                kind text NOT NULL CHECK (kind IN ('table', 'column')),
                object text NOT NULL,
                archived_schema text NOT NULL,
                archived_name text NOT NULL,
                definition text,
                row_estimate bigint,
                bytes bigint,
                retired_at timestamptz NOT NULL DEFAULT now(),
                restored_at timestamptz,
                purged_at timestamptz,
                PRIMARY KEY (migration_id, step_id))""");

    /**
     * Added later: state tables of an older Strata get them (empty) on the next apply, and a migration recorded
     * without them continues unchecked until its next DDL step records a snapshot.
     */
    private static final String DRIFT_COLUMNS = """
            ALTER TABLE strata.migration
                ADD COLUMN IF NOT EXISTS desired_catalog jsonb,
                ADD COLUMN IF NOT EXISTS snapshot jsonb,
                ADD COLUMN IF NOT EXISTS snapshot_after text""";

    /** Added later, like the drift columns: who approved a step on a large table ({@code apply --reviewed-by}). */
    private static final String REVIEW_COLUMN = "ALTER TABLE strata.step ADD COLUMN IF NOT EXISTS reviewed_by text";

    private static final String MIGRATION_COLUMNS = "id, desired_fingerprint, catalog_fingerprint, plan::text, status,"
            + " created_at::text, gate_dual_write_confirmed_at IS NOT NULL, gate_read_switch_confirmed_at IS NOT NULL";

    private final Connection connection;
    private final Map<String, String> reviewers;

    public StateStore(Connection connection) {
        this(connection, Map.of());
    }

    private StateStore(Connection connection, Map<String, String> reviewers) {
        this.connection = connection;
        this.reviewers = Map.copyOf(reviewers);
    }

    /** The same store, recording each step in {@code reviewers} (step id → names) with who approved it. */
    public StateStore recordingReviewers(Map<String, String> reviewers) {
        return new StateStore(connection, reviewers);
    }

    /**
     * Creates the state schema and tables when missing (idempotent). A schema {@code strata} that Strata did
     * not create (no {@code strata.migration}, but objects of the user's) is refused: the state would mix
     * with the user's objects.
     */
    public void ensureSchema() throws SQLException {
        List<String> foreign = new ArrayList<>();
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("""
                        SELECT quote_ident(n.nspname) || '.' || quote_ident(c.relname)
                        FROM pg_namespace n JOIN pg_class c ON c.relnamespace = n.oid
                        WHERE n.nspname = 'strata' AND to_regclass('strata.migration') IS NULL
                        UNION ALL
                        SELECT p.oid::regprocedure::text
                        FROM pg_namespace n JOIN pg_proc p ON p.pronamespace = n.oid
                        WHERE n.nspname = 'strata' AND to_regclass('strata.migration') IS NULL
                        ORDER BY 1 LIMIT 5""")) {
            while (rs.next()) {
                foreign.add(rs.getString(1));
            }
        }
        if (!foreign.isEmpty()) {
            throw new StrataException("schema " + SCHEMA + " holds objects Strata did not create ("
                    + String.join(", ", foreign) + "): Strata keeps its state in schema " + SCHEMA
                    + "; rename that schema (ALTER SCHEMA " + SCHEMA + " RENAME TO ...) and apply again");
        }
        try (Statement st = connection.createStatement()) {
            for (String sql : DDL) {
                st.execute(sql);
            }
        }
        // Checked first, so that an apply on current state tables takes no lock on them beyond reading.
        if (!hasDriftColumns()) {
            try (Statement alter = connection.createStatement()) {
                alter.execute(DRIFT_COLUMNS);
            }
        }
        if (!hasReviewColumn()) {
            try (Statement alter = connection.createStatement()) {
                alter.execute(REVIEW_COLUMN);
            }
        }
    }

    private boolean hasReviewColumn() throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_attribute WHERE attrelid = 'strata.step'::regclass"
                        + " AND attname = 'reviewed_by' AND NOT attisdropped")) {
            rs.next();
            return rs.getInt(1) == 1;
        }
    }

    /** Step id → who approved it, for the steps recorded with a reviewer; empty for state an older Strata made. */
    public Map<String, String> reviewedBy(long migrationId) throws SQLException {
        Map<String, String> reviewed = new LinkedHashMap<>();
        if (!hasReviewColumn()) {
            return reviewed;
        }
        try (PreparedStatement ps = connection.prepareStatement("SELECT step_id, reviewed_by FROM strata.step"
                + " WHERE migration_id = ? AND reviewed_by IS NOT NULL ORDER BY finished_at, step_id")) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    reviewed.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return reviewed;
    }

    /** Whether the state tables have the snapshot columns ({@code status} reads tables an older Strata made, too). */
    private boolean hasDriftColumns() throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_attribute WHERE attrelid = 'strata.migration'::regclass"
                        + " AND attname IN ('desired_catalog', 'snapshot', 'snapshot_after') AND NOT attisdropped")) {
            rs.next();
            return rs.getInt(1) == 3;
        }
    }

    /** The catalog as Strata last left it, and after which step ({@code "start"} before the first). */
    public record Snapshot(String after, SortedMap<String, String> files) {}

    /** Whether the state schema exists at all (status on a database Strata never applied to). */
    public boolean exists() throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT to_regclass('strata.migration') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    public Optional<Migration> running() throws SQLException {
        return migration("SELECT " + MIGRATION_COLUMNS + " FROM strata.migration WHERE status = 'running'");
    }

    public Optional<Migration> migration(long id) throws SQLException {
        return migration("SELECT " + MIGRATION_COLUMNS + " FROM strata.migration WHERE id = " + id);
    }

    /** The running migration, or else the most recent one. */
    public Optional<Migration> latest() throws SQLException {
        return migration("SELECT " + MIGRATION_COLUMNS + " FROM strata.migration"
                + " ORDER BY (status = 'running') DESC, id DESC LIMIT 1");
    }

    /**
     * @param desired  the desired schema's pulled files, to name what a changed one adds; empty for a saved plan
     * @param snapshot the catalog of the plan's schemas as the migration starts ({@link Drift#read})
     */
    public Migration start(String desiredFingerprint, String catalogFingerprint, dev.strata.plan.Plan plan,
            Optional<SortedMap<String, String>> desired, SortedMap<String, String> snapshot) throws SQLException {
        long id;
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO strata.migration"
                + " (desired_fingerprint, catalog_fingerprint, plan, status, desired_catalog, snapshot, snapshot_after)"
                + " VALUES (?, ?, ?::jsonb, 'running', ?::jsonb, ?::jsonb, 'start') RETURNING id")) {
            ps.setString(1, desiredFingerprint);
            ps.setString(2, catalogFingerprint);
            ps.setString(3, JsonRenderer.render(plan));
            ps.setString(4, desired.map(Drift::json).orElse(null));
            ps.setString(5, Drift.json(snapshot));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
        }
        return migration("SELECT " + MIGRATION_COLUMNS + " FROM strata.migration WHERE id = " + id).orElseThrow();
    }

    /** Step id → attempts it took, for the steps recorded done, in the order they finished. */
    public Map<String, Integer> doneSteps(long migrationId) throws SQLException {
        Map<String, Integer> done = new LinkedHashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT step_id, attempts FROM strata.step WHERE migration_id = ? ORDER BY finished_at, step_id")) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    done.put(rs.getString(1), rs.getInt(2));
                }
            }
        }
        return done;
    }

    public void recordStep(long migrationId, String stepId, int attempts) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO strata.step (migration_id, step_id, status,"
                + " attempts, reviewed_by) VALUES (?, ?, 'done', ?, ?)")) {
            ps.setLong(1, migrationId);
            ps.setString(2, stepId);
            ps.setInt(3, attempts);
            ps.setString(4, reviewers.get(stepId));
            ps.executeUpdate();
        }
    }

    /**
     * Records what {@code stepId} keeps in {@code strata_archive}, in the caller's transaction (the step's own), with the
     * archive table's row estimate and size as the step leaves it; {@code definition} re-creates the object's shape.
     */
    public void recordRetained(long migrationId, String stepId, Retention retained, Optional<String> definition)
            throws SQLException {
        String kind = switch (retained) {
            case Retention.KeptTable t -> "table";
            case Retention.KeptColumn c -> "column";
        };
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO strata.retained (migration_id, step_id, kind,"
                + " object, archived_schema, archived_name, definition, row_estimate, bytes)"
                + " SELECT ?, ?, ?, ?, ?, ?, ?, (SELECT c.reltuples::bigint FROM pg_class c WHERE c.oid = r),"
                + " pg_total_relation_size(r) FROM to_regclass(?) r")) {
            ps.setLong(1, migrationId);
            ps.setString(2, stepId);
            ps.setString(3, kind);
            ps.setString(4, retained.object());
            ps.setString(5, retained.archived().schema());
            ps.setString(6, retained.archived().name());
            ps.setString(7, definition.orElse(null));
            ps.setString(8, Identifiers.qualified(retained.archived()));
            ps.executeUpdate();
        }
    }

    /**
     * Marks the record of the object kept as {@code archived} restored or purged, in the
     * caller's transaction (the one that moves it back or drops it). Only the open record: an archived name is used
     * again once its earlier table is gone. Nothing to mark on state tables of an older Strata.
     */
    public void closeRetained(QualifiedName archived, Closing how) throws SQLException {
        if (!hasRetainedTable()) {
            return;
        }
        String column = switch (how) {
            case RESTORED -> "restored_at";
            case PURGED -> "purged_at";
        };
        try (PreparedStatement ps = connection.prepareStatement("UPDATE strata.retained SET " + column + " = now()"
                + " WHERE archived_schema = ? AND archived_name = ? AND restored_at IS NULL AND purged_at IS NULL")) {
            ps.setString(1, archived.schema());
            ps.setString(2, archived.name());
            ps.executeUpdate();
        }
    }

    /** How a retained object leaves {@code strata_archive}. */
    public enum Closing { RESTORED, PURGED }

    /** Whether the state schema has the record of retained objects (status, restore and purge read older ones too). */
    public boolean hasRetainedTable() throws SQLException {
        try (Statement st = connection.createStatement();
                ResultSet rs = st.executeQuery("SELECT to_regclass('strata.retained') IS NOT NULL")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    /** Records the catalog as {@code stepId} left it (after the step's commit: see {@link Drift#find}). */
    public void saveSnapshot(long migrationId, String stepId, SortedMap<String, String> files) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE strata.migration SET snapshot = ?::jsonb, snapshot_after = ? WHERE id = ?")) {
            ps.setString(1, Drift.json(files));
            ps.setString(2, stepId);
            ps.setLong(3, migrationId);
            ps.executeUpdate();
        }
    }

    /** The last snapshot; empty for a migration recorded before snapshots existed. */
    public Optional<Snapshot> snapshot(long migrationId) throws SQLException {
        return jsonColumn(migrationId, "snapshot_after, snapshot::text")
                .map(row -> new Snapshot(row.getKey(), Drift.files(row.getValue())));
    }

    /** The desired schema the migration was started with; empty for a saved plan or an older migration. */
    public Optional<SortedMap<String, String>> desiredCatalog(long migrationId) throws SQLException {
        return jsonColumn(migrationId, "'desired', desired_catalog::text").map(row -> Drift.files(row.getValue()));
    }

    private Optional<Map.Entry<String, String>> jsonColumn(long migrationId, String columns) throws SQLException {
        if (!hasDriftColumns()) {
            return Optional.empty();
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT " + columns + " FROM strata.migration WHERE id = ?")) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getString(2) == null) {
                    return Optional.empty();
                }
                return Optional.of(Map.entry(rs.getString(1), rs.getString(2)));
            }
        }
    }

    public BackfillProgress backfill(long migrationId, String stepId) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT last_key, rows_done, finished"
                + " FROM strata.backfill WHERE migration_id = ? AND step_id = ?")) {
            ps.setLong(1, migrationId);
            ps.setString(2, stepId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return BackfillProgress.notStarted(stepId);
                }
                return new BackfillProgress(stepId, texts(rs.getArray(1)), rs.getLong(2), rs.getBoolean(3));
            }
        }
    }

    public List<BackfillProgress> backfills(long migrationId) throws SQLException {
        List<BackfillProgress> all = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("SELECT step_id, last_key, rows_done, finished"
                + " FROM strata.backfill WHERE migration_id = ? ORDER BY step_id")) {
            ps.setLong(1, migrationId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(new BackfillProgress(rs.getString(1), texts(rs.getArray(2)), rs.getLong(3), rs.getBoolean(4)));
                }
            }
        }
        return all;
    }

    public void saveBackfill(long migrationId, BackfillProgress progress) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("INSERT INTO strata.backfill"
                + " (migration_id, step_id, last_key, rows_done, finished) VALUES (?, ?, ?, ?, ?)"
                + " ON CONFLICT (migration_id, step_id) DO UPDATE SET last_key = excluded.last_key,"
                + " rows_done = excluded.rows_done, finished = excluded.finished, updated_at = now()")) {
            ps.setLong(1, migrationId);
            ps.setString(2, progress.stepId());
            if (progress.lastKey().isEmpty()) {
                ps.setNull(3, java.sql.Types.ARRAY);
            } else {
                ps.setArray(3, connection.createArrayOf("text", progress.lastKey().toArray()));
            }
            ps.setLong(4, progress.rowsDone());
            ps.setBoolean(5, progress.finished());
            ps.executeUpdate();
        }
    }

    public void confirmGate(long migrationId, GateKind gate) throws SQLException {
        String column = switch (gate) {
            case DEPLOY_DUAL_WRITE -> "gate_dual_write_confirmed_at";
            case DEPLOY_READ_SWITCH -> "gate_read_switch_confirmed_at";
        };
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE strata.migration SET " + column + " = coalesce(" + column + ", now()) WHERE id = ?")) {
            ps.setLong(1, migrationId);
            ps.executeUpdate();
        }
    }

    public void finish(long migrationId, Migration.Status status) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(
                "UPDATE strata.migration SET status = ?, finished_at = now() WHERE id = ? AND status = 'running'")) {
            ps.setString(1, status.sql());
            ps.setLong(2, migrationId);
            ps.executeUpdate();
        }
    }

    private Optional<Migration> migration(String sql) throws SQLException {
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            if (!rs.next()) {
                return Optional.empty();
            }
            return Optional.of(new Migration(rs.getLong(1), rs.getString(2), rs.getString(3),
                    JsonRenderer.read(rs.getString(4)),
                    Migration.Status.valueOf(rs.getString(5).toUpperCase(java.util.Locale.ROOT)),
                    rs.getString(6), rs.getBoolean(7), rs.getBoolean(8)));
        }
    }

    private static List<String> texts(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }
}
