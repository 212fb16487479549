package dev.strata.diff;

import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A surviving current table seen in desired names, so that a rename alone compares equal: columns
 * renamed, constraints and indexes rewritten through the column renames, foreign-key targets
 * through table and column renames. Constraints and indexes that involve a dropped column are
 * left out: {@code DROP COLUMN} takes them along, so no change is emitted for them.
 */
final class Translation {

    private final Matching matching;

    Translation(Matching matching) {
        this.matching = matching;
    }

    Table translate(QualifiedName currentName, Table current, String desiredName) {
        Map<String, String> names = matching.columnNames(currentName);
        Map<String, String> renames = matching.columnRenames(currentName);
        List<String> dropped = current.columns().stream()
                .map(Column::name)
                .filter(c -> !names.containsKey(c))
                .toList();
        var own = new Own(names, renames, dropped);
        return new Table(
                desiredName,
                current.columns().stream()
                        .filter(c -> names.containsKey(c.name()))
                        .map(c -> c.withName(names.get(c.name())))
                        .toList(),
                current.primaryKey().filter(pk -> own.survive(pk.columns()))
                        .map(pk -> new PrimaryKey(pk.name(), own.columns(pk.columns()), pk.withoutOverlaps(), pk.comment())),
                current.uniqueConstraints().stream().filter(u -> own.survive(u.columns()))
                        .map(u -> new UniqueConstraint(u.name(), own.columns(u.columns()), u.nullsNotDistinct(),
                                u.deferrability(), u.withoutOverlaps(), u.comment()))
                        .toList(),
                current.foreignKeys().stream().filter(f -> own.survive(f.columns()))
                        .map(f -> foreignKey(f, own))
                        .toList(),
                current.checks().stream().filter(c -> own.survive(c.expression()))
                        .map(c -> new CheckConstraint(c.name(), own.expression(c.expression()), c.noInherit(), c.valid(),
                                c.comment()))
                        .toList(),
                current.exclusions().stream().filter(e -> own.surviveKeys(e.elements().stream()
                                .map(ExclusionConstraint.Element::key).toList()) && own.survive(e.where()))
                        .map(e -> exclusion(e, own))
                        .toList(),
                current.indexes().stream().filter(i -> own.surviveKeys(i.keys()) && own.survive(i.include())
                                && own.survive(i.where()))
                        .map(i -> index(i, own))
                        .toList(),
                current.comment(),
                Optional.empty(),
                current.rowLevelSecurity(),
                current.unlogged());
    }

    private ForeignKey foreignKey(ForeignKey f, Own own) {
        QualifiedName target = f.target();
        QualifiedName desiredTarget = matching.desiredTable(target).orElse(target);
        List<String> targetColumns = f.targetColumns().stream()
                .map(c -> matching.desiredColumn(target, c))
                .toList();
        return new ForeignKey(f.name(), own.columns(f.columns()), desiredTarget, targetColumns, f.onDelete(),
                f.onUpdate(), f.match(), f.deferrability(), f.valid(), f.comment(), f.period());
    }

    private static ExclusionConstraint exclusion(ExclusionConstraint e, Own own) {
        return new ExclusionConstraint(e.name(), e.method(),
                e.elements().stream().map(el -> new ExclusionConstraint.Element(own.key(el.key()), el.operator()))
                        .toList(),
                e.where().map(own::expression), e.deferrability(), e.comment());
    }

    private static Index index(Index i, Own own) {
        return new Index(i.name(), i.unique(), i.nullsNotDistinct(), i.method(),
                i.keys().stream().map(own::key).toList(), own.columns(i.include()),
                i.where().map(own::expression), i.storageParameters(), i.comment());
    }

    /** The table's own column names: which survive, and what they are called now. */
    private record Own(Map<String, String> names, Map<String, String> renames, List<String> dropped) {

        boolean survive(List<String> columns) {
            return names.keySet().containsAll(columns);
        }

        boolean survive(String expression) {
            return dropped.stream().noneMatch(c -> ColumnReferences.mentions(expression, c));
        }

        boolean survive(Optional<String> expression) {
            return expression.map(this::survive).orElse(true);
        }

        boolean surviveKeys(List<IndexKey> keys) {
            return keys.stream().allMatch(k -> switch (k.target()) {
                case IndexKey.ColumnTarget c -> names.containsKey(c.column());
                case IndexKey.ExpressionTarget e -> survive(e.sql());
            });
        }

        List<String> columns(List<String> columns) {
            return columns.stream().map(c -> names.getOrDefault(c, c)).toList();
        }

        String expression(String sql) {
            return ColumnReferences.rename(sql, renames);
        }

        IndexKey key(IndexKey key) {
            IndexKey.Target target = switch (key.target()) {
                case IndexKey.ColumnTarget c -> new IndexKey.ColumnTarget(names.getOrDefault(c.column(), c.column()));
                case IndexKey.ExpressionTarget e -> new IndexKey.ExpressionTarget(expression(e.sql()));
            };
            return new IndexKey(target, key.opclass(), key.descending(), key.nullsFirst());
        }
    }
}
