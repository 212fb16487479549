package dev.strata.diff;

import dev.strata.diff.ColumnChange.*;
import dev.strata.diff.ConstraintChange.*;
import dev.strata.diff.IndexChange.*;
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
import dev.strata.sql.ArrayCasts;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Predicate;

/** The changes within one table that exists on both sides (possibly under another name). */
final class TableDiff {

    private final QualifiedName currentName;
    private final Table current;
    private final QualifiedName name;
    private final Table desired;
    /** The current table in desired names, without what dropped columns take along. */
    private final Table seen;
    /** Desired column name to current column name, surviving columns only. */
    private final Map<String, String> currentNames = new HashMap<>();
    private final ExpressionEquality eq;
    private final List<Change> changes;

    TableDiff(QualifiedName currentName, Table current, QualifiedName name, Table desired, Matching matching,
              ExpressionEquality eq, List<Change> changes) {
        this.currentName = currentName;
        this.current = current;
        this.name = name;
        this.desired = desired;
        this.seen = new Translation(matching).translate(currentName, current, name.name());
        matching.columnNames(currentName).forEach((was, is) -> currentNames.put(is, was));
        this.eq = eq;
        this.changes = changes;
    }

    void run() {
        if (!currentName.equals(name)) {
            changes.add(new TableChange.RenameTable(currentName, name, desired));
        }
        renames();
        columns();
        constraints();
        indexes();
        if (!current.comment().equals(desired.comment())) {
            changes.add(new TableChange.ChangeTableComment(name, current.comment(), desired.comment()));
        }
        if (!current.rowLevelSecurity().equals(desired.rowLevelSecurity())) {
            changes.add(new TableChange.ChangeRowLevelSecurity(name, current.rowLevelSecurity(), desired.rowLevelSecurity()));
        }
        if (current.unlogged() != desired.unlogged()) {
            changes.add(new TableChange.ChangeLogged(name, desired.unlogged()));
        }
    }

    private void renames() {
        for (Column d : desired.columns()) {
            String was = currentNames.get(d.name());
            if (was != null && !was.equals(d.name())) {
                changes.add(new RenameColumn(name, current.column(was).orElseThrow(), d));
            }
        }
    }

    private void columns() {
        for (Column d : desired.columns()) {
            Optional<Column> c = seen.column(d.name());
            if (c.isEmpty()) {
                changes.add(new AddColumn(name, d));
            } else {
                column(c.get(), d);
            }
        }
        for (Column c : current.columns()) {
            if (!currentNames.containsValue(c.name())) {
                changes.add(new DropColumn(name, c));
            }
        }
        // Column order is no change (PostgreSQL cannot reorder in place); the planner notes the order a table will
        // have from its own statements (plan.ColumnOrder), which know what a rebuild moves.
    }

    private void column(Column c, Column d) {
        String schema = name.schema();
        if (c.identity().isPresent() && d.identity().isEmpty()) {
            changes.add(new DropIdentity(name, c));
        }
        if (!c.type().equals(d.type())) {
            changes.add(new ChangeColumnType(name, c, d, d.using()));
        }
        if (!c.collation().equals(d.collation())) {
            changes.add(new ChangeCollation(name, c, d));
        }
        if (!same(c.defaultValue(), d.defaultValue(), schema)) {
            changes.add(new ChangeDefault(name, d.name(), c.defaultValue(), d.defaultValue()));
        }
        if (c.nullable() && !d.nullable()) {
            changes.add(new SetNotNull(name, d));
        } else if (!c.nullable() && d.nullable()) {
            changes.add(new DropNotNull(name, d));
        }
        if (c.identity().isEmpty() && d.identity().isPresent()) {
            changes.add(new AddIdentity(name, d));
        } else if (c.identity().isPresent() && d.identity().isPresent() && !c.identity().equals(d.identity())) {
            changes.add(new ChangeIdentity(name, c, d));
        }
        if (!same(c.generatedAs(), d.generatedAs(), schema) || c.virtual() != d.virtual()) {
            changes.add(new ChangeGenerated(name, c, d));
        }
        // A desired column without a name takes whatever its NOT NULL constraint is called.
        if (!c.nullable() && !d.nullable() && d.notNullName().isPresent() && !d.notNullName().equals(c.notNullName())) {
            changes.add(new ColumnChange.RenameNotNull(name, c, d));
        }
        if (!c.comment().equals(d.comment())) {
            changes.add(new ChangeColumnComment(name, d.name(), c.comment(), d.comment()));
        }
    }

    private boolean same(Optional<String> current, Optional<String> desired, String schema) {
        if (current.isEmpty() || desired.isEmpty()) {
            return current.isEmpty() && desired.isEmpty();
        }
        return eq.same(current.get(), desired.get(), schema);
    }

    private void constraints() {
        constraintKind(seen.primaryKey().stream().toList(), current.primaryKey().stream().toList(), desired.primaryKey().stream().toList(),
                PrimaryKey::name, PrimaryKey::comment,
                (c, d) -> c.columns().equals(d.columns()) && c.withoutOverlaps() == d.withoutOverlaps(),
                pk -> new DropPrimaryKey(name, pk), pk -> new AddPrimaryKey(name, pk), (c, d) -> new ReplacePrimaryKey(name, c, d), true);
        constraintKind(seen.uniqueConstraints(), current.uniqueConstraints(), desired.uniqueConstraints(), UniqueConstraint::name,
                UniqueConstraint::comment,
                (c, d) -> c.columns().equals(d.columns()) && c.nullsNotDistinct() == d.nullsNotDistinct()
                        && c.deferrability() == d.deferrability() && c.withoutOverlaps() == d.withoutOverlaps(),
                u -> new DropUnique(name, u), u -> new AddUnique(name, u), (c, d) -> new ReplaceUnique(name, c, d), false);
        BiPredicate<ForeignKey, ForeignKey> sameForeignKey = (c, d) -> c.columns().equals(d.columns()) && c.target().equals(d.target())
                && c.targetColumns().equals(d.targetColumns()) && c.onDelete() == d.onDelete()
                && c.onUpdate() == d.onUpdate() && c.match() == d.match()
                && c.deferrability() == d.deferrability() && c.period() == d.period();
        constraintKind(seen.foreignKeys(), current.foreignKeys(), desired.foreignKeys(), ForeignKey::name, ForeignKey::comment,
                sameForeignKey,
                f -> new DropForeignKey(name, f), f -> new AddForeignKey(name, f), (c, d) -> new ReplaceForeignKey(name, c, d), false);
        validations(seen.foreignKeys(), desired.foreignKeys(), ForeignKey::name, sameForeignKey, ForeignKey::valid,
                Validated.Foreign::new);
        BiPredicate<CheckConstraint, CheckConstraint> sameCheck =
                (c, d) -> c.noInherit() == d.noInherit() && eq.same(c.expression(), d.expression(), name.schema());
        constraintKind(seen.checks(), current.checks(), desired.checks(), CheckConstraint::name, CheckConstraint::comment,
                sameCheck,
                c -> new DropCheck(name, c), c -> new AddCheck(name, c), (c, d) -> new ReplaceCheck(name, c, d), false);
        validations(seen.checks(), desired.checks(), CheckConstraint::name, sameCheck, CheckConstraint::valid,
                Validated.Check::new);
        constraintKind(seen.exclusions(), current.exclusions(), desired.exclusions(), ExclusionConstraint::name,
                ExclusionConstraint::comment, this::sameExclusion,
                e -> new DropExclusion(name, e), e -> new AddExclusion(name, e), (c, d) -> new ReplaceExclusion(name, c, d), false);
    }

    /**
     * A changed constraint (same name, other body), or one redeclared under the name of one a dropped column takes
     * along, is one replacement, standing where its add would stand so the steps keep their order.
     *
     * @param current    the current constraints that survive (what dropped columns take along is left out)
     * @param untouched  every current constraint, for names still held until CONTRACT drops the column
     * @param oneOfAKind a table has at most one (a primary key): a new one replaces the old one whatever the names
     * @param commentOf  not part of the body: a kept or renamed one whose comment differs gets a comment change
     */
    private <T> void constraintKind(List<T> current, List<T> untouched, List<T> desired, Function<T, String> nameOf,
                                    Function<T, Optional<String>> commentOf, BiPredicate<T, T> sameBody,
                                    Function<T, Change> drop, Function<T, Change> add,
                                    BiFunction<T, T, Change> replace, boolean oneOfAKind) {
        var match = NamedMatch.of(current, desired, nameOf, sameBody);
        match.renamed().forEach(p ->
                changes.add(new RenameConstraint(name, nameOf.apply(p.current()), nameOf.apply(p.desired()))));
        var drops = new ArrayList<T>(match.onlyCurrent());
        // The current one of each replaced pair, by desired name, as the current catalog holds it: the swap runs
        // before CONTRACT retires a renamed column, so its undo names the columns as they are then.
        Function<T, T> asHeld = t -> untouched.stream().filter(u -> nameOf.apply(u).equals(nameOf.apply(t))).findFirst().orElse(t);
        var replaced = new HashMap<String, T>();
        match.changed().forEach(p -> replaced.put(nameOf.apply(p.desired()), asHeld.apply(p.current())));
        for (T d : match.onlyDesired()) {
            // A constraint redeclared under the name of one a dropped column takes along: the old one must go first.
            Optional<T> takenAlong = untouched.stream().filter(u -> current.stream().noneMatch(c -> nameOf.apply(c).equals(nameOf.apply(u))))
                    .filter(u -> oneOfAKind || nameOf.apply(u).equals(nameOf.apply(d)))
                    .findFirst();
            Optional<T> old = oneOfAKind && !drops.isEmpty() ? Optional.of(asHeld.apply(drops.removeFirst())) : takenAlong;
            old.ifPresent(u -> replaced.put(nameOf.apply(d), u));
        }
        drops.sort(java.util.Comparator.comparing(nameOf));
        drops.forEach(t -> changes.add(drop.apply(t)));
        var adds = new ArrayList<T>(match.onlyDesired());
        match.changed().forEach(p -> adds.add(p.desired()));
        adds.sort(java.util.Comparator.comparing(nameOf));
        adds.forEach(t -> changes.add(replaced.containsKey(nameOf.apply(t))
                ? replace.apply(replaced.get(nameOf.apply(t)), t) : add.apply(t)));
        // A comment is no part of the body: one kept or renamed keeps its comment, which may still need to change.
        match.kept().forEach(p -> {
            if (!commentOf.apply(p.current()).equals(commentOf.apply(p.desired()))) {
                changes.add(new ChangeConstraintComment(name, nameOf.apply(p.desired()), commentOf.apply(p.current()),
                        commentOf.apply(p.desired())));
            }
        });
    }

    /**
     * A kept constraint (same name and body, or renamed) that is {@code NOT VALID} now and declared valid is validated;
     * validity is not part of the body, so a changed one is a replacement that the recipe adds as declared.
     */
    private <T> void validations(List<T> current, List<T> desired, Function<T, String> nameOf, BiPredicate<T, T> sameBody,
                                 Predicate<T> valid, Function<T, Validated> validated) {
        var renamed = NamedMatch.of(current, desired, nameOf, sameBody).renamed();
        for (T d : desired) {
            Optional<T> kept = current.stream().filter(c -> nameOf.apply(c).equals(nameOf.apply(d))).findFirst()
                    .or(() -> renamed.stream().filter(p -> p.desired() == d).map(NamedMatch.Pair::current).findFirst())
                    .filter(c -> sameBody.test(c, d));
            if (valid.test(d) && kept.isPresent() && !valid.test(kept.get())) {
                changes.add(new ValidateConstraint(name, validated.apply(d)));
            }
        }
    }

    private void indexes() {
        var match = NamedMatch.of(seen.indexes(), desired.indexes(), Index::name, this::sameIndex);
        match.renamed().forEach(p -> changes.add(new RenameIndex(name, p.current().name(), p.desired().name())));
        match.onlyCurrent().forEach(i -> changes.add(new DropIndex(name, i)));
        match.changed().forEach(p -> changes.add(new ReplaceIndex(name, p.current(), p.desired())));
        for (Index i : match.onlyDesired()) {
            // An index a dropped column would take along still exists until CONTRACT: one redeclared under the
            // same name must replace it, or the new definition would never be built.
            Optional<Index> takenAlong = current.indexes().stream().filter(c -> c.name().equals(i.name())).findFirst();
            changes.add(takenAlong.<Change>map(c -> new ReplaceIndex(name, c, i)).orElseGet(() -> new CreateIndex(name, i)));
        }
        match.kept().forEach(p -> {
            if (!p.current().comment().equals(p.desired().comment())) {
                changes.add(new ChangeIndexComment(name, p.desired().name(), p.current().comment(), p.desired().comment()));
            }
        });
    }

    /**
     * A predicate is also compared by what PostgreSQL keeps of an array's cast ({@link ArrayCasts#castPlacementDiffers}):
     * semantically equal, yet stored and printed differently, and the index built from the declared text keeps the
     * declared form, so a plan reaches what a database built from the declaration holds.
     */
    private boolean sameIndex(Index c, Index d) {
        return c.unique() == d.unique() && c.nullsNotDistinct() == d.nullsNotDistinct()
                && c.method().equals(d.method()) && c.include().equals(d.include())
                && c.storageParameters().equals(d.storageParameters())
                && sameKeys(c.keys(), d.keys()) && same(c.where(), d.where(), name.schema())
                && !(c.where().isPresent() && d.where().isPresent()
                        && ArrayCasts.castPlacementDiffers(c.where().get(), d.where().get()));
    }

    private boolean sameExclusion(ExclusionConstraint c, ExclusionConstraint d) {
        if (!c.method().equals(d.method()) || !c.deferrability().equals(d.deferrability())
                || c.elements().size() != d.elements().size() || !same(c.where(), d.where(), name.schema())) {
            return false;
        }
        for (int i = 0; i < c.elements().size(); i++) {
            var ce = c.elements().get(i);
            var de = d.elements().get(i);
            if (!ce.operator().equals(de.operator()) || !sameKey(ce.key(), de.key())) {
                return false;
            }
        }
        return true;
    }

    private boolean sameKeys(List<IndexKey> c, List<IndexKey> d) {
        if (c.size() != d.size()) {
            return false;
        }
        for (int i = 0; i < c.size(); i++) {
            if (!sameKey(c.get(i), d.get(i))) {
                return false;
            }
        }
        return true;
    }

    private boolean sameKey(IndexKey c, IndexKey d) {
        if (!c.opclass().equals(d.opclass()) || c.descending() != d.descending() || c.nullsFirst() != d.nullsFirst()) {
            return false;
        }
        return switch (c.target()) {
            case IndexKey.ColumnTarget ct -> d.target() instanceof IndexKey.ColumnTarget dt && ct.equals(dt);
            case IndexKey.ExpressionTarget ct ->
                    d.target() instanceof IndexKey.ExpressionTarget dt && eq.same(ct.sql(), dt.sql(), name.schema());
        };
    }
}
