package dev.strata.scratch;

import dev.strata.ddl.CreateDdl;
import dev.strata.ddl.Origin;
import dev.strata.ddl.SqlRender;
import dev.strata.diagnostics.Diagnostic;
import dev.strata.diagnostics.StrataException;
import dev.strata.expr.SingleStatement;
import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.Location;
import dev.strata.yaml.SourceMap;
import org.postgresql.core.BaseConnection;
import org.postgresql.core.TransactionState;
import org.postgresql.util.PSQLException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Builds a declared schema in an empty scratch database, statement by statement as {@code strata ddl} would, and
 * turns every error the server reports into a {@link Diagnostic} at the place the failing element was declared.
 *
 * <p>All errors, not the first: each statement runs in a savepoint of its own and the next one runs whatever
 * happened. A table the server refuses is built again without the refused column or constraint, so a second
 * mistake in the same table is reported too and its indexes, keys and views are still checked. What fails only
 * because something earlier failed (an index of a refused table, a view reading a refused column, a table whose
 * enum was refused) is a follow-on: the root cause is reported once, not each consequence. Columns of types from
 * extensions ({@code external_types}) cannot be built where the extension is missing: such failures are not
 * reported.
 *
 * <p>Text from the YAML reaches the server here. Nothing of it is executed (CREATE stores expressions and view
 * queries; the tables are empty), each statement is checked to be exactly one ({@link SingleStatement}) and sent
 * alone through the extended protocol, and the transaction's state is checked after every statement; everything is
 * rolled back, in a database that is dropped afterwards.
 */
public final class ServerCheck {

    private static final int STATEMENT_TIMEOUT_MS = 30_000;
    /** undefined table, object (type, access method, operator class), schema, column, function. */
    private static final Set<String> UNDEFINED = Set.of("42P01", "42704", "3F000", "42703", "42883");
    /** "there is no unique constraint matching given keys for referenced table". */
    private static final String NO_MATCHING_KEY = "42830";

    private final Catalog catalog;
    private final SourceMap sources;
    private final int major;
    private final String fallbackFile;
    private final Set<QualifiedName> missing = new HashSet<>();
    private final Set<String> missingSchemas = new HashSet<>();
    private final Set<String> missingColumns = new HashSet<>();
    /** Tables built without a refused column or constraint: a foreign key may miss the key it references. */
    private final Set<QualifiedName> reduced = new HashSet<>();
    private final Set<QualifiedName> externalTypes = new HashSet<>();
    /** Indexes and constraints the server refused: their comments would only fail again, naming them missing. */
    private final Set<Origin> refused = new HashSet<>();
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    private ServerCheck(LoadedSchema schema, int major, String fallbackFile) {
        this.sources = schema.sources();
        this.major = major;
        this.fallbackFile = fallbackFile;
        this.catalog = major >= 18 ? schema.catalog() : withoutTemporalKeys(schema.catalog());
        for (Schema s : catalog.schemas()) {
            for (Table t : s.tables()) {
                t.columns().forEach(c -> c.type().userTypeName()
                        .filter(type -> !catalog.declaresType(type))
                        .ifPresent(externalTypes::add));
            }
        }
    }

    /**
     * Every error the server of {@code database} reports while building {@code schema}, sorted; empty when it builds.
     *
     * @param fallbackFile where to report an error whose element has no recorded position (the schema directory)
     */
    public static List<Diagnostic> check(ScratchDatabase database, LoadedSchema schema, String fallbackFile) {
        try (Connection connection = database.connect()) {
            return new ServerCheck(schema, database.major(), fallbackFile).run(connection);
        } catch (SQLException e) {
            throw new StrataException(database.settings().scrub("cannot build the schema on " + database.description()
                    + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")), e);
        }
    }

    private List<Diagnostic> run(Connection connection) throws SQLException {
        connection.setAutoCommit(false);
        try (Statement st = connection.createStatement()) {
            st.execute("SET LOCAL statement_timeout = '" + STATEMENT_TIMEOUT_MS + "ms'");
            // The one use of CreateDdl: the statements `strata ddl` prints, each with the element it came from.
            for (CreateDdl.Originated statement : CreateDdl.originated(catalog)) {
                if (!dependsOnMissing(statement.origin())) {
                    build(connection, statement.sql(), statement.origin());
                }
            }
        } finally {
            connection.rollback();
        }
        return diagnostics.stream().sorted().toList();
    }

    private void build(Connection connection, String sql, Origin origin) throws SQLException {
        Optional<ServerError> error = attempt(connection, sql);
        if (error.isEmpty()) {
            return;
        }
        if (origin instanceof Origin.OfTable(QualifiedName name) && sql.startsWith("CREATE TABLE")) {
            buildTable(connection, name, sql, error.get());
            return;
        }
        markMissing(origin);
        if (!isFollowOn(error.get()) && !isMissingRole(error.get())) {
            Place place = place(origin, sql, error.get().position());
            report(place, error.get());
        }
    }

    /**
     * A refused table is rebuilt without the element the server pointed at, until it builds or the error points at
     * no element: every mistake in it is reported, and what depends on the rest of it is still checked.
     */
    private void buildTable(Connection connection, QualifiedName name, String sql, ServerError first) throws SQLException {
        Table table = catalog.table(name).orElseThrow();
        ServerError error = first;
        String current = sql;
        while (true) {
            Optional<TablePart> part = tablePart(name, table, current, error);
            if (!isFollowOn(error)) {
                report(part.map(TablePart::place).orElseGet(() -> tablePlace(name)), error);
            }
            if (part.isEmpty()) {
                missing.add(name);
                return;
            }
            Table remainder = part.get().remainder();
            table.constraintNames().stream().filter(c -> !remainder.constraintNames().contains(c))
                    .forEach(c -> refused.add(new Origin.OfConstraint(name, c)));
            table = remainder;
            reduced.add(name);
            current = SqlRender.createTable(name, table, false);
            Optional<ServerError> next = attempt(connection, current);
            if (next.isEmpty()) {
                return;
            }
            error = next.get();
        }
    }

    /** Runs one statement in a savepoint; the server's error, if any, with the savepoint rolled back. */
    private Optional<ServerError> attempt(Connection connection, String sql) throws SQLException {
        if (!SingleStatement.isSingle(sql)) {
            // Validation of the YAML refuses such text; reaching here means a caller skipped it.
            throw new StrataException("refusing to send the declared schema's text to the server: it is not exactly one"
                    + " statement: " + sql.lines().findFirst().orElse(""));
        }
        Savepoint savepoint = connection.setSavepoint();
        try (PreparedStatement st = connection.prepareStatement(sql)) {
            st.execute();
            connection.releaseSavepoint(savepoint);
            return Optional.empty();
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
                throw e;
            }
            connection.rollback(savepoint);
            return Optional.of(ServerError.of(e));
        } finally {
            if (connection.unwrap(BaseConnection.class).getTransactionState() == TransactionState.IDLE) {
                throw new StrataException("the declared schema's text ended the scratch transaction: "
                        + sql.lines().findFirst().orElse(""));
            }
        }
    }

    private boolean dependsOnMissing(Origin origin) {
        return switch (origin) {
            case Origin.OfSchema s -> false;
            case Origin.OfEnum e -> isMissing(e.type());
            case Origin.OfSequence s -> isMissing(s.sequence());
            case Origin.OfTable t -> isMissing(t.table());
            case Origin.OfColumn c -> isMissing(c.table()) || missingColumns.contains(c.column());
            case Origin.OfConstraint c -> isMissing(c.table()) || refused.contains(c);
            case Origin.OfIndex i -> isMissing(i.table()) || refused.contains(i);
            case Origin.OfView v -> isMissing(v.view());
            case Origin.OfObject o -> isMissing(o.object().name());
        };
    }

    private boolean isMissing(QualifiedName name) {
        return missing.contains(name) || missingSchemas.contains(name.schema());
    }

    private void markMissing(Origin origin) {
        switch (origin) {
            case Origin.OfSchema s -> missingSchemas.add(s.schema());
            case Origin.OfEnum e -> missing.add(e.type());
            case Origin.OfSequence s -> missing.add(s.sequence());
            case Origin.OfTable t -> missing.add(t.table());
            case Origin.OfView v -> missing.add(v.view());
            case Origin.OfObject o -> missing.add(o.object().name());
            case Origin.OfColumn c -> { }
            case Origin.OfConstraint c -> refused.add(c);
            case Origin.OfIndex i -> refused.add(i);
        }
    }

    /**
     * Roles are the cluster's, not the schema's: a scratch server has none of those a policy names, so their absence
     * is no mistake in the YAML (applying to a database without them fails with the server's message).
     */
    private static boolean isMissingRole(ServerError error) {
        return error.state().equals("42704") && error.message().startsWith("role \"")
                && error.message().contains("\" does not exist");
    }

    /** An error about something that does not exist because it was refused (or comes from a missing extension). */
    private boolean isFollowOn(ServerError error) {
        String m = error.message();
        if (error.state().equals(NO_MATCHING_KEY)) {
            return reduced.stream().anyMatch(name -> names(m, name));
        }
        if (!UNDEFINED.contains(error.state())) {
            return false;
        }
        for (QualifiedName name : missing) {
            if (names(m, name)) {
                return true;
            }
        }
        for (QualifiedName name : externalTypes) {
            if (names(m, name)) {
                return true;
            }
        }
        return missingSchemas.stream().anyMatch(s -> m.contains("\"" + s + "\""))
                || missingColumns.stream().anyMatch(c -> m.contains("\"" + c + "\"") || m.contains("." + c + " "));
    }

    private static boolean names(String message, QualifiedName name) {
        return message.contains("\"" + name.name() + "\"") || message.contains("\"" + name.schema() + "." + name.name() + "\"");
    }

    /**
     * Before PostgreSQL 18 a temporal key ({@code WITHOUT OVERLAPS}, {@code PERIOD}) is a syntax error at the key
     * word; each is reported here in words instead, and the rest is built as plain keys so it is still checked.
     */
    private Catalog withoutTemporalKeys(Catalog declared) {
        return new Catalog(declared.schemas().stream().map(s -> s.withTables(s.tables().stream().map(t -> {
            QualifiedName name = new QualifiedName(s.name(), t.name());
            t.primaryKey().filter(PrimaryKey::withoutOverlaps).ifPresent(pk -> needs18(name, pk.name(), "without_overlaps"));
            t.uniqueConstraints().stream().filter(UniqueConstraint::withoutOverlaps)
                    .forEach(u -> needs18(name, u.name(), "without_overlaps"));
            t.foreignKeys().stream().filter(ForeignKey::period).forEach(f -> needs18(name, f.name(), "period"));
            return t.withPrimaryKey(t.primaryKey().map(pk -> new PrimaryKey(pk.name(), pk.columns(), false, pk.comment())))
                    .withUniqueConstraints(t.uniqueConstraints().stream().map(u -> new UniqueConstraint(u.name(), u.columns(),
                            u.nullsNotDistinct(), u.deferrability(), false, u.comment())).toList())
                    .withForeignKeys(t.foreignKeys().stream().map(f -> new ForeignKey(f.name(), f.columns(), f.target(),
                            f.targetColumns(), f.onDelete(), f.onUpdate(), f.match(), f.deferrability(), f.valid(),
                            f.comment(), false)).toList());
        }).toList())).toList());
    }

    private void needs18(QualifiedName table, String constraint, String key) {
        Location at = sources.constraint(table, constraint).or(() -> sources.table(table))
                .orElseGet(() -> new Location(fallbackFile, 1, 1));
        diagnostics.add(at.diagnostic("constraint " + constraint + " on " + table + ": " + key + " (a temporal key) needs"
                + " PostgreSQL 18 or later; the schema is checked for " + major));
    }

    private void report(Place place, ServerError error) {
        Location at = place.at().orElseGet(() -> new Location(fallbackFile, 1, 1));
        diagnostics.add(at.diagnostic("PostgreSQL " + major + " rejects the " + place.what() + ": " + error.text()));
    }

    // ---- where a failure was declared ----

    private record Place(String what, Optional<Location> at) {}

    /** The element of a table's CREATE TABLE that the server's error position falls in, and the table without it. */
    private record TablePart(Place place, Table remainder) {}

    private Optional<TablePart> tablePart(QualifiedName name, Table table, String sql, ServerError error) {
        if (error.position() <= 0) {
            return namedColumn(name, table, error.message());
        }
        int at = error.position() - 1;
        for (Column column : table.columns()) {
            String text = SqlRender.columnDefinition(column);
            int start = sql.indexOf(text);
            if (start >= 0 && at >= start && at < start + text.length()) {
                missingColumns.add(column.name());
                Table rest = table.withColumns(table.columns().stream().filter(c -> c != column).toList());
                return Optional.of(new TablePart(new Place("column " + column.name() + " of " + name,
                        columnLocation(name, column, text, at - start)), rest));
            }
        }
        for (CheckConstraint check : table.checks()) {
            if (within(sql, SqlRender.checkClause(check), at)) {
                return constraintPart(name, "check " + check.name(), check.name(),
                        table.withChecks(table.checks().stream().filter(c -> c != check).toList()));
            }
        }
        if (table.primaryKey().isPresent() && within(sql, SqlRender.primaryKeyClause(table.primaryKey().get()), at)) {
            return constraintPart(name, "primary key " + table.primaryKey().get().name(), table.primaryKey().get().name(),
                    table.withPrimaryKey(Optional.empty()));
        }
        for (UniqueConstraint unique : table.uniqueConstraints()) {
            if (within(sql, SqlRender.uniqueClause(unique), at)) {
                return constraintPart(name, "unique constraint " + unique.name(), unique.name(),
                        table.withUniqueConstraints(table.uniqueConstraints().stream().filter(u -> u != unique).toList()));
            }
        }
        for (ExclusionConstraint exclusion : table.exclusions()) {
            if (within(sql, SqlRender.exclusionClause(exclusion), at)) {
                return constraintPart(name, "exclusion constraint " + exclusion.name(), exclusion.name(),
                        table.withExclusions(table.exclusions().stream().filter(x -> x != exclusion).toList()));
            }
        }
        return Optional.empty();
    }

    /**
     * Errors about a column's default or generated expression as a whole (a type that does not fit) carry no
     * position but name the column: {@code column "n" is of type integer but default expression is of type text}.
     */
    private Optional<TablePart> namedColumn(QualifiedName name, Table table, String message) {
        for (Column column : table.columns()) {
            if (message.startsWith("column \"" + column.name() + "\" ")) {
                missingColumns.add(column.name());
                String key = message.contains("default expression") ? "default"
                        : message.contains("generation expression") ? "generated" : "type";
                Optional<Location> at = sources.column(name, column.name(), key)
                        .or(() -> sources.column(name, column.name(), "type"))
                        .or(() -> sources.table(name));
                return Optional.of(new TablePart(new Place("column " + column.name() + " of " + name, at),
                        table.withColumns(table.columns().stream().filter(c -> c != column).toList())));
            }
        }
        return Optional.empty();
    }

    private Optional<TablePart> constraintPart(QualifiedName table, String what, String constraint, Table rest) {
        return Optional.of(new TablePart(new Place(what + " on " + table,
                sources.constraint(table, constraint).or(() -> sources.table(table))), rest));
    }

    private static boolean within(String sql, String text, int at) {
        int start = sql.indexOf(text);
        return start >= 0 && at >= start && at < start + text.length();
    }

    /** The key of the column declaration the error points into: its default, generated expression, …, or its type. */
    private Optional<Location> columnLocation(QualifiedName table, Column column, String text, int offset) {
        List<String> keys = new ArrayList<>();
        column.defaultValue().ifPresent(d -> keys.add(spans(text, " DEFAULT (" + d + ")", offset) ? "default" : ""));
        column.generatedAs().ifPresent(g -> keys.add(spans(text, " GENERATED ALWAYS AS (" + g + ")", offset) ? "generated" : ""));
        column.collation().ifPresent(c -> keys.add(spans(text, " COLLATE " + SqlRender.collation(c), offset) ? "collation" : ""));
        column.identity().ifPresent(i -> keys.add(spans(text, SqlRender.identityClause(i, column.type()), offset) ? "identity" : ""));
        String key = keys.stream().filter(k -> !k.isEmpty()).findFirst().orElse("type");
        return sources.column(table, column.name(), key)
                .or(() -> sources.column(table, column.name(), "type"))
                .or(() -> sources.column(table, column.name(), "name"))
                .or(() -> sources.table(table));
    }

    private static boolean spans(String text, String part, int offset) {
        int start = text.indexOf(part);
        return start >= 0 && offset >= start && offset < start + part.length();
    }

    private Place tablePlace(QualifiedName table) {
        return new Place("table " + table, sources.table(table));
    }

    private Place place(Origin origin, String sql, int position) {
        return switch (origin) {
            case Origin.OfSchema s -> new Place("schema " + s.schema(), anyIn(s.schema()));
            case Origin.OfEnum e -> new Place("enum " + e.type(), sources.enumType(e.type()));
            case Origin.OfSequence s -> new Place("sequence " + s.sequence(), sources.sequence(s.sequence()));
            case Origin.OfTable t -> tablePlace(t.table());
            case Origin.OfColumn c -> new Place("column " + c.column() + " of " + c.table(),
                    sources.column(c.table(), c.column(), "name").or(() -> sources.table(c.table())));
            case Origin.OfConstraint c -> new Place("constraint " + c.constraint() + " on " + c.table(),
                    sources.constraint(c.table(), c.constraint()).or(() -> sources.table(c.table())));
            case Origin.OfIndex i -> new Place("index " + i.index() + " on " + i.table(), indexLocation(i, sql, position));
            case Origin.OfView v -> new Place("view " + v.view(), sources.view(v.view()));
            case Origin.OfObject o -> new Place(o.object().kind() + " " + o.object().name(), sources.object(o.object())
                    .or(() -> anyIn(o.object().name().schema())));
        };
    }

    private Optional<Location> indexLocation(Origin.OfIndex origin, String sql, int position) {
        Optional<Index> index = catalog.table(origin.table()).flatMap(t -> t.indexes().stream()
                .filter(i -> i.name().equals(origin.index())).findFirst());
        boolean inWhere = index.flatMap(Index::where).isPresent() && position > 0
                && position - 1 >= sql.lastIndexOf(" WHERE (");
        return (inWhere ? sources.indexWhere(origin.table(), origin.index()) : sources.index(origin.table(), origin.index()))
                .or(() -> sources.table(origin.table()));
    }

    /** A schema has no position of its own: the first of its elements that has one. */
    private Optional<Location> anyIn(String schema) {
        return catalog.schema(schema).flatMap(s -> s.tables().stream()
                .map(t -> sources.table(QualifiedName.of(schema, t.name())))
                .flatMap(Optional::stream).findFirst());
    }

    /** What the server said: its message, with the detail and hint it gave, on one line. */
    private record ServerError(String state, String message, String text, int position) {

        static ServerError of(SQLException e) {
            if (e instanceof PSQLException p && p.getServerErrorMessage() != null
                    && p.getServerErrorMessage().getMessage() != null) {
                var m = p.getServerErrorMessage();
                StringBuilder text = new StringBuilder(m.getMessage());
                Optional.ofNullable(m.getDetail()).ifPresent(d -> text.append(" (").append(d).append(')'));
                Optional.ofNullable(m.getHint()).ifPresent(h -> text.append("; ").append(h));
                return new ServerError(String.valueOf(m.getSQLState()), m.getMessage(),
                        text.toString().replaceAll("\\s*\\R\\s*", " "), m.getPosition());
            }
            String message = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
            return new ServerError(String.valueOf(e.getSQLState()), message, message, 0);
        }
    }
}
