package dev.strata.expr;

import dev.strata.sql.Lexer.LexError;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The values (strings or numbers, as text) a CHECK expression spells out for one column: {@code col IN ('a', 'b')}, or the form PostgreSQL prints
 * it in, {@code col = ANY (ARRAY['a'::text, 'b'::text])}, alone or as a term of an AND. What a generator of rows
 * needs when it has no statistics of the column (a random text would never pass such a check).
 */
public final class AllowedValues {

    private AllowedValues() {}

    /** The values, in the order written; empty when the check does not list them for {@code column}. */
    public static Optional<List<String>> of(String check, String column) {
        try {
            if (PostgresDialectPrepass.prepare(check, ExpressionTokens.tokenize(check))
                    instanceof PostgresDialectPrepass.Rewritten r) {
                return find(CalciteTranslator.translate(check, r), column);
            }
        } catch (LexError | CalciteTranslator.Unsupported | StackOverflowError e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static Optional<List<String>> find(Ast ast, String column) {
        return switch (ast) {
            case Ast.Binary b when b.op().equals("AND") -> find(b.left(), column).or(() -> find(b.right(), column));
            case Ast.In in when !in.negated() && isColumn(in.operand(), column) -> strings(in.items());
            case Ast.Quantified q when q.op().equals("=") && q.quantifier().equals("ANY") && isColumn(q.operand(), column) ->
                    switch (uncast(q.array())) {
                        case Ast.Array a -> strings(a.elements());
                        default -> Optional.empty();
                    };
            default -> Optional.empty();
        };
    }

    private static boolean isColumn(Ast ast, String column) {
        return uncast(ast) instanceof Ast.Col c && c.column().equals(column);
    }

    private static Ast uncast(Ast ast) {
        return ast instanceof Ast.Cast c ? uncast(c.operand()) : ast;
    }

    private static Optional<List<String>> strings(List<Ast> items) {
        List<String> values = new ArrayList<>();
        for (Ast item : items) {
            switch (uncast(item)) {
                case Ast.Str s -> values.add(s.value());
                case Ast.Num n -> values.add(n.text());
                default -> {
                    return Optional.empty();
                }
            }
        }
        return values.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(values));
    }
}
