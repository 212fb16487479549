package dev.strata.expr;

import java.util.List;
import java.util.Optional;

/**
 * Strata's own small expression tree. Calcite's tree stays inside {@link CalciteTranslator}; the
 * renderer and the equivalence rules work on this one, which only has the shapes they understand.
 */
sealed interface Ast {

    /** A string literal; {@code value} is the content, quotes undoubled. */
    record Str(String value) implements Ast {}

    /** A numeric literal in plain notation ({@code 1500}, {@code 1.50}, {@code -3}). */
    record Num(String text) implements Ast {}

    /** A keyword value: TRUE, FALSE, NULL, CURRENT_TIMESTAMP, ... (upper case). */
    record Word(String sql) implements Ast {}

    /** A column reference, possibly qualified; {@code offset} is its place in the source, for errors. */
    record Col(List<String> parts, int offset) implements Ast {
        String column() {
            return parts.getLast();
        }
    }

    /** A function call; {@code name} is lower case, schema-qualified when written so. */
    record Fn(List<String> name, List<Ast> args) implements Ast {}

    /** {@code left op right}; op is upper case for words ({@code AND}, {@code NOT LIKE}). */
    record Binary(String op, Ast left, Ast right) implements Ast {}

    record Prefix(String op, Ast operand) implements Ast {}

    /** {@code operand IS NULL} and the other IS tests. */
    record Postfix(Ast operand, String op) implements Ast {}

    /** {@code operand::type}; {@code type} is a spelling PostgreSQL accepts. */
    record Cast(Ast operand, String type) implements Ast {}

    record Array(List<Ast> elements) implements Ast {}

    record In(Ast operand, List<Ast> items, boolean negated) implements Ast {}

    /** {@code operand op ANY (array)} or {@code ... ALL (...)}. */
    record Quantified(Ast operand, String op, String quantifier, Ast array) implements Ast {}

    record Between(Ast operand, Ast low, Ast high, boolean negated, boolean symmetric) implements Ast {}

    record Like(String op, Ast operand, Ast pattern, Optional<Ast> escape) implements Ast {}

    record When(Ast condition, Ast result) {}

    record Case(Optional<Ast> operand, List<When> whens, Optional<Ast> otherwise) implements Ast {}

    /** {@code EXTRACT(field FROM source)}; field lower case. */
    record Extract(String field, Ast source) implements Ast {}
}
