package dev.strata.plan.recipe;

import dev.strata.ddl.SequenceOption;
import dev.strata.ddl.SequenceStatement;
import dev.strata.ddl.Statement;
import dev.strata.diff.SequenceChange.AlterSequence;
import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.ArrayList;
import java.util.List;

/**
 * Type, options and owner change in place, in EXPAND: they do not move the sequence's position,
 * and the old application only calls nextval. ALTER SEQUENCE briefly blocks nextval, so it is one
 * short statement of its own. When the owner changes, it runs after columns are added
 * ({@link Stage#OWN_SEQUENCE}), since the new owner may be one of them. The inverse restores the
 * old type, options and owner; narrowing the type fails loudly if the sequence has gone past the
 * new bound.
 */
public final class AlterSequenceRecipe implements Recipe<AlterSequence> {

    public static final AlterSequenceRecipe INSTANCE = new AlterSequenceRecipe();

    @Override
    public void plan(AlterSequence change, PlanContext context, RecipeOutput out) {
        QualifiedName name = change.name();
        boolean ownerChanges = !change.current().ownedBy().equals(change.desired().ownedBy());
        StepDraft step = StepDraft.at(ownerChanges ? Stage.OWN_SEQUENCE : Stage.CREATE_SEQUENCE, "alter sequence " + name)
                .sql(alter(name, change.current(), change.desired()))
                .lock(name, LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(alter(name, change.desired(), change.current()))
                .fact(Sequences.ALTER_FACT);
        if (ownerChanges) {
            // OWNED BY reads the owning table's definition (ACCESS SHARE, seen in pg_locks on 14 and 18).
            change.desired().ownedBy().ifPresent(o ->
                    step.lock(QualifiedName.of(name.schema(), o.table()), LockMode.ACCESS_SHARE, TableWork.CATALOG_ONLY));
        }
        out.add(step);
    }

    private static Statement alter(QualifiedName name, Sequence from, Sequence to) {
        List<SequenceOption> options = new ArrayList<>(Sequences.optionClauses(from, to));
        if (!from.ownedBy().equals(to.ownedBy())) {
            options.add(SequenceOption.ownedBy(name, to.ownedBy()));
        }
        return new SequenceStatement.Alter(name, options);
    }
}
