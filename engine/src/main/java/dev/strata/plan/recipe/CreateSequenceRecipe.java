package dev.strata.plan.recipe;

import dev.strata.ddl.SqlRender;
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
import dev.strata.sql.Identifiers;

import java.util.Optional;

/**
 * A new sequence is unused, so it is created in EXPAND before the tables whose defaults call it
 * ({@link Stage#CREATE_SEQUENCE}). Its {@code OWNED BY} needs the owning column, which may be new,
 * so it is a second step after columns are added ({@link Stage#OWN_SEQUENCE}).
 */
public final class CreateSequenceRecipe implements Recipe<CreateSequence> {

    public static final CreateSequenceRecipe INSTANCE = new CreateSequenceRecipe();

    private static final String CREATE = "CREATE SEQUENCE ";

    @Override
    public void plan(CreateSequence change, PlanContext context, RecipeOutput out) {
        QualifiedName name = change.name();
        Sequence sequence = change.desired();
        String create = SqlRender.createSequence(name.schema(), sequence);
        StepDraft step = StepDraft.at(Stage.CREATE_SEQUENCE, "create sequence " + name)
                .sql("CREATE SEQUENCE IF NOT EXISTS " + create.substring(CREATE.length()))
                .inverse("DROP SEQUENCE IF EXISTS " + Identifiers.qualified(name))
                .fact("CREATE SEQUENCE locks no existing relation.");
        sequence.comment().ifPresent(c -> step.sql(SqlRender.commentOnSequence(name, sequence.comment())));
        out.add(step);
        sequence.ownedBy().ifPresent(owner -> out.add(StepDraft.at(Stage.OWN_SEQUENCE,
                        "make sequence " + name + " owned by " + name.schema() + "." + owner.table() + "." + owner.column())
                .sql(SqlRender.alterSequenceOwnedBy(name, sequence.ownedBy()))
                .lock(name, LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .lock(QualifiedName.of(name.schema(), owner.table()), LockMode.ACCESS_SHARE, TableWork.CATALOG_ONLY)
                .inverse(SqlRender.alterSequenceOwnedBy(name, Optional.empty()))
                .fact(Sequences.ALTER_FACT)));
    }
}
