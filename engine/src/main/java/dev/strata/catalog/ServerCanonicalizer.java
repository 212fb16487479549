package dev.strata.catalog;

import dev.strata.ddl.PolicyStatement;
import dev.strata.ddl.RoutineStatement;
import dev.strata.ddl.SqlRender;
import dev.strata.ddl.TriggerObjectStatement;
import dev.strata.diagnostics.StrataException;
import dev.strata.expr.SingleStatement;
import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.MaterializedView;
import dev.strata.model.ObjectName;
import dev.strata.model.PartitionOf;
import dev.strata.model.Policy;
import dev.strata.model.QualifiedName;
import dev.strata.model.Routine;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.model.Table;
import dev.strata.model.Trigger;
import dev.strata.model.View;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;

/**
 * Asks the server how it would print the expressions and view queries of the desired schema, so that
 * what a user wrote ({@code quantity * unit_price}, {@code SELECT id FROM t}) compares equal to what
 * the catalog reader pulls ({@code (quantity)::numeric * unit_price}, {@code SELECT t.id FROM public.t})
 * and an unchanged schema plans nothing.
 *
 * <p>Every table is recreated as a temporary table (columns with their defaults and generated
 * expressions, checks, indexes) and every view as a temporary view, inside one transaction that is
 * rolled back: nothing is left behind and only the TEMP privilege is needed. They are created under
 * the session's search_path, as Strata's DDL will be, and printed with an empty one, as pulls are. Each policy
 * is created on its table's temporary copy (to PUBLIC: roles do not change how its expressions print), so its
 * {@code USING} and {@code WITH CHECK} compare with pulled ones as check expressions do. A function or procedure with a
 * SQL-standard body is created as a temporary routine of its name and its body printed as the reader prints it. A
 * trigger's condition is printed from a trigger of the same timing and events on its table's copy.
 * A table or view the server cannot create yet (its type or referenced table is new) keeps its text.
 *
 * <p>This is the one place where text from the YAML is sent to the database {@code plan --url} plans
 * against, so it must never change that database. PostgreSQL refuses even temporary objects in a
 * {@code READ ONLY} transaction, so the guarantee is built differently: each statement is checked to be
 * exactly one statement ({@link SingleStatement}) and sent alone through the extended protocol (one
 * statement per Parse message, so text cannot append a {@code COMMIT}); the transaction's state is
 * checked after every statement, and the printing queries run with {@code transaction_read_only} on.
 * Whatever happens, the transaction is rolled back.
 */
public final class ServerCanonicalizer {

    /** Temporary objects take an ACCESS SHARE lock on what they name: never queue behind a migration. */
    private static final int LOCK_TIMEOUT_MS = 2_000;
    private static final int STATEMENT_TIMEOUT_MS = 30_000;
    /** The temporary function the temporary triggers call. */
    private static final String TRIGGER_FUNCTION = "strata_canon_trigger";

    private ServerCanonicalizer() {}

    public static Catalog canonical(Connection connection, Catalog desired) {
        try {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (Statement st = connection.createStatement()) {
                st.execute("SET LOCAL lock_timeout = '" + LOCK_TIMEOUT_MS + "ms'");
                st.execute("SET LOCAL statement_timeout = '" + STATEMENT_TIMEOUT_MS + "ms'");
                Map<QualifiedName, String> tempTables = new HashMap<>();
                Map<QualifiedName, String> tempViews = new HashMap<>();
                Map<QualifiedName, String> tempMatviews = new HashMap<>();
                Map<ObjectName, String> tempPolicies = new HashMap<>();
                Map<ObjectName, Long> tempRoutines = new HashMap<>();
                Map<ObjectName, String> tempTriggers = new HashMap<>();
                boolean triggerFunction = false;
                int n = 0;
                for (Schema schema : desired.schemas()) {
                    for (Table table : schema.tables()) {
                        String temp = "strata_canon_t" + (++n);
                        // A partition's indexes and checks name its parent's columns: its copy has them all.
                        Table physical = table.isPartition() ? table.withColumns(PartitionOf.physicalColumns(desired,
                                QualifiedName.of(schema.name(), table.name()))) : table;
                        if (tryAll(connection, tempTable(temp, physical))) {
                            tempTables.put(QualifiedName.of(schema.name(), table.name()), temp);
                        }
                    }
                    for (SchemaObject object : schema.objects(Policy.KIND)) {
                        Policy policy = (Policy) object;
                        String table = tempTables.get(QualifiedName.of(schema.name(), policy.table()));
                        String temp = "strata_canon_p" + (++n);
                        // Roles do not change how expressions print, and may not exist yet: PUBLIC stands in.
                        Policy renamed = new Policy(table == null ? "t" : table, temp, policy.command(),
                                policy.permissive(), List.of(), policy.using(), policy.withCheck(), Optional.empty());
                        if (table != null && tryAll(connection, List.of(new PolicyStatement.Create(
                                QualifiedName.of("pg_temp", table), renamed).render()))) {
                            tempPolicies.put(ObjectName.of(Policy.KIND, schema.name(), policy.key()), temp);
                        }
                    }
                    for (SchemaObject object : schema.objects(Trigger.KIND)) {
                        Trigger trigger = (Trigger) object;
                        String table = tempTables.get(trigger.table());
                        if (trigger.when().isEmpty() || table == null) {
                            continue;
                        }
                        if (!triggerFunction) {
                            triggerFunction = tryAll(connection, List.of("CREATE FUNCTION pg_temp." + TRIGGER_FUNCTION
                                    + "() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NULL; END$$"));
                        }
                        String temp = "strata_canon_g" + (++n);
                        if (triggerFunction && tryAll(connection, List.of(new TriggerObjectStatement.Create(
                                QualifiedName.of("pg_temp", temp), temporaryTrigger(trigger, table, temp), false).render()))) {
                            tempTriggers.put(ObjectName.of(Trigger.KIND, schema.name(), trigger.key()), temp);
                        }
                    }
                    // A materialized view's query prints as a view's does.
                    for (SchemaObject object : schema.objects(MaterializedView.KIND)) {
                        String temp = "strata_canon_m" + (++n);
                        if (tryAll(connection, List.of("CREATE TEMP VIEW " + temp + " AS " + ((MaterializedView) object).query()))) {
                            tempMatviews.put(QualifiedName.of(schema.name(), object.key()), temp);
                        }
                    }
                    for (SchemaObject object : schema.objects()) {
                        if (object instanceof Routine routine && routine.bodyForm() == Routine.BodyForm.STANDARD) {
                            temporaryRoutine(connection, routine, tempRoutines.values()).ifPresent(oid ->
                                    tempRoutines.put(ObjectName.of(routine.kind(), schema.name(), routine.key()), oid));
                        }
                    }
                    for (View view : schema.views()) {
                        String temp = "strata_canon_v" + (++n);
                        if (tryAll(connection, List.of("CREATE TEMP VIEW " + temp + " AS " + view.definition()))) {
                            tempViews.put(QualifiedName.of(schema.name(), view.name()), temp);
                        }
                    }
                }
                // From here on only reads: the server itself refuses anything else.
                st.execute("SET LOCAL transaction_read_only = on");
                st.execute("SET LOCAL search_path = ''");
                List<Schema> schemas = new ArrayList<>();
                for (Schema schema : desired.schemas()) {
                    List<Table> tables = new ArrayList<>();
                    for (Table table : schema.tables()) {
                        String temp = tempTables.get(QualifiedName.of(schema.name(), table.name()));
                        tables.add(temp == null ? table : printed(st, temp, table));
                    }
                    List<View> views = new ArrayList<>();
                    for (View view : schema.views()) {
                        String temp = tempViews.get(QualifiedName.of(schema.name(), view.name()));
                        views.add(temp == null ? view : new View(view.name(), viewDefinition(st, temp), view.comment(), view.options()));
                    }
                    List<SchemaObject> objects = new ArrayList<>();
                    for (SchemaObject object : schema.objects()) {
                        if (object instanceof MaterializedView m) {
                            String temp = tempMatviews.get(QualifiedName.of(schema.name(), m.key()));
                            objects.add(temp == null ? m : new MaterializedView(m.name(), viewDefinition(st, temp),
                                    m.populated(), m.indexes(), m.comment(), m.storageParameters()));
                            continue;
                        }
                        Long routine = tempRoutines.get(ObjectName.of(object.kind(), schema.name(), object.key()));
                        if (routine != null) {
                            objects.add(((Routine) object).withBody(standardBody(st, routine), Routine.BodyForm.STANDARD));
                            continue;
                        }
                        String trigger = tempTriggers.get(ObjectName.of(object.kind(), schema.name(), object.key()));
                        if (trigger != null) {
                            objects.add(printedTrigger(st, trigger, (Trigger) object));
                            continue;
                        }
                        String temp = tempPolicies.get(ObjectName.of(object.kind(), schema.name(), object.key()));
                        objects.add(temp == null ? object : printedPolicy(st, temp, (Policy) object));
                    }
                    schemas.add(schema.withTables(tables).withViews(views).withObjects(objects));
                }
                return new Catalog(schemas);
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StrataException("cannot compare the desired expressions with the server's: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    /**
     * A routine with a SQL-standard body created as a temporary one of the same name (its arguments print qualified by
     * that name), so the server parses the body as it will when Strata creates it; its oid, or empty when the server
     * cannot create it yet (a table it reads is new). The body is sent only when it is one body and nothing after it
     * ({@link RoutineStatement#isOneStandardBody}): its own {@code ;}s rule out {@link SingleStatement}, and the
     * transaction's state is checked after it as after every statement.
     */
    private static Optional<Long> temporaryRoutine(Connection connection, Routine routine, java.util.Collection<Long> taken)
            throws SQLException {
        if (!RoutineStatement.isOneStandardBody(routine.body())) {
            return Optional.empty();
        }
        String sql = new RoutineStatement.Create(QualifiedName.of("pg_temp", routine.key()),
                routine.withComment(Optional.empty()), false).render();
        Savepoint savepoint = connection.setSavepoint();
        try {
            try (PreparedStatement st = connection.prepareStatement(sql)) {
                st.execute();
            } finally {
                requireOpenTransaction(connection, sql);
            }
            try (PreparedStatement st = connection.prepareStatement("SELECT p.oid FROM pg_proc p"
                    + " WHERE p.pronamespace = pg_my_temp_schema() AND p.proname = ? ORDER BY p.oid")) {
                st.setString(1, routine.name());
                Optional<Long> oid = Optional.empty();
                try (var rs = st.executeQuery()) {
                    while (rs.next()) {
                        if (!taken.contains(rs.getLong(1))) {
                            oid = Optional.of(rs.getLong(1));
                        }
                    }
                }
                connection.releaseSavepoint(savepoint);
                return oid;
            }
        } catch (SQLException e) {
            connection.rollback(savepoint);
            return Optional.empty();
        }
    }

    /** A temporary routine's SQL-standard body as the catalog reader prints it (empty search_path). */
    private static String standardBody(Statement st, long oid) throws SQLException {
        try (var rs = st.executeQuery("SELECT pg_get_function_sqlbody(" + oid + "::oid)")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** Columns (defaults, generated expressions), checks and indexes; no keys: they carry no expressions. */
    private static List<String> tempTable(String temp, Table table) {
        List<String> elements = new ArrayList<>();
        for (Column column : table.columns()) {
            elements.add(SqlRender.columnDefinition(column.withIdentity(Optional.empty()).withNullable(true)));
        }
        for (CheckConstraint check : table.checks()) {
            elements.add(SqlRender.checkClause(new CheckConstraint(check.name(), check.expression(), false)));
        }
        List<String> statements = new ArrayList<>();
        statements.add("CREATE TEMP TABLE " + temp + " (" + String.join(", ", elements) + ")");
        int i = 0;
        for (Index index : table.indexes()) {
            Index renamed = new Index(temp + "_i" + (++i), false, false, index.method(), index.keys(), index.include(),
                    index.where(), Map.of());
            statements.add(SqlRender.createIndex(QualifiedName.of("pg_temp", temp), renamed, false));
        }
        return statements;
    }

    private static boolean tryAll(Connection connection, List<String> statements) throws SQLException {
        for (String sql : statements) {
            if (!SingleStatement.isSingle(sql)) {
                // Validation of the YAML refuses such text; reaching here means a caller skipped it.
                throw new StrataException("refusing to send the desired schema's text to the server: it is not"
                        + " exactly one statement: " + firstLine(sql));
            }
        }
        Savepoint savepoint = connection.setSavepoint();
        try {
            for (String sql : statements) {
                try (PreparedStatement st = connection.prepareStatement(sql)) {
                    st.execute();
                } finally {
                    requireOpenTransaction(connection, sql);
                }
            }
            connection.releaseSavepoint(savepoint);
            return true;
        } catch (SQLException e) {
            connection.rollback(savepoint);
            return false;
        }
    }

    /** A statement that ended Strata's transaction would have committed whatever came before it. */
    private static void requireOpenTransaction(Connection connection, String sql) throws SQLException {
        TransactionState state = connection.unwrap(BaseConnection.class).getTransactionState();
        if (state == TransactionState.IDLE) {
            throw new StrataException("the desired schema's text ended Strata's transaction on the server: "
                    + firstLine(sql));
        }
    }

    private static String firstLine(String sql) {
        return sql.lines().findFirst().orElse("");
    }

    private static Table printed(Statement st, String temp, Table table) throws SQLException {
        String relation = "'pg_temp." + temp + "'::regclass";
        Map<String, String> defaults = new HashMap<>();
        Map<String, String> generated = new HashMap<>();
        try (var rs = st.executeQuery("SELECT a.attname, a.attgenerated, pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a"
                + " JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum WHERE a.attrelid = " + relation)) {
            while (rs.next()) {
                (rs.getString(2).isEmpty() ? defaults : generated).put(rs.getString(1), rs.getString(3));
            }
        }
        Map<String, String> checks = new HashMap<>();
        try (var rs = st.executeQuery("SELECT conname, pg_get_expr(conbin, conrelid) FROM pg_constraint WHERE contype = 'c' AND conrelid = " + relation)) {
            while (rs.next()) {
                checks.put(rs.getString(1), SqlText.stripOuterParentheses(rs.getString(2)));
            }
        }
        List<Column> columns = table.columns().stream().map(c -> c
                .withDefault(c.defaultValue().map(d -> defaults.getOrDefault(c.name(), d)))
                .withGeneratedAs(c.generatedAs().map(g -> generated.containsKey(c.name())
                        ? SqlText.stripOuterParentheses(generated.get(c.name())) : g)))
                .toList();
        List<CheckConstraint> printedChecks = table.checks().stream()
                .map(c -> new CheckConstraint(c.name(), checks.getOrDefault(c.name(), c.expression()), c.noInherit(), c.valid(),
                        c.comment()))
                .toList();
        List<Index> indexes = new ArrayList<>();
        int i = 0;
        for (Index index : table.indexes()) {
            indexes.add(printedIndex(st, temp + "_i" + (++i), index));
        }
        return table.withColumns(columns).withChecks(printedChecks).withIndexes(indexes);
    }

    private static Index printedIndex(Statement st, String tempIndex, Index index) throws SQLException {
        String relation = "'pg_temp." + tempIndex + "'::regclass";
        List<IndexKey> keys = new ArrayList<>();
        for (int k = 0; k < index.keys().size(); k++) {
            IndexKey key = index.keys().get(k);
            if (key.target() instanceof IndexKey.ExpressionTarget) {
                try (var rs = st.executeQuery("SELECT pg_get_indexdef(" + relation + ", " + (k + 1) + ", true)")) {
                    rs.next();
                    key = new IndexKey(new IndexKey.ExpressionTarget(SqlText.stripOuterParentheses(rs.getString(1))),
                            key.opclass(), key.descending(), key.nullsFirst());
                }
            }
            keys.add(key);
        }
        Optional<String> where = index.where();
        if (where.isPresent()) {
            try (var rs = st.executeQuery("SELECT pg_get_expr(indpred, indrelid) FROM pg_index WHERE indexrelid = " + relation)) {
                rs.next();
                where = Optional.of(SqlText.stripOuterParentheses(rs.getString(1)));
            }
        }
        return new Index(index.name(), index.unique(), index.nullsNotDistinct(), index.method(), keys, index.include(),
                where, index.storageParameters(), index.comment());
    }

    /**
     * A row trigger with the declared condition on the table's temporary copy, calling a temporary function: how the
     * condition prints depends only on the table's columns and on the events (which of OLD and NEW it may read).
     */
    private static Trigger temporaryTrigger(Trigger trigger, String table, String temp) {
        return new Trigger(QualifiedName.of("pg_temp", table), temp, trigger.timing(), trigger.events(), List.of(),
                trigger.forEachRow(), trigger.when(), Optional.empty(), Optional.empty(),
                QualifiedName.of("pg_temp", TRIGGER_FUNCTION), List.of(), Trigger.Enabled.ORIGIN, Optional.empty());
    }

    /** The trigger with its condition as the server prints it on the temporary table. */
    private static Trigger printedTrigger(Statement st, String temp, Trigger trigger) throws SQLException {
        try (var rs = st.executeQuery("SELECT pg_get_triggerdef(t.oid) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid"
                + " WHERE c.relnamespace = pg_my_temp_schema() AND t.tgname = '" + temp + "'")) {
            if (!rs.next()) {
                return trigger;
            }
            return trigger.withWhen(Optional.of(TriggerQuery.when(rs.getString(1), temp)));
        }
    }

    /** The policy with its expressions as the server prints them on the temporary table (roles and comment kept). */
    private static Policy printedPolicy(Statement st, String temp, Policy policy) throws SQLException {
        try (var rs = st.executeQuery("SELECT pg_get_expr(polqual, polrelid), pg_get_expr(polwithcheck, polrelid)"
                + " FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid"
                + " WHERE c.relnamespace = pg_my_temp_schema() AND p.polname = '" + temp + "'")) {
            if (!rs.next()) {
                return policy;
            }
            Optional<String> using = Optional.ofNullable(rs.getString(1)).map(SqlText::stripOuterParentheses);
            Optional<String> withCheck = Optional.ofNullable(rs.getString(2)).map(SqlText::stripOuterParentheses);
            return new Policy(policy.table(), policy.name(), policy.command(), policy.permissive(), policy.roles(),
                    using, withCheck, policy.comment());
        }
    }

    private static String viewDefinition(Statement st, String temp) throws SQLException {
        try (var rs = st.executeQuery("SELECT pg_get_viewdef('pg_temp." + temp + "'::regclass, true)")) {
            rs.next();
            return SqlText.viewDefinition(rs.getString(1));
        }
    }
}
