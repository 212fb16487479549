package dev.strata.diff;

import dev.strata.diff.EnumChange.ColumnUse;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.EnumType;
import dev.strata.model.PartitionOf;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.model.Sequence;
import dev.strata.model.Table;
import dev.strata.model.View;
import dev.strata.naming.PgNames;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Computes the changes that turn {@code current} into {@code desired}.
 *
 * <p>Scope: only schemas present in {@code desired} are managed; in them, every enum, sequence,
 * table, view and object of a kind managed as a whole that is not declared is dropped (a project opts a kind out
 * by leaving it out of both catalogs: {@link dev.strata.model.Catalog#withoutKinds}). Renames come only from {@code renamed_from}
 * hints (see {@link Matching}).
 *
 * <p>Implied drops: PostgreSQL drops a table's constraints, indexes and owned sequences with the
 * table, and a column's constraints, indexes (those mentioning it) and owned sequence with the
 * column, so no change is emitted for them. A surviving table's foreign key that points at a
 * dropped table or column is not implied (PostgreSQL would refuse the drop): it gets its
 * {@link ConstraintChange.DropForeignKey}.
 *
 * <p>Order: schema by schema (in name order) its creation, then enums, sequences and tables by
 * name, then views: drops in reverse current order, then the declared views in declared order
 * (a view may read an earlier one), then the objects managed as a whole by kind and key. Within a table: table rename, column renames, column changes
 * in desired column order, dropped columns, constraints (primary key, unique, foreign key, check,
 * exclusion; each kind renames, drops, then adds and replacements in name order), indexes (renames, drops, replacements, creations),
 * the table comment.
 */
public final class Differ {

    private final Catalog current;
    private final Catalog desired;
    private final ExpressionEquality eq;
    private final Matching matching;
    private final List<Change> changes = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    private Differ(Catalog current, Catalog desired, ExpressionEquality eq) {
        this.current = current;
        this.desired = desired;
        this.eq = eq;
        this.matching = Matching.of(current, desired);
        warnings.addAll(matching.warnings());
    }

    public static DiffResult diff(Catalog current, Catalog desired, ExpressionEquality eq) {
        var differ = new Differ(current, desired, eq);
        desired.schemas().forEach(differ::schema);
        return new DiffResult(differ.changes, differ.warnings);
    }

    private void schema(Schema want) {
        Optional<Schema> have = current.schema(want.name());
        if (have.isEmpty()) {
            changes.add(new SchemaChange.CreateSchema(want.name()));
        }
        Schema now = have.orElse(Schema.named(want.name()));
        enums(now, want);
        sequences(now, want);
        tables(now, want);
        views(now, want);
        objects(now, want);
    }

    /** Objects of the kinds managed as a whole, kind by kind, by key: no renames, no implied drops. */
    private void objects(Schema now, Schema want) {
        var keys = new TreeSet<Map.Entry<String, String>>(Map.Entry.<String, String>comparingByKey()
                .thenComparing(Map.Entry.comparingByValue()));
        now.objects().forEach(o -> keys.add(Map.entry(o.kind(), o.key())));
        want.objects().forEach(o -> keys.add(Map.entry(o.kind(), o.key())));
        for (var key : keys) {
            var name = QualifiedName.of(want.name(), key.getValue());
            Optional<SchemaObject> c = now.object(key.getKey(), key.getValue());
            Optional<SchemaObject> d = want.object(key.getKey(), key.getValue());
            if (c.isEmpty()) {
                changes.add(new ObjectChange.CreateObject(name, d.orElseThrow()));
            } else if (d.isEmpty()) {
                changes.add(new ObjectChange.DropObject(name, c.get()));
            } else if (!d.get().satisfiedBy(c.get(), (live, declared) -> eq.same(live, declared, want.name()))) {
                changes.add(new ObjectChange.AlterObject(name, c.get(), d.get()));
            }
        }
    }

    private void enums(Schema now, Schema want) {
        var names = new TreeSet<String>();
        now.enums().forEach(e -> names.add(e.name()));
        want.enums().forEach(e -> names.add(e.name()));
        for (String name : names) {
            var qualified = QualifiedName.of(want.name(), name);
            Optional<EnumType> c = now.enumType(name);
            Optional<EnumType> d = want.enumType(name);
            if (c.isEmpty()) {
                changes.add(new EnumChange.CreateEnum(qualified, d.orElseThrow()));
            } else if (d.isEmpty()) {
                changes.add(new EnumChange.DropEnum(qualified, c.get()));
            } else {
                enumLabels(qualified, c.get(), d.get());
                if (!c.get().comment().equals(d.get().comment())) {
                    changes.add(new EnumChange.ChangeEnumComment(qualified, c.get().comment(), d.get().comment()));
                }
            }
        }
    }

    private void enumLabels(QualifiedName name, EnumType c, EnumType d) {
        if (c.labels().equals(d.labels())) {
            return;
        }
        if (!isSubsequence(c.labels(), d.labels())) {
            changes.add(new EnumChange.ReplaceEnum(name, c, d, columnsUsing(name)));
            return;
        }
        List<String> labels = d.labels();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            if (c.labels().contains(label)) {
                continue;
            }
            // Added in declared order, the previous declared label always exists by then.
            Optional<String> after = i > 0 ? Optional.of(labels.get(i - 1)) : Optional.empty();
            Optional<String> before = i == 0 && !c.labels().isEmpty() ? Optional.of(c.labels().get(0)) : Optional.empty();
            changes.add(new EnumChange.AddEnumValue(name, label, before, after));
        }
    }

    private static boolean isSubsequence(List<String> part, List<String> whole) {
        int next = 0;
        for (String label : whole) {
            if (next < part.size() && part.get(next).equals(label)) {
                next++;
            }
        }
        return next == part.size();
    }

    /** Surviving current columns (any schema) whose type is the enum or an array of it. */
    private List<ColumnUse> columnsUsing(QualifiedName enumName) {
        var uses = new ArrayList<ColumnUse>();
        for (Schema schema : current.schemas()) {
            for (Table table : schema.tables()) {
                var tableName = QualifiedName.of(schema.name(), table.name());
                Optional<QualifiedName> survivor = matching.desiredTable(tableName);
                if (survivor.isEmpty()) {
                    continue;
                }
                for (Column column : table.columns()) {
                    if (column.type().userTypeName().equals(Optional.of(enumName))
                            && !matching.columnDropped(tableName, column.name())) {
                        uses.add(new ColumnUse(survivor.get(),
                                column.withName(matching.desiredColumn(tableName, column.name()))));
                    }
                }
            }
        }
        uses.sort(java.util.Comparator.comparing((ColumnUse u) -> u.table()).thenComparing(u -> u.column().name()));
        return uses;
    }

    private void sequences(Schema now, Schema want) {
        var names = new TreeSet<String>();
        now.sequences().forEach(s -> names.add(s.name()));
        want.sequences().forEach(s -> names.add(s.name()));
        for (String name : names) {
            var qualified = QualifiedName.of(want.name(), name);
            Optional<Sequence> c = now.sequence(name).filter(s -> !droppedWithOwner(want.name(), s));
            Optional<Sequence> d = want.sequence(name);
            if (c.isEmpty() && d.isPresent()) {
                changes.add(new SequenceChange.CreateSequence(qualified, d.get()));
            } else if (c.isPresent() && d.isEmpty()) {
                changes.add(new SequenceChange.DropSequence(qualified, c.get()));
            } else if (c.isPresent()) {
                Sequence translated = translateOwner(want.name(), c.get());
                if (!translated.type().equals(d.get().type()) || !translated.options().equals(d.get().options())
                        || !translated.ownedBy().equals(d.get().ownedBy())) {
                    changes.add(new SequenceChange.AlterSequence(qualified, translated, d.get()));
                }
                if (!translated.comment().equals(d.get().comment())) {
                    changes.add(new SequenceChange.ChangeSequenceComment(qualified, c.get().comment(),
                            d.get().comment()));
                }
            }
        }
    }

    private boolean droppedWithOwner(String schema, Sequence sequence) {
        return sequence.ownedBy().map(o -> {
            var table = QualifiedName.of(schema, o.table());
            return matching.tableDropped(table) || matching.columnDropped(table, o.column());
        }).orElse(false);
    }

    private Sequence translateOwner(String schema, Sequence sequence) {
        var ownedBy = sequence.ownedBy().map(o -> {
            var table = QualifiedName.of(schema, o.table());
            String desiredTable = matching.desiredTable(table).map(QualifiedName::name).orElse(o.table());
            return new Sequence.OwnedBy(desiredTable, matching.desiredColumn(table, o.column()));
        });
        return new Sequence(sequence.name(), sequence.type(), sequence.options(), ownedBy, sequence.comment());
    }

    private void tables(Schema now, Schema want) {
        // Keyed by the name the table is listed under: desired name, or current name when dropped.
        var byName = new TreeMap<String, Runnable>();
        for (Table d : want.tables()) {
            var desiredName = QualifiedName.of(want.name(), d.name());
            byName.put(d.name(), () -> matching.currentTable(desiredName).ifPresentOrElse(
                    currentName -> table(currentName, current.table(currentName).orElseThrow(), desiredName, d),
                    () -> changes.add(new TableChange.CreateTable(desiredName, d))));
        }
        for (Table c : now.tables()) {
            var currentName = QualifiedName.of(want.name(), c.name());
            if (matching.tableDropped(currentName)) {
                byName.put(c.name(), () -> changes.add(new TableChange.DropTable(currentName, c)));
            }
        }
        byName.values().forEach(Runnable::run);
    }

    private void table(QualifiedName currentName, Table c, QualifiedName desiredName, Table d) {
        boolean sameParent = c.partitionOf().map(PartitionOf::parent).equals(d.partitionOf().map(PartitionOf::parent));
        if (!c.partitionBy().equals(d.partitionBy()) || !sameParent) {
            // A new partition key, or a table moved in or out of a partition tree, is a rebuild: refused by its recipe.
            changes.add(new TableChange.ChangePartitioning(desiredName, c, d));
            return;
        }
        if (c.partitionOf().isEmpty()) {
            new TableDiff(currentName, c, desiredName, d, matching, eq, changes).run();
            return;
        }
        if (!c.partitionOf().equals(d.partitionOf())) {
            changes.add(new TableChange.ChangePartitionBound(desiredName, c.partitionOf().orElseThrow(), d.partitionOf().orElseThrow()));
        }
        // A partition's columns are its parent's: compared whole (its indexes and constraints name them), but only in
        // what a partition may override, so a parent's column change is planned once, on the parent.
        List<Column> desiredColumns = PartitionOf.physicalColumns(desired, desiredName);
        List<Column> currentColumns = PartitionOf.physicalColumns(current, currentName);
        List<Column> kept = desiredColumns.stream().filter(x -> currentColumns.stream().anyMatch(y -> y.name().equals(x.name()))).toList();
        // A column neither side overrides follows its parent: the parent's change reaches it (PostgreSQL recurses).
        List<Column> seen = kept.stream().map(x -> {
            if (c.column(x.name()).isEmpty() && d.column(x.name()).isEmpty()) {
                return x;
            }
            Column y = currentColumns.stream().filter(z -> z.name().equals(x.name())).findFirst().orElseThrow();
            return x.withDefault(y.defaultValue()).withNullable(y.nullable()).withNotNullName(y.notNullName());
        }).toList();
        // A NOT NULL constraint named apart from the parent's (a table attached after being made alone) is renamed to
        // the one PARTITION OF gives, when the desired partition names none: only where the current one has a name
        // (PostgreSQL 18), so no rename is planned where NOT NULL has none.
        QualifiedName parentName = d.partitionOf().orElseThrow().parent();
        List<Column> parentColumns = PartitionOf.physicalColumns(desired, parentName);
        List<Column> wanted = kept.stream().map(x -> {
            Column y = seen.stream().filter(z -> z.name().equals(x.name())).findFirst().orElseThrow();
            if (x.nullable() || y.nullable() || x.notNullName().isPresent() || y.notNullName().isEmpty()
                    || d.column(x.name()).isPresent()) {
                return x;
            }
            Optional<Column> p = parentColumns.stream().filter(z -> z.name().equals(x.name()) && !z.nullable()).findFirst();
            String given = PgNames.partitionNotNull(desiredName.name(), parentName.name(), x.name(), p.isPresent(),
                    p.flatMap(Column::notNullName));
            return x.withNotNullName(Optional.of(given));
        }).toList();
        new TableDiff(currentName, c.withColumns(seen), desiredName, d.withColumns(wanted), matching, eq, changes).run();
    }

    private void views(Schema now, Schema want) {
        for (View c : now.views().reversed()) {
            if (want.view(c.name()).isEmpty()) {
                changes.add(new ViewChange.DropView(QualifiedName.of(want.name(), c.name()), c));
            }
        }
        for (View d : want.views()) {
            var name = QualifiedName.of(want.name(), d.name());
            Optional<View> c = now.view(d.name());
            if (c.isEmpty()) {
                changes.add(new ViewChange.CreateView(name, d));
                continue;
            }
            if (!eq.same(c.get().definition(), d.definition(), want.name())) {
                changes.add(new ViewChange.ReplaceView(name, c.get(), d));
            } else if (!c.get().options().equals(d.options())) {
                changes.add(new ViewChange.ChangeViewOptions(name, c.get().options(), d.options()));
            }
            if (!c.get().comment().equals(d.comment())) {
                changes.add(new ViewChange.ChangeViewComment(name, c.get().comment(), d.comment()));
            }
        }
    }
}
