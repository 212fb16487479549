package dev.strata.execute;

import dev.strata.ddl.IndexStatement;
import dev.strata.ddl.SqlRender;
import dev.strata.ddl.StatementRenderer;
import dev.strata.ddl.TableStatement;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.diagnostics.StrataException;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.plan.Retention;
import dev.strata.render.Describe;
import dev.strata.sql.Identifiers;
import dev.strata.yaml.SchemaFiles;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The objects dropped plans kept in schema {@code strata_archive} (docs/retention.md). The catalog says what exists:
 * a table moved back or dropped by hand is simply no longer listed, and one moved there by hand or by an older Strata
 * is listed without a record. The record in {@code strata.retained} ({@link StateStore#recordRetained}) says where
 * each came from and when.
 */
public final class RetainedTables {

    /**
     * @param archivedName its name in {@code strata_archive} ({@code "schema.table~token"})
     * @param bytes        {@code pg_total_relation_size}: the table with its indexes and TOAST
     * @param rowEstimate  {@code reltuples}; -1 when never analysed
     * @param origin       its record; empty for a table kept without one
     */
    public record Retained(String archivedName, long bytes, long rowEstimate, Optional<Origin> origin) {

        public QualifiedName archived() {
            return QualifiedName.of(Schema.ARCHIVE, archivedName);
        }
    }

    /**
     * Where a retained object came from, by its record.
     *
     * @param kind        {@code table} or {@code column}
     * @param object      what was dropped, as a user names it ({@code public.sessions})
     * @param keptSeconds how long ago it was retired
     */
    public record Origin(long migrationId, String kind, String object, long keptSeconds) {}

    private RetainedTables() {}

    public static List<Retained> list(Connection connection) {
        List<Retained> found = new ArrayList<>();
        try {
            // The newest open record of each name: an archived name is used again once its earlier table is gone.
            String origin = new StateStore(connection).hasRetainedTable() ? """
                    LEFT JOIN LATERAL (SELECT r.migration_id, r.kind, r.object,
                                              extract(epoch FROM now() - r.retired_at)::bigint AS kept
                                       FROM strata.retained r
                                       WHERE r.archived_schema = n.nspname AND r.archived_name = c.relname
                                         AND r.restored_at IS NULL AND r.purged_at IS NULL
                                       ORDER BY r.retired_at DESC LIMIT 1) o ON true"""
                    : "LEFT JOIN (SELECT NULL::bigint, NULL::text, NULL::text, NULL::bigint) o(migration_id, kind, object, kept) ON true";
            try (PreparedStatement ps = connection.prepareStatement("""
                    SELECT c.relname::text, pg_total_relation_size(c.oid), c.reltuples::bigint,
                           o.migration_id, o.kind, o.object, o.kept
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    """ + origin + """

                    WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
                    ORDER BY c.relname COLLATE "C\"""")) {
                ps.setString(1, Schema.ARCHIVE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long migration = rs.getLong(4);
                        Optional<Origin> o = rs.wasNull() ? Optional.empty()
                                : Optional.of(new Origin(migration, rs.getString(5), rs.getString(6), rs.getLong(7)));
                        found.add(new Retained(rs.getString(1), rs.getLong(2), rs.getLong(3), o));
                    }
                }
            }
        } catch (SQLException e) {
            throw new StrataException("cannot list the tables kept in " + Schema.ARCHIVE + ": " + Executor.firstLine(e), e);
        }
        return found;
    }

    /** Lines for {@code strata status}; none when nothing is kept. */
    public static List<String> describe(List<Retained> retained) {
        if (retained.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        lines.add("dropped tables and columns kept in " + Schema.ARCHIVE + " (recoverable until purged, docs/retention.md):");
        for (Retained r : retained) {
            lines.add("  " + Identifiers.qualified(r.archived()) + ": "
                    + r.origin().map(o -> o.kind() + " " + o.object() + ", migration " + o.migrationId() + ", kept "
                            + age(o.keptSeconds()))
                            .orElse("no record (moved there by hand or by an older Strata)")
                    + ", " + Describe.bytes(r.bytes())
                    + (r.rowEstimate() >= 0 ? ", about " + Describe.rows(r.rowEstimate()) + " rows" : ""));
        }
        return lines;
    }

    /** {@code 3 days}, {@code 5 hours}, {@code 1 minute}: the largest whole unit, rounded down. */
    static String age(long seconds) {
        long[] sizes = {7 * 86_400, 86_400, 3_600, 60};
        String[] units = {"week", "day", "hour", "minute"};
        for (int i = 0; i < sizes.length; i++) {
            // Weeks only from two on: "13 days" says more than "1 week".
            long count = seconds / sizes[i];
            if (count >= (i == 0 ? 2 : 1)) {
                return count + " " + units[i] + (count == 1 ? "" : "s");
            }
        }
        return "less than a minute";
    }

    /**
     * What a purge chooses: by archived name ({@code names}), by age ({@code olderThan}) and by the migration that
     * retired it; the filters combine (all must hold) and none means everything kept. Age and migration come from the
     * record, so a table kept without one is chosen only by name or by a purge of everything.
     */
    public record Selection(List<String> names, Optional<Duration> olderThan, OptionalLong migration) {

        public static final Selection ALL = new Selection(List.of(), Optional.empty(), OptionalLong.empty());

        public Selection {
            names = List.copyOf(names);
        }

        boolean chooses(Retained r) {
            return (names.isEmpty() || names.contains(r.archivedName()))
                    && olderThan.map(age -> r.origin().filter(o -> o.keptSeconds() >= age.toSeconds()).isPresent()).orElse(true)
                    && (migration.isEmpty() || r.origin().filter(o -> o.migrationId() == migration.getAsLong()).isPresent());
        }
    }

    /**
     * The kept tables {@code selection} chooses; a name the archive does not hold is refused, so a typo never reads as
     * "nothing to purge".
     */
    public static List<Retained> select(List<Retained> kept, Selection selection) {
        List<String> unknown = selection.names().stream()
                .filter(n -> kept.stream().noneMatch(k -> k.archivedName().equals(n))).toList();
        if (!unknown.isEmpty()) {
            throw new StrataException("no table " + String.join(", ", unknown) + " in " + Schema.ARCHIVE
                    + " (strata status lists what is kept; name it by its archived name, without the schema)");
        }
        return kept.stream().filter(selection::chooses).toList();
    }

    /** As {@link #select(List, Selection)}, by name only. */
    public static List<Retained> select(List<Retained> kept, List<String> names) {
        return select(kept, new Selection(names, Optional.empty(), OptionalLong.empty()));
    }

    /**
     * Destroys {@code chosen} for good and marks their records purged, in one transaction: all or none. No
     * {@code CASCADE}: whatever someone made depend on a kept table since must make the purge fail rather than vanish
     * with it.
     */
    public static void purge(Connection connection, List<Retained> chosen) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        StateStore state = new StateStore(connection);
        try (Statement st = connection.createStatement()) {
            for (Retained r : chosen) {
                st.execute(new TableStatement.Drop(r.archived(), false).sql());
                state.closeRetained(r.archived(), StateStore.Closing.PURGED);
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /**
     * The statements that re-create the shape of what {@code retained} keeps, from the catalog as the migration's last
     * snapshot left it (the step's own drop not yet in it); empty when there is no snapshot (a migration of an older
     * Strata) or it cannot be read back.
     */
    static Optional<String> definition(Retention retained, Optional<StateStore.Snapshot> before) {
        Optional<Catalog> catalog;
        try {
            catalog = before.map(s -> SchemaFiles.parse(s.files()).catalog());
        } catch (InvalidInputException e) {
            catalog = Optional.empty();
        }
        Optional<Catalog> known = catalog;
        return switch (retained) {
            case Retention.KeptTable t -> known.flatMap(c -> c.table(t.table())).map(table -> createTable(t.table(), table));
            // The column's own record says how to re-create it: what restore runs, in order.
            case Retention.KeptColumn c -> Optional.of(Stream.concat(
                    Stream.of(c.addBack()), c.rebuild().stream().flatMap(List::stream)).map(dev.strata.ddl.Statement::sql).collect(Collectors.joining(";\n")) + ";");
        };
    }

    private static String createTable(QualifiedName name, Table table) {
        List<dev.strata.ddl.Statement> statements = new ArrayList<>();
        statements.add(new TableStatement.Create(name, table, true));
        statements.addAll(SqlRender.twinConstraints(name, table));
        statements.addAll(SqlRender.notValidConstraints(name, table, true));
        table.indexes().forEach(index -> statements.add(new IndexStatement.Create(name, index, false, false)));
        return String.join(";\n", StatementRenderer.render(statements)) + ";";
    }
}
