package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.ViewStatement;
import dev.strata.diff.ViewChange.CreateView;
import dev.strata.model.QualifiedName;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;

/**
 * A new view is unused, so it is created in EXPAND after the tables, columns and indexes it may
 * read ({@link Stage#CREATE_VIEW}), with its comment (the diff emits no comment change for a new
 * view). It only read-locks what it reads.
 */
public final class CreateViewRecipe implements Recipe<CreateView> {

    public static final CreateViewRecipe INSTANCE = new CreateViewRecipe();

    @Override
    public void plan(CreateView change, PlanContext context, RecipeOutput out) {
        QualifiedName name = change.name();
        if (!ChangeViewOptionsRecipe.supported(name, change.desired().options(), context, out)) {
            return;
        }
        StepDraft step = StepDraft.at(Stage.CREATE_VIEW, "create view " + name)
                .sql(new ViewStatement.Create(name, change.desired().definition(), change.desired().options()))
                .inverse(new ViewStatement.Drop(name, true))
                .fact("CREATE VIEW takes no lock that blocks traffic on the relations it reads (docs/locks.md#row-75).");
        change.desired().comment().ifPresent(c -> step.sql(CommentOn.view(name, change.desired().comment())));
        out.add(step);
    }
}
