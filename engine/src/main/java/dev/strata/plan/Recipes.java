package dev.strata.plan;

import dev.strata.diff.Change;
import dev.strata.diff.ColumnChange;
import dev.strata.diff.ConstraintChange;
import dev.strata.diff.EnumChange;
import dev.strata.diff.IndexChange;
import dev.strata.diff.SchemaChange;
import dev.strata.diff.SequenceChange;
import dev.strata.diff.TableChange;
import dev.strata.diff.ViewChange;
import dev.strata.plan.recipe.CreateSchemaRecipe;
import dev.strata.plan.recipe.DropColumnRecipe;

/**
 * Routes each change to its recipe. The switch is exhaustive over the sealed change hierarchy, so a
 * new change kind does not compile until it has a recipe (or an explicit refusal).
 */
final class Recipes {

    private Recipes() {}

    static void plan(Change change, PlanContext ctx, RecipeOutput out) {
        switch (change) {
            case SchemaChange.CreateSchema c -> CreateSchemaRecipe.INSTANCE.plan(c, ctx, out);
            case TableChange.CreateTable c -> dev.strata.plan.recipe.CreateTableRecipe.INSTANCE.plan(c, ctx, out);
            case TableChange.DropTable c -> dev.strata.plan.recipe.DropTableRecipe.INSTANCE.plan(c, ctx, out);
            case TableChange.RenameTable c -> dev.strata.plan.recipe.RenameTableRecipe.INSTANCE.plan(c, ctx, out);
            case TableChange.ChangeTableComment c -> dev.strata.plan.recipe.ChangeTableCommentRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.AddColumn c -> unsupported(c, out);
            case ColumnChange.DropColumn c -> DropColumnRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.RenameColumn c -> unsupported(c, out);
            case ColumnChange.ChangeColumnType c -> unsupported(c, out);
            case ColumnChange.SetNotNull c -> unsupported(c, out);
            case ColumnChange.DropNotNull c -> unsupported(c, out);
            case ColumnChange.ChangeDefault c -> unsupported(c, out);
            case ColumnChange.AddIdentity c -> unsupported(c, out);
            case ColumnChange.DropIdentity c -> unsupported(c, out);
            case ColumnChange.ChangeIdentity c -> unsupported(c, out);
            case ColumnChange.ChangeGenerated c -> unsupported(c, out);
            case ColumnChange.ChangeCollation c -> unsupported(c, out);
            case ColumnChange.ChangeColumnComment c -> unsupported(c, out);
            case ConstraintChange.AddPrimaryKey c -> unsupported(c, out);
            case ConstraintChange.DropPrimaryKey c -> unsupported(c, out);
            case ConstraintChange.AddUnique c -> unsupported(c, out);
            case ConstraintChange.DropUnique c -> unsupported(c, out);
            case ConstraintChange.AddForeignKey c -> unsupported(c, out);
            case ConstraintChange.DropForeignKey c -> unsupported(c, out);
            case ConstraintChange.AddCheck c -> unsupported(c, out);
            case ConstraintChange.DropCheck c -> unsupported(c, out);
            case ConstraintChange.AddExclusion c -> unsupported(c, out);
            case ConstraintChange.DropExclusion c -> unsupported(c, out);
            case ConstraintChange.RenameConstraint c -> unsupported(c, out);
            case IndexChange.CreateIndex c -> unsupported(c, out);
            case IndexChange.DropIndex c -> unsupported(c, out);
            case IndexChange.RenameIndex c -> unsupported(c, out);
            case IndexChange.ReplaceIndex c -> unsupported(c, out);
            case EnumChange.CreateEnum c -> dev.strata.plan.recipe.CreateEnumRecipe.INSTANCE.plan(c, ctx, out);
            case EnumChange.DropEnum c -> dev.strata.plan.recipe.DropEnumRecipe.INSTANCE.plan(c, ctx, out);
            case EnumChange.AddEnumValue c -> dev.strata.plan.recipe.AddEnumValueRecipe.INSTANCE.plan(c, ctx, out);
            case EnumChange.ReplaceEnum c -> dev.strata.plan.recipe.ReplaceEnumRecipe.INSTANCE.plan(c, ctx, out);
            case EnumChange.ChangeEnumComment c -> dev.strata.plan.recipe.ChangeEnumCommentRecipe.INSTANCE.plan(c, ctx, out);
            case SequenceChange.CreateSequence c -> dev.strata.plan.recipe.CreateSequenceRecipe.INSTANCE.plan(c, ctx, out);
            case SequenceChange.DropSequence c -> dev.strata.plan.recipe.DropSequenceRecipe.INSTANCE.plan(c, ctx, out);
            case SequenceChange.AlterSequence c -> dev.strata.plan.recipe.AlterSequenceRecipe.INSTANCE.plan(c, ctx, out);
            case SequenceChange.ChangeSequenceComment c -> dev.strata.plan.recipe.ChangeSequenceCommentRecipe.INSTANCE.plan(c, ctx, out);
            case ViewChange.CreateView c -> dev.strata.plan.recipe.CreateViewRecipe.INSTANCE.plan(c, ctx, out);
            case ViewChange.DropView c -> dev.strata.plan.recipe.DropViewRecipe.INSTANCE.plan(c, ctx, out);
            case ViewChange.ReplaceView c -> dev.strata.plan.recipe.ReplaceViewRecipe.INSTANCE.plan(c, ctx, out);
            case ViewChange.ChangeViewComment c -> dev.strata.plan.recipe.ChangeViewCommentRecipe.INSTANCE.plan(c, ctx, out);
        }
    }

    private static void unsupported(Change change, RecipeOutput out) {
        out.refuse("Strata has no safe recipe yet for: " + change.describe());
    }
}
