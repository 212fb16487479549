package dev.strata.plan;

import java.util.Optional;

import dev.strata.diff.Change;
import dev.strata.diff.ColumnChange;
import dev.strata.diff.ConstraintChange;
import dev.strata.diff.EnumChange;
import dev.strata.diff.IndexChange;
import dev.strata.diff.ObjectChange;
import dev.strata.diff.SchemaChange;
import dev.strata.diff.SequenceChange;
import dev.strata.diff.TableChange;
import dev.strata.diff.ViewChange;
import dev.strata.plan.recipe.AddCheckRecipe;
import dev.strata.plan.recipe.AddColumnRecipe;
import dev.strata.plan.recipe.AddEnumValueRecipe;
import dev.strata.plan.recipe.AddExclusionRecipe;
import dev.strata.plan.recipe.AddForeignKeyRecipe;
import dev.strata.plan.recipe.AddIdentityRecipe;
import dev.strata.plan.recipe.AddPrimaryKeyRecipe;
import dev.strata.plan.recipe.AddUniqueRecipe;
import dev.strata.plan.recipe.AlterSequenceRecipe;
import dev.strata.plan.recipe.ChangeCollationRecipe;
import dev.strata.plan.recipe.ChangeColumnCommentRecipe;
import dev.strata.plan.recipe.RenameNotNullRecipe;
import dev.strata.plan.recipe.ChangeConstraintCommentRecipe;
import dev.strata.plan.recipe.ChangeIndexCommentRecipe;
import dev.strata.plan.recipe.ChangeDefaultRecipe;
import dev.strata.plan.recipe.ChangeEnumCommentRecipe;
import dev.strata.plan.recipe.ChangeGeneratedRecipe;
import dev.strata.plan.recipe.ChangeIdentityRecipe;
import dev.strata.plan.recipe.ChangeSequenceCommentRecipe;
import dev.strata.plan.recipe.ChangeLoggedRecipe;
import dev.strata.plan.recipe.ChangeRowLevelSecurityRecipe;
import dev.strata.plan.recipe.ChangeTableCommentRecipe;
import dev.strata.plan.recipe.ChangeViewCommentRecipe;
import dev.strata.plan.recipe.ChangeViewOptionsRecipe;
import dev.strata.plan.recipe.CreateEnumRecipe;
import dev.strata.plan.recipe.CreateIndexRecipe;
import dev.strata.plan.recipe.CreateSchemaRecipe;
import dev.strata.plan.recipe.CreateSequenceRecipe;
import dev.strata.plan.recipe.CreateTableRecipe;
import dev.strata.plan.recipe.CreateViewRecipe;
import dev.strata.plan.recipe.DropCheckRecipe;
import dev.strata.plan.recipe.DropColumnRecipe;
import dev.strata.plan.recipe.DropEnumRecipe;
import dev.strata.plan.recipe.DropExclusionRecipe;
import dev.strata.plan.recipe.DropForeignKeyRecipe;
import dev.strata.plan.recipe.DropIdentityRecipe;
import dev.strata.plan.recipe.DropIndexRecipe;
import dev.strata.plan.recipe.DropNotNullRecipe;
import dev.strata.plan.recipe.DropPrimaryKeyRecipe;
import dev.strata.plan.recipe.DropSequenceRecipe;
import dev.strata.plan.recipe.DropTableRecipe;
import dev.strata.plan.recipe.DropUniqueRecipe;
import dev.strata.plan.recipe.DropViewRecipe;
import dev.strata.plan.recipe.RenameColumnRecipe;
import dev.strata.plan.recipe.RenameConstraintRecipe;
import dev.strata.plan.recipe.RenameIndexRecipe;
import dev.strata.plan.recipe.RenameTableRecipe;
import dev.strata.plan.recipe.ObjectRecipes;
import dev.strata.plan.recipe.ReplaceCheckRecipe;
import dev.strata.plan.recipe.ReplaceExclusionRecipe;
import dev.strata.plan.recipe.ReplaceForeignKeyRecipe;
import dev.strata.plan.recipe.ValidateConstraintRecipe;
import dev.strata.plan.recipe.ReplacePrimaryKeyRecipe;
import dev.strata.plan.recipe.ReplaceUniqueRecipe;
import dev.strata.plan.recipe.ReplaceEnumRecipe;
import dev.strata.plan.recipe.ReplaceIndexRecipe;
import dev.strata.plan.recipe.ReplaceViewRecipe;
import dev.strata.plan.recipe.RewriteColumnTypeRecipe;
import dev.strata.plan.recipe.SetNotNullRecipe;
import dev.strata.plan.recipe.WidenColumnTypeRecipe;

/**
 * Routes each change to its recipe. The switch is exhaustive over the sealed change hierarchy, so a
 * new change kind does not compile until it has a recipe.
 */
final class Recipes {

    private Recipes() {}

    static void plan(Change change, PlanContext ctx, RecipeOutput out) {
        Optional<String> unsupported = PartitionLimits.unsupported(change, ctx);
        if (unsupported.isPresent()) {
            out.refuse(unsupported.get());
            return;
        }
        switch (change) {
            case SchemaChange.CreateSchema c -> CreateSchemaRecipe.INSTANCE.plan(c, ctx, out);
            case TableChange.CreateTable c -> CreateTableRecipe.INSTANCE.plan(c, ctx, out);
            case TableChange.DropTable c when dev.strata.plan.recipe.DropPartitionRecipe.applies(c) ->
                    dev.strata.plan.recipe.DropPartitionRecipe.INSTANCE.plan(c, ctx, out);
            case TableChange.DropTable c -> DropTableRecipe.INSTANCE.plan(c, ctx, out);
            case TableChange.RenameTable c -> RenameTableRecipe.INSTANCE.plan(c, ctx, out);
            case TableChange.ChangeTableComment c -> ChangeTableCommentRecipe.INSTANCE.plan(c, ctx, out);
            case TableChange.ChangeRowLevelSecurity c -> ChangeRowLevelSecurityRecipe.INSTANCE.plan(c, ctx, out);
            case TableChange.ChangeLogged c -> ChangeLoggedRecipe.INSTANCE.plan(c, ctx, out);
            case TableChange.ChangePartitioning c -> dev.strata.plan.recipe.ChangePartitioningRecipe.INSTANCE.plan(c, ctx, out);
            case TableChange.ChangePartitionBound c -> dev.strata.plan.recipe.ChangePartitionBoundRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.AddColumn c -> AddColumnRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.DropColumn c -> DropColumnRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.RenameColumn c -> RenameColumnRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.ChangeColumnType c when WidenColumnTypeRecipe.applies(c) -> WidenColumnTypeRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.ChangeColumnType c -> RewriteColumnTypeRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.SetNotNull c -> SetNotNullRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.DropNotNull c -> DropNotNullRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.ChangeDefault c -> ChangeDefaultRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.AddIdentity c -> AddIdentityRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.DropIdentity c -> DropIdentityRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.ChangeIdentity c -> ChangeIdentityRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.ChangeGenerated c -> ChangeGeneratedRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.ChangeCollation c -> ChangeCollationRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.ChangeColumnComment c -> ChangeColumnCommentRecipe.INSTANCE.plan(c, ctx, out);
            case ColumnChange.RenameNotNull c -> RenameNotNullRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.AddPrimaryKey c -> AddPrimaryKeyRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.DropPrimaryKey c -> DropPrimaryKeyRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.ReplacePrimaryKey c -> ReplacePrimaryKeyRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.AddUnique c -> AddUniqueRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.DropUnique c -> DropUniqueRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.ReplaceUnique c -> ReplaceUniqueRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.AddForeignKey c -> AddForeignKeyRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.DropForeignKey c -> DropForeignKeyRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.ReplaceForeignKey c -> ReplaceForeignKeyRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.AddCheck c -> AddCheckRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.DropCheck c -> DropCheckRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.ReplaceCheck c -> ReplaceCheckRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.AddExclusion c -> AddExclusionRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.DropExclusion c -> DropExclusionRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.ReplaceExclusion c -> ReplaceExclusionRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.RenameConstraint c -> RenameConstraintRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.ChangeConstraintComment c -> ChangeConstraintCommentRecipe.INSTANCE.plan(c, ctx, out);
            case ConstraintChange.ValidateConstraint c -> ValidateConstraintRecipe.INSTANCE.plan(c, ctx, out);
            case IndexChange.CreateIndex c when dev.strata.plan.recipe.PartitionedIndexRecipe.applies(c, ctx) ->
                    dev.strata.plan.recipe.PartitionedIndexRecipe.INSTANCE.plan(c, ctx, out);
            case IndexChange.CreateIndex c -> CreateIndexRecipe.INSTANCE.plan(c, ctx, out);
            case IndexChange.DropIndex c -> DropIndexRecipe.INSTANCE.plan(c, ctx, out);
            case IndexChange.RenameIndex c -> RenameIndexRecipe.INSTANCE.plan(c, ctx, out);
            case IndexChange.ReplaceIndex c -> ReplaceIndexRecipe.INSTANCE.plan(c, ctx, out);
            case IndexChange.ChangeIndexComment c -> ChangeIndexCommentRecipe.INSTANCE.plan(c, ctx, out);
            case EnumChange.CreateEnum c -> CreateEnumRecipe.INSTANCE.plan(c, ctx, out);
            case EnumChange.DropEnum c -> DropEnumRecipe.INSTANCE.plan(c, ctx, out);
            case EnumChange.AddEnumValue c -> AddEnumValueRecipe.INSTANCE.plan(c, ctx, out);
            case EnumChange.ReplaceEnum c -> ReplaceEnumRecipe.INSTANCE.plan(c, ctx, out);
            case EnumChange.ChangeEnumComment c -> ChangeEnumCommentRecipe.INSTANCE.plan(c, ctx, out);
            case SequenceChange.CreateSequence c -> CreateSequenceRecipe.INSTANCE.plan(c, ctx, out);
            case SequenceChange.DropSequence c -> DropSequenceRecipe.INSTANCE.plan(c, ctx, out);
            case SequenceChange.AlterSequence c -> AlterSequenceRecipe.INSTANCE.plan(c, ctx, out);
            case SequenceChange.ChangeSequenceComment c -> ChangeSequenceCommentRecipe.INSTANCE.plan(c, ctx, out);
            case ViewChange.CreateView c -> CreateViewRecipe.INSTANCE.plan(c, ctx, out);
            case ViewChange.DropView c -> DropViewRecipe.INSTANCE.plan(c, ctx, out);
            case ViewChange.ReplaceView c -> ReplaceViewRecipe.INSTANCE.plan(c, ctx, out);
            case ViewChange.ChangeViewComment c -> ChangeViewCommentRecipe.INSTANCE.plan(c, ctx, out);
            case ViewChange.ChangeViewOptions c -> ChangeViewOptionsRecipe.INSTANCE.plan(c, ctx, out);
            case ObjectChange c -> ObjectRecipes.plan(c, ctx, out);
        }
    }
}
