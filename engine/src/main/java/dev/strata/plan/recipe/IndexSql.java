package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.IndexStatement;
import dev.strata.ddl.Statement;
import dev.strata.model.Index;
import dev.strata.model.QualifiedName;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.ShortNames;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.List;
import java.util.Optional;

/** Index statements the recipes share: concurrent, and safe to run again after an interruption. */
final class IndexSql {

    /** Suffix of an index built aside before it takes its final name. */
    static final String BUILD_SUFFIX = dev.strata.plan.Scaffolding.REPLACEMENT_INDEX_SUFFIX;

    static final String INVALID_LEFTOVER_FACT = "A CONCURRENTLY build that fails (duplicates, cancellation) leaves an INVALID"
            + " index behind, and IF NOT EXISTS would skip over it: drop the leftover (DROP INDEX CONCURRENTLY) before"
            + " running this step again (docs/locks.md#row-46).";

    private IndexSql() {}

    /** {@code CREATE [UNIQUE] INDEX CONCURRENTLY IF NOT EXISTS ...}; outside a transaction, SHARE UPDATE EXCLUSIVE (docs/locks.md#row-46). */
    static Statement createConcurrently(QualifiedName table, Index index) {
        return new IndexStatement.Create(table, index, true, true);
    }

    static Statement dropConcurrently(QualifiedName table, String index) {
        return new IndexStatement.Drop(relation(table, index), true, true);
    }

    static Statement rename(QualifiedName table, String from, String to) {
        return new IndexStatement.Rename(relation(table, from), to, false);
    }

    /** The declared comment of an index under its final name, in a transactional step (none when it has none). */
    static List<Statement> comment(QualifiedName table, String index, Optional<String> comment) {
        return comment.<List<Statement>>map(c -> List.of(CommentOn.index(table, index, comment))).orElse(List.of());
    }

    /**
     * The step that gives an index built CONCURRENTLY (which runs alone, outside a transaction) its declared comment,
     * in the build's phase; the graph orders it after the build, which creates the index it names.
     */
    static void commentAfterBuild(QualifiedName table, Index index, Stage buildStage, RecipeOutput out) {
        index.comment().ifPresent(c -> out.add(StepDraft.at(
                        buildStage.phase() == Phase.EXPAND ? Stage.EXPAND_COMMENT : Stage.CONTRACT_COMMENT,
                        "set comment on index " + table.schema() + "." + index.name())
                .sql(CommentOn.index(table, index.name(), index.comment()))
                .lock(relation(table, index.name()), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(CommentOn.index(table, index.name(), Optional.empty()))
                .fact(Comments.INDEX_FACT)));
    }

    static QualifiedName relation(QualifiedName table, String index) {
        return QualifiedName.of(table.schema(), index);
    }

    /**
     * {@code name__strata_new}, with the name cut (on a character boundary) so the whole stays
     * within 63 bytes; PostgreSQL would otherwise truncate it silently and two long names could meet.
     */
    static String buildName(String name) {
        return ShortNames.withSuffix(name, BUILD_SUFFIX);
    }
}
