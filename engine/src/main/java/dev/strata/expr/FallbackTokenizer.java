package dev.strata.expr;

import dev.strata.sql.Lexer.Kind;
import dev.strata.sql.Lexer.Token;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Columns of an expression Strata passes through: every word outside string literals that names a
 * known column (bare words folded to lower case, quoted ones as written). This over-approximates: a
 * function, type or alias spelled like a column counts as a read. That errs on the safe side for
 * step ordering (a step may wait for a column it did not need), never the other way.
 */
final class FallbackTokenizer {

    private FallbackTokenizer() {}

    static Set<String> columns(List<Token> tokens, Set<String> knownColumns) {
        Set<String> found = new TreeSet<>();
        for (Token t : tokens) {
            boolean word = t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_WORD;
            if (word && knownColumns.contains(t.value())) {
                found.add(t.value());
            }
        }
        return found;
    }
}
