package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.SequenceStatement;
import dev.strata.diff.SequenceChange.CreateSequence;
import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.Optional;

/**
 * A new sequence is unused, so it is created in EXPAND before the tables whose defaults call it
 * ({@link Stage#CREATE_SEQUENCE}). Its {@code OWNED BY} needs the owning column, which may be new,
 * so it is a second step after columns are added ({@link Stage#OWN_SEQUENCE}).
 */
public final class CreateSequenceRecipe implements Recipe<CreateSequence> {

    public static final CreateSequenceRecipe INSTANCE = new CreateSequenceRecipe();

    @Override
    public void plan(CreateSequence change, PlanContext context, RecipeOutput out) {
        QualifiedName name = change.name();
        Sequence sequence = change.desired();
        StepDraft step = StepDraft.at(Stage.CREATE_SEQUENCE, "create sequence " + name)
                .sql(new SequenceStatement.Create(name, sequence, true))
                .inverse(new SequenceStatement.Drop(name, true))
                .fact("CREATE SEQUENCE locks no existing relation.");
        sequence.comment().ifPresent(c -> step.sql(CommentOn.sequence(name, sequence.comment())));
        out.add(step);
        sequence.ownedBy().ifPresent(owner -> out.add(StepDraft.at(Stage.OWN_SEQUENCE,
                        "make sequence " + name + " owned by " + name.schema() + "." + owner.table() + "." + owner.column())
                .sql(SequenceStatement.Alter.ownedBy(name, sequence.ownedBy()))
                .lock(name, LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .lock(QualifiedName.of(name.schema(), owner.table()), LockMode.ACCESS_SHARE, TableWork.CATALOG_ONLY)
                .inverse(SequenceStatement.Alter.ownedBy(name, Optional.empty()))
                .fact(Sequences.ALTER_FACT)));
    }
}
