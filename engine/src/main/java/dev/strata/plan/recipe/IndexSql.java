package dev.strata.plan.recipe;

import dev.strata.ddl.IndexStatement;
import dev.strata.ddl.Statement;
import dev.strata.model.Index;
import dev.strata.model.QualifiedName;
import dev.strata.plan.ShortNames;

/** Index statements the recipes share: concurrent, and safe to run again after an interruption. */
final class IndexSql {

    /** Suffix of an index built aside before it takes its final name. */
    static final String BUILD_SUFFIX = "__strata_new";

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
