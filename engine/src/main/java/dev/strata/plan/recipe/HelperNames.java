package dev.strata.plan.recipe;

import dev.strata.model.QualifiedName;
import dev.strata.plan.ShortNames;

/**
 * Names of the temporary objects recipes create next to a column (helper constraints, sequences).
 * PostgreSQL silently truncates names beyond 63 bytes, which could make two helpers collide, so a
 * long name is cut and given a hash of the full table and column instead.
 */
final class HelperNames {

    private HelperNames() {}

    /** {@code <table>_<column>_<suffix>}, shortened with a hash when it would exceed 63 bytes. */
    static String of(QualifiedName table, String column, String suffix) {
        return ShortNames.withSuffix(table.name() + "_" + column, "_" + suffix);
    }
}
