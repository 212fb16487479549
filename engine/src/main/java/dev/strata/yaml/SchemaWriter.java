package dev.strata.yaml;

import dev.strata.diagnostics.InvalidInputException;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.EnumType;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.model.View;
import dev.strata.model.ViewOptions;
import dev.strata.naming.PgNames;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;
import dev.strata.yaml.TableWriter.NameRef;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Writes a catalog as schema files ({@code strata pull}): {@code <schema>/<table>.yaml} per table,
 * {@code <schema>/_types.yaml} for enums, standalone sequences and extension types,
 * {@code <schema>/_views.yaml} for views, {@code <schema>/_<section>.yaml} for each kind managed as a whole
 * ({@link ObjectYamls}, e.g. {@code _extensions.yaml}). Pure and deterministic; what it writes reads back
 * ({@link SchemaFiles#parse}) to the same catalog.
 */
public final class SchemaWriter {

    /** The first line of every written file; a file without it is never overwritten. */
    public static final String OWNERSHIP_MARKER = "# strata:pulled";

    public static final String OWNERSHIP_LINE =
            OWNERSHIP_MARKER + " — written by 'strata pull'; files without this line are never overwritten";

    static final String TYPES_FILE = "_types";
    static final String VIEWS_FILE = "_views";

    /** Rounds of "write, read back, spell out the names that came back different" before giving up on short forms. */
    private static final int MAX_ROUNDS = 8;

    private SchemaWriter() {}

    /** Relative path → file content. */
    public static SortedMap<String, String> files(Catalog catalog) {
        Set<NameRef> explicit = new HashSet<>(namesNotPlainlyDerived(catalog));
        Set<NameRef> serials = new HashSet<>(serialColumns(catalog));
        for (int round = 0; round < MAX_ROUNDS; round++) {
            SortedMap<String, String> files = render(catalog, explicit, serials);
            Catalog back;
            try {
                back = SchemaFiles.parse(files).catalog();
            } catch (InvalidInputException e) {
                break;
            }
            Set<NameRef> explicitBefore = Set.copyOf(explicit);
            Set<NameRef> serialsBefore = Set.copyOf(serials);
            spellOutMismatches(catalog, back, explicit, serials);
            if (explicit.equals(explicitBefore) && serials.equals(serialsBefore)) {
                return files;
            }
        }
        return render(catalog, allNames(catalog), Set.of());
    }

    private static SortedMap<String, String> render(Catalog catalog, Set<NameRef> explicit, Set<NameRef> serials) {
        SortedMap<String, String> files = new TreeMap<>();
        Map<String, Set<String>> externalTypes = externalTypes(catalog);
        var schemaNames = new TreeSet<String>(externalTypes.keySet());
        catalog.schemas().forEach(s -> schemaNames.add(s.name()));
        Map<String, String> directories = FileNames.assign(List.copyOf(schemaNames), Set.of());
        Set<String> serialSequences = new HashSet<>();
        for (Schema s : catalog.schemas()) {
            for (Table t : s.tables()) {
                for (Column c : t.columns()) {
                    if (serials.contains(new NameRef(new QualifiedName(s.name(), t.name()), "serial", c.name()))) {
                        serialSequence(s, t, c).ifPresent(seq -> serialSequences.add(s.name() + "\0" + seq.name()));
                    }
                }
            }
        }
        for (Schema s : catalog.schemas()) {
            String dir = directories.get(s.name()) + "/";
            Set<String> reserved = new HashSet<>(Set.of(TYPES_FILE, VIEWS_FILE));
            ObjectYamls.ALL.forEach(kind -> reserved.add(ObjectYamls.fileName(kind)));
            Map<String, String> tableFiles = FileNames.assign(s.tables().stream().map(Table::name).toList(), reserved);
            var writer = new TableWriter(catalog, s.name(), explicit, serials);
            for (Table t : s.tables()) {
                var tables = new YamlNodes.Map().block().put(t.name(), writer.table(t));
                files.put(dir + tableFiles.get(t.name()) + ".yaml", document(s.name(), "tables", tables.node()));
            }
            List<Sequence> sequences = s.sequences().stream()
                    .filter(q -> !serialSequences.contains(s.name() + "\0" + q.name())).toList();
            Set<String> external = externalTypes.getOrDefault(s.name(), Set.of());
            if (s.isEmpty()) {
                // A bare "schema:" document keeps an empty schema; external types go in a document of their own.
                String marker = OWNERSHIP_LINE + "\n" + YamlNodes.serialize(new YamlNodes.Map().block().put("schema", s.name()).node());
                files.put(dir + TYPES_FILE + ".yaml", external.isEmpty() ? marker
                        : marker + "---\n" + YamlNodes.serialize(typesDocument(s.name(), external, List.of(), List.of())));
            } else if (!s.enums().isEmpty() || !sequences.isEmpty() || !external.isEmpty()) {
                files.put(dir + TYPES_FILE + ".yaml", types(s.name(), external, s.enums(), sequences));
            }
            if (!s.views().isEmpty()) {
                var views = new YamlNodes.Map().block();
                s.views().forEach(v -> views.put(v.name(), view(v)));
                files.put(dir + VIEWS_FILE + ".yaml", document(s.name(), "views", views.node()));
            }
            for (ObjectYaml<?> kind : ObjectYamls.ALL) {
                var objects = new YamlNodes.Map().block();
                s.objects(kind.kind()).forEach(o -> objects.put(o.key(), ObjectYamls.write(kind, s.name(), o)));
                if (!objects.isEmpty()) {
                    files.put(dir + ObjectYamls.fileName(kind) + ".yaml", document(s.name(), kind.section(), objects.node()));
                }
            }
        }
        for (var e : externalTypes.entrySet()) {
            if (catalog.schema(e.getKey()).isEmpty()) {
                files.put(directories.get(e.getKey()) + "/" + TYPES_FILE + ".yaml", types(e.getKey(), e.getValue(), List.of(), List.of()));
            }
        }
        return files;
    }

    private static String document(String schema, String key, Node content) {
        var root = new YamlNodes.Map().block().put("schema", schema).put(key, content);
        return OWNERSHIP_LINE + "\n" + YamlNodes.serialize(root.node());
    }

    private static String types(String schema, Set<String> external, List<EnumType> enums, List<Sequence> sequences) {
        return OWNERSHIP_LINE + "\n" + YamlNodes.serialize(typesDocument(schema, external, enums, sequences));
    }

    private static Node typesDocument(String schema, Set<String> external, List<EnumType> enums, List<Sequence> sequences) {
        var root = new YamlNodes.Map().block().put("schema", schema);
        if (!external.isEmpty()) {
            root.put("external_types", YamlNodes.strings(List.copyOf(external)));
        }
        if (!enums.isEmpty()) {
            var m = new YamlNodes.Map().block();
            for (EnumType e : enums) {
                Node labels = YamlNodes.strings(e.labels());
                m.put(e.name(), e.comment().isEmpty() ? labels
                        : new YamlNodes.Map().put("values", labels).put("comment", e.comment().get()).node());
            }
            root.put("enums", m.node());
        }
        if (!sequences.isEmpty()) {
            var m = new YamlNodes.Map().block();
            sequences.forEach(q -> m.put(q.name(), sequence(q)));
            root.put("sequences", m.node());
        }
        return root.node();
    }

    private static Node sequence(Sequence q) {
        var m = new YamlNodes.Map();
        if (!q.type().equals(DataType.builtin("bigint"))) {
            m.put("type", q.type().name());
        }
        SequenceWriter.options(q.type(), q.options()).forEach(m::put);
        q.ownedBy().ifPresent(o -> m.put("owned_by", o.table().indexOf('.') >= 0 || o.column().indexOf('.') >= 0
                ? new YamlNodes.Map().put("table", o.table()).put("column", o.column()).node()
                : YamlNodes.string(o.table() + "." + o.column())));
        q.comment().ifPresent(c -> m.put("comment", c));
        return m.node();
    }

    private static Node view(View v) {
        if (v.comment().isEmpty() && v.options().isNone()) {
            return YamlNodes.string(v.definition());
        }
        var m = new YamlNodes.Map().put("definition", v.definition());
        v.comment().ifPresent(c -> m.put("comment", c));
        if (v.options().securityBarrier()) {
            m.put("security_barrier", YamlNodes.bool(true));
        }
        if (v.options().securityInvoker()) {
            m.put("security_invoker", YamlNodes.bool(true));
        }
        if (v.options().checkOption() != ViewOptions.CheckOption.NONE) {
            m.put("check_option", v.options().checkOption().word());
        }
        return m.node();
    }

    /** User-defined column types the catalog does not declare (enums, domains, composite types), by the schema they live in. */
    private static Map<String, Set<String>> externalTypes(Catalog catalog) {
        Map<String, Set<String>> result = new TreeMap<>();
        for (Schema s : catalog.schemas()) {
            for (Table t : s.tables()) {
                for (Column c : t.columns()) {
                    c.type().userTypeName().filter(q -> !catalog.declaresType(q))
                            .ifPresent(q -> result.computeIfAbsent(q.schema(), x -> new TreeSet<>()).add(q.name()));
                }
            }
        }
        return result;
    }

    /** The sequence a column would get from {@code serial}, if the column looks exactly like one. */
    private static Optional<Sequence> serialSequence(Schema s, Table t, Column c) {
        DataType type = c.type();
        if (!type.isBuiltin() || type.array() || !type.modifiers().isEmpty() || c.nullable()
                || c.identity().isPresent() || c.generatedAs().isPresent() || c.defaultValue().isEmpty()
                || !Set.of("smallint", "integer", "bigint").contains(type.name())) {
            return Optional.empty();
        }
        return s.sequences().stream()
                .filter(q -> c.defaultValue().get().equals(
                        "nextval(" + Literals.quote(Identifiers.qualified(s.name(), q.name())) + "::regclass)"))
                .filter(q -> q.type().equals(type) && q.options().equals(SequenceOptions.defaultsFor(type))
                        && q.comment().isEmpty()
                        && q.ownedBy().equals(Optional.of(new Sequence.OwnedBy(t.name(), c.name()))))
                .findFirst();
    }

    private static Set<NameRef> serialColumns(Catalog catalog) {
        Set<NameRef> result = new HashSet<>();
        for (Schema s : catalog.schemas()) {
            for (Table t : s.tables()) {
                for (Column c : t.columns()) {
                    if (serialSequence(s, t, c).isPresent()) {
                        result.add(new NameRef(new QualifiedName(s.name(), t.name()), "serial", c.name()));
                    }
                }
            }
        }
        return result;
    }

    /** First guess: a name can be left out when it has the shape PostgreSQL would derive (numbering aside). */
    private static Set<NameRef> namesNotPlainlyDerived(Catalog catalog) {
        Set<NameRef> result = new HashSet<>();
        forEachName(catalog, (ref, derived) -> {
            if (!matchesDerived(ref.name(), derived)) {
                result.add(ref);
            }
        });
        return result;
    }

    private static Set<NameRef> allNames(Catalog catalog) {
        Set<NameRef> result = new HashSet<>();
        forEachName(catalog, (ref, derived) -> result.add(ref));
        return result;
    }

    /** {@code derived} is the name without numbering; PostgreSQL may append 1, 2, ... to the label. */
    private static boolean matchesDerived(String name, DerivedName derived) {
        if (name.equals(derived.plain())) {
            return true;
        }
        for (int pass = 1; pass < 100; pass++) {
            if (name.equals(derived.numbered(pass))) {
                return true;
            }
        }
        return false;
    }

    private record DerivedName(String table, Optional<String> addition, String label) {
        String plain() {
            return PgNames.makeObjectName(table, addition, label);
        }

        String numbered(int pass) {
            return PgNames.makeObjectName(table, addition, label + pass);
        }
    }

    private interface NameVisitor {
        void visit(NameRef ref, DerivedName derived);
    }

    private static void forEachName(Catalog catalog, NameVisitor visitor) {
        for (Schema s : catalog.schemas()) {
            for (Table t : s.tables()) {
                QualifiedName q = new QualifiedName(s.name(), t.name());
                List<String> columns = t.columns().stream().map(Column::name).toList();
                Function<List<String>, Optional<String>> addition =
                        names -> Optional.of(PgNames.nameAddition(PgNames.uniqueColumnNames(names)));
                t.primaryKey().ifPresent(pk -> visitor.visit(new NameRef(q, "constraint", pk.name()),
                        new DerivedName(t.name(), Optional.empty(), "pkey")));
                t.uniqueConstraints().forEach(u -> visitor.visit(new NameRef(q, "constraint", u.name()),
                        new DerivedName(t.name(), addition.apply(u.columns()), "key")));
                t.foreignKeys().forEach(f -> visitor.visit(new NameRef(q, "constraint", f.name()),
                        new DerivedName(t.name(), Optional.of(PgNames.nameAddition(f.columns())), "fkey")));
                t.checks().forEach(c -> visitor.visit(new NameRef(q, "constraint", c.name()),
                        new DerivedName(t.name(), ExpressionNames.singleColumn(c.expression(), columns), "check")));
                t.exclusions().forEach(x -> visitor.visit(new NameRef(q, "constraint", x.name()),
                        new DerivedName(t.name(), addition.apply(TableBuilder.keyNames(
                                x.elements().stream().map(e -> e.key()).toList(), columns)), "excl")));
                t.indexes().forEach(i -> {
                    var parts = new ArrayList<>(TableBuilder.keyNames(i.keys(), columns));
                    parts.addAll(i.include());
                    visitor.visit(new NameRef(q, "index", i.name()), new DerivedName(t.name(), addition.apply(parts), "idx"));
                });
            }
        }
    }

    /** Names that came back different from the reader are spelt out next round; so are serials that did. */
    private static void spellOutMismatches(Catalog original, Catalog back, Set<NameRef> explicit, Set<NameRef> serials) {
        forEachName(original, (ref, derived) -> {
            Optional<Table> table = back.table(ref.table());
            boolean found = table.map(t -> ref.kind().equals("index")
                    ? t.indexes().stream().anyMatch(i -> i.name().equals(ref.name()))
                    : t.constraintNames().contains(ref.name())).orElse(false);
            if (!found) {
                explicit.add(ref);
            }
        });
        for (NameRef serial : Set.copyOf(serials)) {
            Schema schema = original.schema(serial.table().schema()).orElseThrow();
            Table table = schema.table(serial.table().name()).orElseThrow();
            Column column = table.column(serial.name()).orElseThrow();
            boolean sameSequence = serialSequence(schema, table, column)
                    .map(q -> back.sequence(new QualifiedName(schema.name(), q.name())).isPresent()
                            && back.table(serial.table()).flatMap(t -> t.column(serial.name())).equals(Optional.of(column)))
                    .orElse(false);
            if (!sameSequence) {
                serials.remove(serial);
            }
        }
    }
}
