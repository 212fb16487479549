package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.render.Describe;
import dev.strata.sql.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The tables dropped plans kept in schema {@code strata_archive} (docs/retention.md), read from the catalog: the
 * archive itself is the record, so a table moved back or dropped by hand is simply no longer listed.
 */
public final class RetainedTables {

    /**
     * @param archivedName its name in {@code strata_archive} ({@code "schema.table~token"})
     * @param bytes        {@code pg_total_relation_size}: the table with its indexes and TOAST
     * @param rowEstimate  {@code reltuples}; -1 when never analysed
     */
    public record Retained(String archivedName, long bytes, long rowEstimate) {}

    private RetainedTables() {}

    public static List<Retained> list(Connection connection) {
        List<Retained> found = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement("""
                SELECT c.relname::text, pg_total_relation_size(c.oid), c.reltuples::bigint
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relkind IN ('r', 'p')
                ORDER BY c.relname COLLATE "C\"""")) {
            ps.setString(1, Schema.ARCHIVE);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Retained(rs.getString(1), rs.getLong(2), rs.getLong(3)));
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
        lines.add("dropped tables kept in " + Schema.ARCHIVE + " (recoverable until purged, docs/retention.md):");
        for (Retained r : retained) {
            lines.add("  " + Identifiers.qualified(QualifiedName.of(Schema.ARCHIVE, r.archivedName())) + ": "
                    + Describe.bytes(r.bytes()) + (r.rowEstimate() >= 0 ? ", about " + Describe.rows(r.rowEstimate()) + " rows" : ""));
        }
        return lines;
    }

    /**
     * The kept tables {@code names} name (by archived name), or all of them when {@code names} is empty; a name the
     * archive does not hold is refused, so a typo never reads as "nothing to purge".
     */
    public static List<Retained> select(List<Retained> kept, List<String> names) {
        if (names.isEmpty()) {
            return kept;
        }
        List<String> unknown = names.stream().filter(n -> kept.stream().noneMatch(k -> k.archivedName().equals(n))).toList();
        if (!unknown.isEmpty()) {
            throw new StrataException("no table " + String.join(", ", unknown) + " in " + Schema.ARCHIVE
                    + " (strata status lists what is kept; name it by its archived name, without the schema)");
        }
        return kept.stream().filter(k -> names.contains(k.archivedName())).toList();
    }

    /**
     * Destroys {@code chosen} for good, in one transaction: all or none. No {@code CASCADE}: whatever someone made
     * depend on a kept table since must make the purge fail rather than vanish with it.
     */
    public static void purge(Connection connection, List<Retained> chosen) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            for (Retained r : chosen) {
                st.execute("DROP TABLE " + Identifiers.qualified(QualifiedName.of(Schema.ARCHIVE, r.archivedName())));
            }
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
