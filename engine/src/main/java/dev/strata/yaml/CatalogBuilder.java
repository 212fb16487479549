package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.EnumType;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.MaterializedView;
import dev.strata.model.ObjectName;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.model.Sequence;
import dev.strata.model.Table;
import dev.strata.model.UserType;
import dev.strata.model.View;
import dev.strata.naming.PgNames;
import dev.strata.sql.TypeNames;
import dev.strata.yaml.Drafts.Document;
import dev.strata.yaml.Drafts.ForeignKeyDraft;
import dev.strata.yaml.Drafts.ObjectDraft;
import dev.strata.yaml.Drafts.SequenceDraft;
import dev.strata.yaml.Drafts.TableDraft;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Second pass: combines every document's drafts into one catalog, resolving names across files. */
final class CatalogBuilder {

    private final List<Diagnostic> problems;
    private final SourceMap.Builder sources = SourceMap.builder();
    private final TypeResolver types = new TypeResolver();

    CatalogBuilder(List<Diagnostic> problems) {
        this.problems = problems;
    }

    /**
     * The catalog of everything that was valid; problems are in the list given to the constructor. The
     * caller rejects the input when there are any, but may still check what could be built.
     */
    Optional<LoadedSchema> build(List<Document> documents) {
        Map<String, List<Document>> bySchema = new TreeMap<>();
        documents.forEach(d -> bySchema.computeIfAbsent(d.schema(), s -> new ArrayList<>()).add(d));

        Map<String, SchemaNamespace> namespaces = new TreeMap<>();
        Map<String, List<EnumType>> enums = new TreeMap<>();
        bySchema.forEach((schema, docs) -> {
            var names = new SchemaNamespace(schema, problems);
            namespaces.put(schema, names);
            enums.put(schema, declare(schema, docs, names));
        });

        Map<QualifiedName, Table> tables = new LinkedHashMap<>();
        Map<QualifiedName, TableDraft> drafts = new LinkedHashMap<>();
        Map<String, List<Sequence>> sequences = new TreeMap<>();
        Map<QualifiedName, TableDraft> firstDrafts = new LinkedHashMap<>();
        bySchema.forEach((schema, docs) -> docs.forEach(doc -> doc.tables().forEach(draft ->
                firstDrafts.putIfAbsent(new QualifiedName(schema, draft.name().value()), draft))));
        bySchema.forEach((schema, docs) -> {
            var builder = new TableBuilder(schema, namespaces.get(schema), types, problems, sources,
                    partition -> Partitions.parentColumns(partition, firstDrafts));
            List<Sequence> schemaSequences = sequences.computeIfAbsent(schema, s -> new ArrayList<>());
            for (Document doc : docs) {
                for (TableDraft draft : doc.tables()) {
                    var qualified = new QualifiedName(schema, draft.name().value());
                    if (drafts.containsKey(qualified)) {
                        continue;
                    }
                    drafts.put(qualified, draft);
                    builder.build(draft).ifPresent(built -> {
                        tables.put(qualified, built.table());
                        schemaSequences.addAll(built.serialSequences());
                    });
                }
            }
        });
        Partitions.resolve(tables, drafts, problems);

        Map<QualifiedName, List<ForeignKey>> foreignKeys = new LinkedHashMap<>();
        drafts.forEach((qualified, draft) -> {
            List<ForeignKey> fks = new ArrayList<>();
            for (ForeignKeyDraft fk : draft.foreignKeys()) {
                foreignKey(qualified, draft, fk, drafts, tables, namespaces.get(qualified.schema())).ifPresent(fks::add);
            }
            foreignKeys.put(qualified, fks);
        });

        List<Schema> schemas = new ArrayList<>();
        bySchema.forEach((schema, docs) -> {
            List<Sequence> schemaSequences = sequences.get(schema);
            List<View> views = new ArrayList<>();
            Set<String> seenViews = new HashSet<>();
            Map<ObjectName, Location> seenObjects = new HashMap<>();
            List<SchemaObject> objects = new ArrayList<>();
            for (Document doc : docs) {
                for (ObjectDraft draft : doc.objects()) {
                    var name = ObjectName.of(draft.object().kind(), schema, draft.object().key());
                    Location first = seenObjects.putIfAbsent(name, draft.at());
                    if (first != null) {
                        problems.add(draft.at().diagnostic(draft.object().kind() + " '" + draft.object().key()
                                + "' is declared twice in schema '" + schema + "' (first at " + first.file() + ":" + first.line() + ":" + first.column() + ")"));
                        continue;
                    }
                    sources.object(name, draft.at());
                    objects.add(draft.object());
                }
                doc.sequences().forEach(s -> standaloneSequence(schema, s, drafts).ifPresent(schemaSequences::add));
                doc.views().forEach(v -> {
                    if (seenViews.add(v.name().value())) {
                        sources.view(new QualifiedName(schema, v.name().value()), v.definition().at());
                        views.add(new View(v.name().value(), v.definition().value(), v.comment(), v.options()));
                    }
                });
            }
            List<Table> schemaTables = tables.entrySet().stream()
                    .filter(e -> e.getKey().schema().equals(schema))
                    .map(e -> e.getValue().withForeignKeys(foreignKeys.getOrDefault(e.getKey(), List.of())))
                    .toList();
            var built = new Schema(schema, enums.get(schema), schemaSequences, schemaTables, views, objects);
            // Declaring an extension's types says nothing about managing the extension's schema.
            if (!built.isEmpty() || docs.stream().anyMatch(d -> d.externalTypes().isEmpty())) {
                schemas.add(built);
            }
        });
        return Optional.of(new LoadedSchema(new Catalog(schemas), sources.build()));
    }

    /**
     * Registers every name declared in the schema before any is derived, so that a derived name never
     * takes one the user wrote; returns the schema's enums.
     */
    private List<EnumType> declare(String schema, List<Document> docs, SchemaNamespace names) {
        List<EnumType> enums = new ArrayList<>();
        Map<String, Location> enumNames = new LinkedHashMap<>();
        for (Document doc : docs) {
            doc.externalTypes().forEach(t -> types.declare(schema, t.value()));
            // Domains and composite types are column types like enums (a duplicate is reported with the objects).
            doc.objects().stream().filter(o -> o.object() instanceof UserType)
                    .forEach(o -> types.declare(schema, o.object().key()));
            for (var e : doc.enums()) {
                Location previous = enumNames.putIfAbsent(e.name().value(), e.name().at());
                if (previous != null) {
                    problems.add(e.name().at().diagnostic("duplicate enum '" + e.name().value() + "' in schema '"
                            + schema + "' (first declared at " + previous.file() + ":" + previous.line() + ":" + previous.column() + ")"));
                    continue;
                }
                types.declare(schema, e.name().value());
                sources.enumType(new QualifiedName(schema, e.name().value()), e.name().at());
                enums.add(new EnumType(e.name().value(), e.labels(), e.comment()));
            }
            doc.tables().forEach(t -> names.declareRelation(t.name(), "table"));
            doc.views().forEach(v -> names.declareRelation(v.name(), "view"));
            // A materialized view and its indexes share the relation namespace with tables and theirs.
            doc.objects().stream().filter(o -> o.object() instanceof MaterializedView).forEach(o -> {
                MaterializedView m = (MaterializedView) o.object();
                names.declareRelation(new Located<>(m.name(), o.at()), "materialized view");
                m.indexes().forEach(i -> names.declareRelation(new Located<>(i.name(), o.at()), "index"));
            });
            doc.sequences().forEach(s -> names.declareRelation(s.name(), "sequence"));
        }
        for (Document doc : docs) {
            for (TableDraft t : doc.tables()) {
                t.primaryKey().flatMap(Drafts.PrimaryKeyDraft::name).ifPresent(n -> constraintIndex(names, n));
                t.uniques().forEach(u -> u.name().ifPresent(n -> constraintIndex(names, n)));
                t.exclusions().forEach(x -> x.name().ifPresent(n -> constraintIndex(names, n)));
                t.foreignKeys().forEach(f -> f.name().ifPresent(n -> names.declareConstraint(n.value())));
                t.checks().forEach(c -> c.name().ifPresent(n -> names.declareConstraint(n.value())));
                t.indexes().forEach(i -> i.name().ifPresent(n -> names.declareRelation(n, "index")));
            }
        }
        return enums;
    }

    private static void constraintIndex(SchemaNamespace names, Located<String> name) {
        names.declareRelation(name, "index");
        names.declareConstraint(name.value());
    }

    private Optional<ForeignKey> foreignKey(QualifiedName source, TableDraft draft, ForeignKeyDraft fk,
                                            Map<QualifiedName, TableDraft> drafts, Map<QualifiedName, Table> tables,
                                            SchemaNamespace names) {
        int before = problems.size();
        List<String> sourceColumns = draft.columns().stream().map(c -> c.name().value()).toList();
        List<String> columns = new ArrayList<>();
        for (Located<String> c : fk.columns()) {
            if (!sourceColumns.contains(c.value())) {
                problems.add(c.at().diagnostic("unknown column '" + c.value() + "' in foreign key of table '"
                        + source.name() + "'" + Suggestions.hint(c.value(), sourceColumns)));
            }
            columns.add(c.value());
        }
        QualifiedName target = new QualifiedName(fk.targetSchema().orElse(source.schema()), fk.targetTable().value());
        if (!drafts.containsKey(target)) {
            List<String> candidates = drafts.keySet().stream().filter(q -> q.schema().equals(target.schema()))
                    .map(QualifiedName::name).toList();
            problems.add(fk.targetTable().at().diagnostic("foreign key of table '" + source.name()
                    + "' references unknown table '" + target + "'" + Suggestions.hint(target.name(), candidates)));
            return Optional.empty();
        }
        Table targetTable = tables.get(target);
        if (targetTable == null || problems.size() > before) {
            return Optional.empty();
        }
        List<String> targetColumns;
        if (fk.targetColumns().isPresent()) {
            targetColumns = new ArrayList<>();
            List<String> existing = targetTable.columns().stream().map(Column::name).toList();
            for (Located<String> c : fk.targetColumns().get()) {
                if (!existing.contains(c.value())) {
                    problems.add(c.at().diagnostic("unknown column '" + c.value() + "' in table '" + target
                            + "' referenced by a foreign key" + Suggestions.hint(c.value(), existing)));
                }
                targetColumns.add(c.value());
            }
            if (problems.size() > before) {
                return Optional.empty();
            }
        } else if (targetTable.primaryKey().isPresent()) {
            targetColumns = targetTable.primaryKey().get().columns();
        } else {
            problems.add(fk.at().diagnostic("foreign key references table '" + target
                    + "', which has no primary key; name the referenced columns"));
            return Optional.empty();
        }
        if (targetColumns.size() != columns.size()) {
            problems.add(fk.at().diagnostic("foreign key has " + columns.size() + " column(s) but references "
                    + targetColumns.size()));
            return Optional.empty();
        }
        if (!isUniquelyKeyed(targetTable, targetColumns)) {
            problems.add(fk.at().diagnostic("foreign key references columns (" + String.join(", ", targetColumns)
                    + ") of table '" + target + "', which are not covered by its primary key or a unique constraint"));
            return Optional.empty();
        }
        boolean temporalTarget = isTemporallyKeyed(targetTable, targetColumns);
        if (fk.period() && !temporalTarget) {
            problems.add(fk.at().diagnostic("foreign key with period: true references columns (" + String.join(", ", targetColumns)
                    + ") of table '" + target + "', which are not a key with without_overlaps: true ending in '"
                    + targetColumns.getLast() + "'"));
            return Optional.empty();
        }
        if (!fk.period() && temporalTarget && !isUniquelyKeyedPlainly(targetTable, targetColumns)) {
            // PostgreSQL: "foreign key must use PERIOD when referencing a primary key using WITHOUT OVERLAPS".
            problems.add(fk.at().diagnostic("foreign key references the key (" + String.join(", ", targetColumns)
                    + ") of table '" + target + "', which has without_overlaps: true; the foreign key needs period: true"));
            return Optional.empty();
        }
        if (fk.columns().isEmpty()) {
            return Optional.empty();
        }
        String name = fk.name().map(Located::value).orElseGet(() ->
                names.chooseConstraint(source.name(), Optional.of(PgNames.nameAddition(columns)), "fkey"));
        sources.constraint(source, name, fk.at());
        return Optional.of(new ForeignKey(name, columns, target, targetColumns, fk.onDelete(), fk.onUpdate(),
                fk.match(), fk.deferrability(), !fk.notValid(), fk.comment(), fk.period()));
    }

    /** A {@code WITHOUT OVERLAPS} key on exactly these columns, the period last (what a {@code PERIOD} reference needs). */
    private static boolean isTemporallyKeyed(Table table, List<String> columns) {
        return table.primaryKey().filter(pk -> pk.withoutOverlaps() && pk.columns().equals(columns)).isPresent()
                || table.uniqueConstraints().stream().anyMatch(u -> u.withoutOverlaps() && u.columns().equals(columns));
    }

    /** {@link #isUniquelyKeyed} by a key that is not temporal (a plain reference to these columns works too). */
    private static boolean isUniquelyKeyedPlainly(Table table, List<String> columns) {
        Set<String> wanted = Set.copyOf(columns);
        return table.primaryKey().filter(pk -> !pk.withoutOverlaps() && Set.copyOf(pk.columns()).equals(wanted)).isPresent()
                || table.uniqueConstraints().stream().anyMatch(u -> !u.withoutOverlaps()
                        && u.deferrability() == Deferrability.NOT_DEFERRABLE && Set.copyOf(u.columns()).equals(wanted))
                || table.indexes().stream().anyMatch(i -> isPlainUniqueIndexOn(i, wanted));
    }

    /** PostgreSQL accepts a reference only to exactly the columns of a non-deferrable unique key. */
    private static boolean isUniquelyKeyed(Table table, List<String> columns) {
        Set<String> wanted = Set.copyOf(columns);
        if (table.primaryKey().map(pk -> Set.copyOf(pk.columns()).equals(wanted)).orElse(false)) {
            return true;
        }
        boolean byConstraint = table.uniqueConstraints().stream()
                .anyMatch(u -> u.deferrability() == Deferrability.NOT_DEFERRABLE
                        && Set.copyOf(u.columns()).equals(wanted));
        return byConstraint || table.indexes().stream().anyMatch(i -> isPlainUniqueIndexOn(i, wanted));
    }

    private static boolean isPlainUniqueIndexOn(Index index, Set<String> columns) {
        return index.unique() && index.where().isEmpty()
                && index.keys().stream().allMatch(k -> k.target() instanceof IndexKey.ColumnTarget)
                && index.keys().size() == columns.size()
                && Set.copyOf(index.keyColumns()).equals(columns);
    }

    private Optional<Sequence> standaloneSequence(String schema, SequenceDraft s, Map<QualifiedName, TableDraft> drafts) {
        int before = problems.size();
        DataType type = DataType.builtin("bigint");
        if (s.type().isPresent()) {
            Located<String> text = s.type().get();
            try {
                if (TypeNames.parse(text.value()) instanceof TypeNames.Builtin(DataType t)
                        && t.isBuiltin() && !t.array() && Set.of("smallint", "integer", "bigint").contains(t.name())) {
                    type = t;
                } else {
                    problems.add(text.at().diagnostic("sequence type must be smallint, integer or bigint, not '" + text.value() + "'"));
                }
            } catch (TypeNames.InvalidTypeName e) {
                problems.add(text.at().diagnostic(e.getMessage()));
            }
        }
        var options = SequenceOptionsReader.build(type, s.options(), s.name().at(), problems);
        s.ownedBy().ifPresent(owned -> {
            var table = drafts.get(new QualifiedName(schema, owned.value().table()));
            if (table == null) {
                problems.add(owned.at().diagnostic("owned_by: unknown table '" + owned.value().table() + "'"));
            } else {
                List<String> columns = table.columns().stream().map(c -> c.name().value()).toList();
                if (!columns.contains(owned.value().column())) {
                    problems.add(owned.at().diagnostic("owned_by: unknown column '" + owned.value().column()
                            + "' in table '" + owned.value().table() + "'" + Suggestions.hint(owned.value().column(), columns)));
                }
            }
        });
        if (problems.size() > before || options.isEmpty()) {
            return Optional.empty();
        }
        sources.sequence(new QualifiedName(schema, s.name().value()), s.name().at());
        return Optional.of(new Sequence(s.name().value(), type, options.get(),
                s.ownedBy().map(o -> new Sequence.OwnedBy(o.value().table(), o.value().column())), s.comment()));
    }
}
