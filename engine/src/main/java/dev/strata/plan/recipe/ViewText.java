package dev.strata.plan.recipe;

import dev.strata.expr.Expressions;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.View;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Which names a view's query mentions, by scanning its words with the expression lexer: bare words
 * folded to lower case, quoted ones as written, string literals skipped. It over-approximates (an alias spelled like a
 * table counts), which is right for warnings; it is not a dependency engine.
 */
public final class ViewText {

    private ViewText() {}

    public static Set<String> words(String sql) {
        return Expressions.words(sql);
    }

    /** Views of the catalog whose query mentions {@code relation} and every one of {@code columns}. */
    public static List<QualifiedName> viewsMentioning(Catalog catalog, QualifiedName relation, List<String> columns) {
        List<QualifiedName> found = new ArrayList<>();
        for (Schema schema : catalog.schemas()) {
            for (View view : schema.views()) {
                Set<String> words = words(view.definition());
                QualifiedName name = QualifiedName.of(schema.name(), view.name());
                if (!name.equals(relation) && words.contains(relation.name()) && words.containsAll(columns)) {
                    found.add(name);
                }
            }
        }
        return found;
    }

    /**
     * Warns when a declared view still appears to read a column CONTRACT drops: PostgreSQL refuses
     * {@code DROP COLUMN} while a view depends on it, and without a definition change the plan has
     * no view step to move out of the way. A known limit, not a dependency engine.
     */
    public static void warnIfStillRead(QualifiedName table, String column, PlanContext context, RecipeOutput out) {
        for (QualifiedName view : viewsMentioning(context.desired(), table, List.of(column))) {
            out.warn("view " + view + " appears to read " + table + "." + column + ", which CONTRACT drops: PostgreSQL"
                    + " refuses to drop a column a view depends on; change the view so it no longer reads the column"
                    + " (Strata then replaces it before the drop)");
        }
    }
}
