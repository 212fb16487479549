package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.naming.PgNames;
import dev.strata.yaml.Drafts.TableDraft;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Partitions once every table is built: each names a partitioned parent, and its columns are reduced to the canonical
 * overrides the catalog reader gives (a column listed only where its default, nullability or NOT NULL constraint name
 * differs from what {@code PARTITION OF} gives it; an override left without a default keeps the parent's).
 */
final class Partitions {

    private Partitions() {}

    /** The parent's column names of a partition, through any number of levels; empty while the parent is unknown. */
    static List<String> parentColumns(QualifiedName partition, Map<QualifiedName, TableDraft> drafts) {
        Set<QualifiedName> seen = new HashSet<>();
        Optional<QualifiedName> parent = parentOf(partition, drafts);
        while (parent.isPresent() && seen.add(parent.get())) {
            TableDraft draft = drafts.get(parent.get());
            if (draft == null) {
                return List.of();
            }
            if (draft.partitionOf().isEmpty()) {
                return draft.columns().stream().map(c -> c.name().value()).toList();
            }
            parent = parentOf(parent.get(), drafts);
        }
        return List.of();
    }

    private static Optional<QualifiedName> parentOf(QualifiedName table, Map<QualifiedName, TableDraft> drafts) {
        return Optional.ofNullable(drafts.get(table)).flatMap(TableDraft::partitionOf)
                .map(p -> new QualifiedName(p.schema().orElse(table.schema()), p.table().value()));
    }

    static void resolve(Map<QualifiedName, Table> tables, Map<QualifiedName, TableDraft> drafts, List<Diagnostic> problems) {
        for (var entry : List.copyOf(tables.entrySet())) {
            Table table = entry.getValue();
            if (table.partitionOf().isEmpty()) {
                continue;
            }
            var draft = drafts.get(entry.getKey()).partitionOf().orElseThrow();
            QualifiedName parentName = table.partitionOf().get().parent();
            TableDraft parentDraft = drafts.get(parentName);
            if (parentDraft == null) {
                problems.add(draft.table().at().diagnostic("partition '" + table.name() + "' is a partition of unknown table '"
                        + parentName + "'" + Suggestions.hint(parentName.name(), drafts.keySet().stream()
                        .filter(q -> q.schema().equals(parentName.schema())).map(QualifiedName::name).toList())));
                tables.remove(entry.getKey());
                continue;
            }
            if (parentDraft.partitionBy().isEmpty()) {
                problems.add(draft.table().at().diagnostic("partition '" + table.name() + "' names table '" + parentName
                        + "', which is not partitioned: give it partition_by"));
                tables.remove(entry.getKey());
                continue;
            }
            fullColumns(entry.getKey(), tables, new HashSet<>()).ifPresent(parent -> {
                tables.put(entry.getKey(), table.withColumns(overrides(table, parent)));
            });
        }
    }

    /**
     * The physical columns of {@code name}'s parent, each with the NOT NULL constraint name it has in the database
     * (PostgreSQL 14 to 17 have none: the derived name stands in, never written).
     */
    private static Optional<List<Column>> fullColumns(QualifiedName name, Map<QualifiedName, Table> tables, Set<QualifiedName> seen) {
        Table table = tables.get(name);
        if (table == null || !seen.add(name)) {
            return Optional.empty();
        }
        if (table.partitionOf().isEmpty()) {
            return Optional.empty();
        }
        QualifiedName parentName = table.partitionOf().get().parent();
        Table parent = tables.get(parentName);
        if (parent == null) {
            return Optional.empty();
        }
        Optional<List<Column>> parentColumns = parent.partitionOf().isEmpty()
                ? Optional.of(parent.columns().stream().map(c -> withLiveName(parent.name(), c)).toList())
                : fullColumns(parentName, tables, seen).map(grand -> merged(parent, grand));
        return parentColumns;
    }

    private static Column withLiveName(String table, Column c) {
        return c.nullable() ? c.withNotNullName(Optional.empty())
                : c.withNotNullName(Optional.of(c.notNullName().orElseGet(() -> PgNames.notNull(table, c.name()))));
    }

    /** A partition's physical columns: its parent's with its overrides applied, NOT NULL names spelled out. */
    private static List<Column> merged(Table partition, List<Column> parent) {
        List<Column> result = new ArrayList<>();
        for (Column p : parent) {
            Optional<Column> o = partition.column(p.name());
            if (o.isEmpty()) {
                result.add(p);
                continue;
            }
            boolean nullable = o.get().nullable() && p.nullable();
            Optional<String> given = given(partition.name(), p);
            result.add(p.withNullable(nullable).withDefault(o.get().defaultValue().or(p::defaultValue))
                    .withNotNullName(nullable ? Optional.empty() : o.get().notNullName().or(() -> given)));
        }
        return result;
    }

    /** The NOT NULL name {@code PARTITION OF} gives: the parent's, or a derived one where the parent has none. */
    private static Optional<String> given(String partition, Column parentColumn) {
        return parentColumn.nullable() ? Optional.of(PgNames.notNull(partition, parentColumn.name())) : parentColumn.notNullName();
    }

    private static List<Column> overrides(Table partition, List<Column> parent) {
        List<Column> full = merged(partition, parent);
        List<Column> result = new ArrayList<>();
        for (int i = 0; i < parent.size(); i++) {
            Column p = parent.get(i);
            Column f = full.get(i);
            Optional<String> given = given(partition.name(), p);
            Optional<String> name = f.notNullName().filter(n -> !Optional.of(n).equals(given));
            boolean differs = !f.defaultValue().equals(p.defaultValue()) || f.nullable() != p.nullable() || name.isPresent();
            if (differs && partition.column(p.name()).isPresent()) {
                Column declared = partition.column(p.name()).get();
                // The parent's planner hints (renamed_from, using, backfill) are the parent's: an override carries
                // only what the partition declares, as written back.
                result.add(f.withNotNullName(name).withComment(declared.comment()).withRenamedFrom(declared.renamedFrom())
                        .withUsing(declared.using()).withBackfill(declared.backfill()));
            }
        }
        return result;
    }
}
