package dev.strata.catalog;

import dev.strata.diagnostics.StrataException;
import dev.strata.model.Catalog;
import dev.strata.model.Dependent;
import dev.strata.model.EnumType;
import dev.strata.model.Grant;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.model.TakenNames;
import dev.strata.model.UnmanagedObject;
import dev.strata.model.View;
import dev.strata.model.ViewOptions;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Reads a live database (PostgreSQL 14 or newer) into the model with a fixed number of bulk
 * queries, whatever the number of tables. It reads inside a read-only transaction (or savepoint)
 * that it rolls back, so the caller's session is left as it was.
 */
public final class CatalogReader {

    private CatalogReader() {}

    /** What {@code CatalogSql.UNMANAGED} calls privileges and default privileges. */
    private static final Set<String> UNMANAGED_PRIVILEGES = Set.of("privileges", "default privileges");

    /**
     * @param schemas the schemas to read; empty reads every schema except system ones, extension
     *                ones and {@code strata}
     */
    public static PulledCatalog read(Connection c, List<String> schemas) {
        return read(c, schemas, Grant.OPT_IN_KINDS);
    }

    /**
     * As {@link #read(Connection, List)}, leaving out the objects of the {@code skipped} kinds (not even queried): a
     * project's {@code manage:} settings. {@link #read(Connection, List)} skips the kinds only a project that asks for
     * them manages (grants and default privileges).
     */
    public static PulledCatalog read(Connection c, List<String> schemas, Set<String> skipped) {
        try {
            return inReadOnlyScope(c, () -> readAll(c, schemas, skipped));
        } catch (SQLException e) {
            throw new StrataException("cannot read the database catalog: " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /**
     * With autocommit on, a repeatable-read read-only transaction gives one snapshot for all the
     * queries; inside the caller's transaction a savepoint undoes the SET LOCALs on rollback.
     */
    private static <T> T inReadOnlyScope(Connection c, Work<T> work) throws SQLException {
        if (c.getAutoCommit()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET LOCAL search_path = ''");
                return work.run();
            } finally {
                try {
                    c.rollback();
                } finally {
                    c.setAutoCommit(true);
                }
            }
        }
        var savepoint = c.setSavepoint();
        try {
            try (var st = c.createStatement()) {
                st.execute("SET LOCAL transaction_read_only = on; SET LOCAL search_path = ''");
            }
            return work.run();
        } finally {
            c.rollback(savepoint);
            c.releaseSavepoint(savepoint);
        }
    }

    private static PulledCatalog readAll(Connection c, List<String> schemaNames, Set<String> skipped) throws SQLException {
        ServerVersion version = ServerVersion.parse(
                Rows.query(c, CatalogSql.VERSION, r -> (int) r.number("num")).getFirst());
        if (!version.atLeast(14)) {
            throw new StrataException("PostgreSQL " + version + " is not supported: Strata needs 14 or newer");
        }
        var scope = c.createArrayOf("text", schemaNames.toArray());

        List<String> namespaces = Rows.query(c, CatalogSql.NAMESPACES, r -> r.string("nspname"), scope);
        Map<String, List<Table>> tables = TableAssembly.read(c, version, scope);
        Map<String, List<EnumType>> enums = groupBySchema(Rows.query(c, CatalogSql.ENUMS, r -> Map.entry(
                r.string("nspname"),
                new EnumType(r.string("typname"), r.strings("labels"), r.optionalString("comment"))), scope));
        Map<String, List<Sequence>> sequences = groupBySchema(Rows.query(c, CatalogSql.SEQUENCES, r -> Map.entry(
                r.string("nspname"), sequence(r)), scope));
        Map<String, List<View>> views = readViews(c, scope);
        Map<String, List<SchemaObject>> objects = ObjectQueries.read(c, scope, skipped);
        Set<String> managedKinds = ObjectQueries.kinds();
        List<UnmanagedObject> unmanaged = Rows.query(c, CatalogSql.UNMANAGED,
                r -> new UnmanagedObject(r.string("kind"), r.string("identity")), scope).stream()
                .filter(u -> !managedKinds.contains(u.kind()))
                // Privileges read as grants are no longer unmanaged; otherwise they are reported as they always were.
                .filter(u -> skipped.contains(Grant.KIND) || !UNMANAGED_PRIVILEGES.contains(u.kind())).toList();

        List<Dependent> dependents = Rows.query(c, CatalogSql.DEPENDENTS, r -> new Dependent(r.string("kind"),
                r.string("identity"), QualifiedName.of(r.string("nspname"), r.string("relname")), r.strings("columns")), scope);

        List<Schema> schemas = namespaces.stream()
                .map(n -> new Schema(n, enums.getOrDefault(n, List.of()), sequences.getOrDefault(n, List.of()),
                        tables.getOrDefault(n, List.of()), views.getOrDefault(n, List.of()),
                        objects.getOrDefault(n, List.of())))
                .toList();
        boolean everySchema = schemaNames.isEmpty() || Rows.query(c, CatalogSql.SCHEMA_COUNT, r -> r.number("n"),
                c.createArrayOf("text", new Object[0])).getFirst() == namespaces.size();
        return new PulledCatalog(new Catalog(schemas), unmanaged, version, takenNames(c, scope), dependents, everySchema);
    }

    private record TakenRow(String space, String schema, Optional<String> relation, String name) {}

    private static TakenNames takenNames(Connection c, Object scope) throws SQLException {
        Map<String, SortedSet<String>> relations = new TreeMap<>();
        Map<String, SortedSet<String>> functions = new TreeMap<>();
        Map<QualifiedName, SortedSet<String>> constraints = new TreeMap<>();
        Map<QualifiedName, SortedSet<String>> triggers = new TreeMap<>();
        for (TakenRow row : Rows.query(c, CatalogSql.TAKEN_NAMES, r -> new TakenRow(r.string("space"), r.string("nspname"),
                r.optionalString("relname"), r.string("name")), scope)) {
            String schema = row.schema();
            SortedSet<String> names = switch (row.space()) {
                case "relation" -> relations.computeIfAbsent(schema, k -> new TreeSet<>());
                case "function" -> functions.computeIfAbsent(schema, k -> new TreeSet<>());
                case "constraint" -> constraints.computeIfAbsent(QualifiedName.of(schema, row.relation().orElseThrow()), k -> new TreeSet<>());
                default -> triggers.computeIfAbsent(QualifiedName.of(schema, row.relation().orElseThrow()), k -> new TreeSet<>());
            };
            names.add(row.name());
        }
        return new TakenNames(relations, functions, constraints, triggers);
    }

    private static Sequence sequence(Rows r) throws SQLException {
        var type = TypeResolution.resolve(r.string("type"));
        Optional<Sequence.OwnedBy> ownedBy = r.optionalString("owner_table").isPresent()
                ? Optional.of(new Sequence.OwnedBy(r.string("owner_table"), r.string("owner_column")))
                : Optional.empty();
        return new Sequence(r.string("relname"), type, sequenceOptions(r), ownedBy, r.optionalString("comment"));
    }

    /** The options of a {@code pg_sequence} row joined into the current query. */
    static SequenceOptions sequenceOptions(Rows r) throws SQLException {
        return new SequenceOptions(r.number("seqstart"), r.number("seqincrement"), r.number("seqmin"),
                r.number("seqmax"), r.number("seqcache"), r.bool("seqcycle"));
    }

    private record ViewRow(long oid, String schema, View view, List<Long> reads) {}

    private static Map<String, List<View>> readViews(Connection c, Object scope) throws SQLException {
        List<ViewRow> rows = Rows.query(c, CatalogSql.VIEWS, r -> new ViewRow(r.number("oid"), r.string("nspname"),
                new View(r.string("relname"), SqlText.viewDefinition(r.string("definition")),
                        r.optionalString("comment"), new ViewOptions(r.bool("security_barrier"), r.bool("security_invoker"),
                                switch (r.string("check_option")) {
                                    case "local" -> ViewOptions.CheckOption.LOCAL;
                                    case "cascaded" -> ViewOptions.CheckOption.CASCADED;
                                    default -> ViewOptions.CheckOption.NONE;
                                })),
                r.numbers("reads")), scope);
        Map<Long, String> nameByOid = new HashMap<>();
        rows.forEach(row -> nameByOid.put(row.oid(), row.view().name()));
        Map<String, List<View>> bySchema = new TreeMap<>();
        rows.stream().collect(Collectors.groupingBy(ViewRow::schema, TreeMap::new, Collectors.toList()))
                .forEach((schema, inSchema) -> {
                    Map<String, View> byName = new LinkedHashMap<>();
                    Map<String, Set<String>> reads = new HashMap<>();
                    for (ViewRow row : inSchema) {
                        byName.put(row.view().name(), row.view());
                        reads.put(row.view().name(), row.reads().stream()
                                .filter(oid -> inSchema.stream().anyMatch(other -> other.oid() == oid))
                                .map(nameByOid::get)
                                .collect(Collectors.toSet()));
                    }
                    bySchema.put(schema, ViewOrder.order(reads).stream().map(byName::get).toList());
                });
        return bySchema;
    }

    private static <T> Map<String, List<T>> groupBySchema(List<Map.Entry<String, T>> rows) {
        Map<String, List<T>> bySchema = new TreeMap<>();
        for (var row : rows) {
            bySchema.computeIfAbsent(row.getKey(), k -> new ArrayList<>()).add(row.getValue());
        }
        return bySchema;
    }
}
