package dev.strata.diff;

import dev.strata.expr.Expressions;
import dev.strata.sql.Identifiers;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds the column references in an SQL expression of a single table (check, index key, partial
 * index predicate) at the token level, without a full parser, with the expression lexer (so strings
 * end where the server ends them and a rename never lands inside one): an identifier, bare or quoted,
 * outside string literals, that is neither a function name (followed by {@code (}) nor a type name
 * (after {@code ::}). Bare words fold to lower case as PostgreSQL does. Good enough to tell which
 * constraints a dropped column takes with it and to translate renamed columns before comparing;
 * a column named like an SQL keyword used bare (it would have to be quoted) is not told apart.
 */
public final class ColumnReferences {

    private ColumnReferences() {}

    public static boolean mentions(String sql, String column) {
        boolean[] found = {false};
        scan(sql, reference -> found[0] |= reference.name().equals(column));
        return found[0];
    }

    /** The expression with every reference to a key of {@code renames} replaced by its quoted value. */
    public static String rename(String sql, Map<String, String> renames) {
        if (renames.isEmpty()) {
            return sql;
        }
        var out = new StringBuilder();
        int[] copied = {0};
        scan(sql, reference -> {
            String target = renames.get(reference.name());
            if (target != null) {
                out.append(sql, copied[0], reference.start()).append(Identifiers.quote(target));
                copied[0] = reference.end();
            }
        });
        return out.append(sql, copied[0], sql.length()).toString();
    }

    private static void scan(String sql, Consumer<Expressions.NameAt> sink) {
        Expressions.columnReferences(sql).ifPresent(names -> names.forEach(sink));
    }
}
