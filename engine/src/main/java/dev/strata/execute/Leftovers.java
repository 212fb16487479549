package dev.strata.execute;

import dev.strata.ddl.IndexStatement;
import dev.strata.ddl.MaterializedViewStatement;
import dev.strata.ddl.StatementRenderer;
import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.ddl.TriggerStatement;
import dev.strata.diagnostics.StrataException;
import dev.strata.model.QualifiedName;
import dev.strata.plan.DualWrite;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Scaffolding;
import dev.strata.plan.TableWork;
import dev.strata.sql.Identifiers;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Finds what unfinished or abandoned migrations left behind ({@link Leftover}): objects carrying Strata's marker
 * ({@link Scaffolding}), indexes and materialized views under its temporary names, and INVALID indexes, in every
 * schema but PostgreSQL's own and {@code strata}; and removes them, each table's in one short transaction under the
 * apply's lock timeout and retries.
 */
final class Leftovers {

    private static final String FIND = """
            WITH marked AS (
              SELECT p.oid, n.nspname, p.proname::text AS proname FROM pg_description ds
              JOIN pg_proc p ON p.oid = ds.objoid JOIN pg_namespace n ON n.oid = p.pronamespace
              WHERE ds.classoid = 'pg_proc'::regclass AND ds.objsubid = 0 AND starts_with(ds.description, ?)
            ), tables AS (
              SELECT c.oid, n.nspname, c.relname::text AS relname FROM pg_class c
              JOIN pg_namespace n ON n.oid = c.relnamespace
              WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'strata', 'strata_archive') AND left(n.nspname, 3) <> 'pg_'
            )
            SELECT 'trigger' AS kind, t.nspname, t.relname, tg.tgname::text AS name, m.nspname AS fschema, m.proname
            FROM pg_trigger tg JOIN tables t ON t.oid = tg.tgrelid JOIN marked m ON m.oid = tg.tgfoid
            WHERE NOT tg.tgisinternal
            UNION ALL
            SELECT 'function', m.nspname, '', m.proname, m.nspname, m.proname FROM marked m
            WHERE NOT EXISTS (SELECT 1 FROM pg_trigger tg WHERE tg.tgfoid = m.oid)
            UNION ALL
            SELECT 'column', t.nspname, t.relname, a.attname::text, '', '' FROM pg_description ds
            JOIN tables t ON t.oid = ds.objoid
            JOIN pg_attribute a ON a.attrelid = ds.objoid AND a.attnum = ds.objsubid
            WHERE ds.classoid = 'pg_class'::regclass AND ds.objsubid > 0 AND NOT a.attisdropped
              AND starts_with(ds.description, ?)
            UNION ALL
            SELECT 'index', t.nspname, t.relname, ic.relname::text, '', '' FROM pg_index i JOIN tables t ON t.oid = i.indrelid
            JOIN pg_class ic ON ic.oid = i.indexrelid
            WHERE NOT i.indisvalid
            UNION ALL
            SELECT 'temporary index', t.nspname, t.relname, ic.relname::text, '', '' FROM pg_index i
            JOIN tables t ON t.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
            WHERE i.indisvalid AND EXISTS (SELECT 1 FROM unnest(?::text[]) s WHERE right(ic.relname::text, length(s)) = s)
            UNION ALL
            SELECT 'materialized view', t.nspname, t.relname, t.relname, '', '' FROM tables t JOIN pg_class c ON c.oid = t.oid
            WHERE c.relkind = 'm' AND right(t.relname, length(?)) = ?
            ORDER BY 1, 2, 3, 4
            """;

    private Leftovers() {}

    static List<Leftover> find(Connection connection) throws SQLException {
        List<Leftover> found = new ArrayList<>();
        try (PreparedStatement ps = connection.prepareStatement(FIND)) {
            ps.setString(1, Scaffolding.PREFIX);
            ps.setString(2, Scaffolding.PREFIX);
            ps.setArray(3, connection.createArrayOf("text", Scaffolding.INDEX_SUFFIXES.toArray()));
            ps.setString(4, Scaffolding.REPLACEMENT_INDEX_SUFFIX);
            ps.setString(5, Scaffolding.REPLACEMENT_INDEX_SUFFIX);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    QualifiedName table = QualifiedName.of(rs.getString(2), rs.getString(3));
                    String name = rs.getString(4);
                    found.add(switch (rs.getString(1)) {
                        case "trigger" -> new Leftover.Trigger(table, name, QualifiedName.of(rs.getString(5), rs.getString(6)));
                        case "function" -> new Leftover.Function(QualifiedName.of(rs.getString(5), rs.getString(6)));
                        case "column" -> new Leftover.ShadowColumn(table, name);
                        case "temporary index" -> new Leftover.TemporaryIndex(table, QualifiedName.of(table.schema(), name));
                        case "materialized view" -> new Leftover.ReplacementMaterializedView(table);
                        default -> new Leftover.InvalidIndex(table, QualifiedName.of(table.schema(), name));
                    });
                }
            }
        }
        // A replacement materialized view's indexes carry the temporary suffix too; they go with it.
        Set<QualifiedName> views = new HashSet<>();
        found.forEach(l -> {
            if (l instanceof Leftover.ReplacementMaterializedView m) {
                views.add(m.view());
            }
        });
        found.removeIf(l -> l instanceof Leftover.IndexLeftover i && views.contains(i.table()));
        return found;
    }

    /** What removing left behind: what went, and what stays with the reason. */
    record Cleanup(List<String> removed, List<String> kept) {}

    /**
     * Removes the marked leftovers, the INVALID and temporary indexes and the replacement materialized views among
     * {@code builtByStrata} (an INVALID index of someone else's may be a concurrent build still running; a user's
     * object may have a name like Strata's), and the new column of each of {@code renames} whose old column is still
     * there.
     *
     * <p>Such a column is a copy the backfill filled only partly, and it is not marked (it becomes the real column).
     * Left in place, the next plan of the same rename finds both names taken, ignores the hint and drops the old
     * column, losing every value the backfill had not reached. The old column loses nothing when it goes: the sync
     * trigger, dropped in the same transaction, copied every write of either column into it.
     */
    static Cleanup remove(Connection connection, Set<QualifiedName> builtByStrata, List<DualWrite> renames,
            ApplyOptions options, Consumer<String> log) throws SQLException {
        List<String> removed = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        // Blind to who is in the way (no second session): abandon is a short cleanup, and its errors name the table.
        LockRetry retry = new LockRetry(options.maxAttempts(), options.lockTimeout(), Timing.system(), log,
                new LockWatch(Optional.empty(), options.lockTimeout(), System::nanoTime, log));
        Map<QualifiedName, List<Leftover>> byTable = new LinkedHashMap<>();
        for (Leftover leftover : find(connection)) {
            switch (leftover) {
                case Leftover.Trigger t -> byTable.computeIfAbsent(t.table(), k -> new ArrayList<>()).add(t);
                case Leftover.ShadowColumn c -> byTable.computeIfAbsent(c.table(), k -> new ArrayList<>()).add(c);
                case Leftover.Function f -> run(connection, retry, options, f.name(), List.of(dropFunction(f.name())),
                        false, "sync function " + f.name() + "()", removed, kept);
                case Leftover.IndexLeftover i when builtByStrata.contains(i.index()) -> run(connection, retry, options,
                        i.table(), List.of(new IndexStatement.Drop(i.index(), true, true)), true,
                        i.label() + " " + i.index(), removed, kept);
                case Leftover.ReplacementMaterializedView m when builtByStrata.contains(m.view()) -> run(connection,
                        retry, options, m.view(), List.of(new MaterializedViewStatement.Drop(m.view())), false,
                        "materialized view " + m.view(), removed, kept);
                case Leftover.ReplacementMaterializedView m -> kept.add("materialized view " + m.view() + ": named like"
                        + " Strata's replacement materialized views but not built by the last migration's plan; drop it"
                        + " yourself if nothing needs it");
                case Leftover.TemporaryIndex i -> kept.add("index " + i.index() + " on " + i.table() + ": named like"
                        + " Strata's temporary indexes but not built by the last migration's plan; drop it yourself with"
                        + " DROP INDEX CONCURRENTLY if nothing needs it");
                case Leftover.InvalidIndex i -> kept.add("INVALID index " + i.index() + " on " + i.table()
                        + ": not built by the last migration's plan (it may be a build still running); drop it yourself"
                        + " with DROP INDEX CONCURRENTLY once it is not");
            }
        }
        Map<QualifiedName, List<DualWrite>> unfinished = new LinkedHashMap<>();
        for (DualWrite rename : renames) {
            if (bothColumnsExist(connection, rename)) {
                unfinished.computeIfAbsent(rename.table(), k -> new ArrayList<>()).add(rename);
                byTable.computeIfAbsent(rename.table(), k -> new ArrayList<>());
            }
        }
        for (var entry : byTable.entrySet()) {
            // Triggers first: a trigger naming a dropped column would fail every write.
            List<dev.strata.ddl.Statement> sql = new ArrayList<>();
            List<String> what = new ArrayList<>();
            for (Leftover l : entry.getValue()) {
                if (l instanceof Leftover.Trigger t) {
                    sql.add(new TriggerStatement.DropTrigger(t.name(), t.table(), true));
                    sql.add(dropFunction(t.function()));
                    what.add("sync trigger " + t.name() + " and its function on " + t.table());
                }
            }
            for (Leftover l : entry.getValue()) {
                if (l instanceof Leftover.ShadowColumn c) {
                    sql.add(TableStatement.Alter.of(c.table(), new TableAction.DropColumn(c.column(), true)));
                    what.add("shadow column " + c.table() + "." + c.column());
                }
            }
            for (DualWrite r : unfinished.getOrDefault(entry.getKey(), List.of())) {
                sql.add(TableStatement.Alter.of(r.table(), new TableAction.DropColumn(r.newColumn(), true)));
                // A rename that also changes the type has a one-way trigger: the gate asked the application to write both.
                what.add("column " + r.table() + "." + r.newColumn() + " of the unfinished rename of " + r.oldColumn()
                        + " (" + r.oldColumn() + (r.reverse().isPresent() ? " holds every value)"
                                : " holds every value written to it, as the dual-write gate asked)"));
            }
            run(connection, retry, options, entry.getKey(), sql, false, String.join(", ", what), removed, kept);
        }
        return new Cleanup(removed, kept);
    }

    private static boolean bothColumnsExist(Connection connection, DualWrite rename) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("SELECT count(*) FROM pg_attribute"
                + " WHERE attrelid = to_regclass(?) AND attname IN (?, ?) AND attnum > 0 AND NOT attisdropped")) {
            ps.setString(1, Identifiers.qualified(rename.table()));
            ps.setString(2, rename.oldColumn());
            ps.setString(3, rename.newColumn());
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() && rs.getInt(1) == 2;
            }
        }
    }

    private static dev.strata.ddl.Statement dropFunction(QualifiedName function) {
        return new TriggerStatement.DropFunction(function, true);
    }

    /** Runs {@code sql} in one transaction (or, {@code concurrent}, alone) under the lock timeout, with retries. */
    private static void run(Connection connection, LockRetry retry, ApplyOptions options, QualifiedName relation,
            List<dev.strata.ddl.Statement> sql, boolean concurrent, String what, List<String> removed, List<String> kept) {
        try {
            retry.run("removing " + what, connection,
                    List.of(new LockHold(relation, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), attempt -> {
                        connection.setAutoCommit(concurrent);
                        Session.timeouts(connection, options.lockTimeout(), options.ddlStatementTimeout());
                        try (Statement st = connection.createStatement()) {
                            for (String s : StatementRenderer.render(sql)) {
                                st.execute(s);
                            }
                        }
                        if (!concurrent) {
                            connection.commit();
                        }
                        return attempt;
                    });
            removed.add(what);
        } catch (SQLException | StrataException e) {
            Session.rollbackQuietly(connection);
            String reason = e instanceof SQLException s ? Executor.firstLine(s) : e.getMessage().lines().findFirst().orElse("");
            kept.add(what + ": " + reason + "; rerun strata abandon to retry");
        } finally {
            try {
                connection.setAutoCommit(true);
                Session.resetTimeouts(connection);
            } catch (SQLException ignored) {
                // The next statement on a broken connection reports it.
            }
        }
    }
}
