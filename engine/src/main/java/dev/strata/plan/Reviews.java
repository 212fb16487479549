package dev.strata.plan;

import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The "Needs review" section of a plan: the steps on large tables under the project's review rules.
 *
 * @param configured  whether the project has review rules at all; without them a plan has no such section
 * @param sizesKnown  whether the plan knew table sizes (planned with {@code --url}); offline plans cannot tell which
 *                    tables are large, and say so instead of guessing
 * @param rowsAbove   the rules' row threshold
 * @param bytesAbove  the rules' size threshold
 * @param steps       one entry per step and large table it touches, in plan order
 */
public record Reviews(boolean configured, boolean sizesKnown, OptionalLong rowsAbove, OptionalLong bytesAbove,
        List<Review> steps) {

    /** A plan of a project without review rules. */
    public static final Reviews NONE = new Reviews(false, false, OptionalLong.empty(), OptionalLong.empty(), List.of());

    public Reviews {
        steps = List.copyOf(steps);
    }

    /**
     * Which steps of {@code plan} touch a large table (a relation they lock, or the table a backfill fills) and who
     * must review each. Sizes are the plan's own table facts, so a saved plan keeps the answer it was reviewed with;
     * they are keyed by current names, and steps after a table rename name the table as {@code desired} does.
     */
    public static Reviews of(Plan plan, ReviewRules rules, boolean sizesKnown, Catalog desired) {
        List<Review> found = new ArrayList<>();
        if (sizesKnown) {
            for (Step step : plan.steps()) {
                for (QualifiedName table : tables(step)) {
                    TableFacts facts = plan.tableFacts().get(table);
                    if (facts == null) {
                        facts = desired.table(table).flatMap(Table::renamedFrom)
                                .map(old -> plan.tableFacts().get(QualifiedName.of(table.schema(), old))).orElse(null);
                    }
                    if (facts != null && rules.large(facts)) {
                        found.add(new Review(step.id(), table, facts, rules.reviewersOf(table)));
                    }
                }
            }
        }
        return new Reviews(true, sizesKnown, rules.rowsAbove(), rules.bytesAbove(), found);
    }

    private static Set<QualifiedName> tables(Step step) {
        Set<QualifiedName> tables = new LinkedHashSet<>();
        switch (step) {
            case DdlStep d -> d.locks().forEach(l -> {
                if (l.target() instanceof LockTarget.Relation r) {
                    tables.add(r.name());
                }
            });
            case BackfillStep b -> tables.add(b.table());
        }
        return tables;
    }

    /** The reviews of one step. */
    public List<Review> of(String stepId) {
        return steps.stream().filter(r -> r.stepId().equals(stepId)).toList();
    }
}
