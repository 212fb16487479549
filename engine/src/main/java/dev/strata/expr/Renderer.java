package dev.strata.expr;

import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Writes an {@link Ast} as PostgreSQL SQL. Every operator expression nested in another is
 * parenthesised, so the output never depends on operator precedence; columns go through
 * {@link Identifiers#quote}, strings through {@link Literals#quote}.
 */
final class Renderer {

    /** Functions with grammar of their own: quoting their names would turn them into plain (missing) functions. */
    private static final Set<String> BARE_FUNCTIONS = Set.of("coalesce", "greatest", "least", "nullif");

    private Renderer() {}

    static String render(Ast ast) {
        return switch (ast) {
            case Ast.Str s -> Literals.quote(s.value());
            case Ast.Num n -> n.text();
            case Ast.Word w -> w.sql();
            case Ast.Col c -> c.parts().stream().map(Identifiers::quote).collect(Collectors.joining("."));
            case Ast.Fn f -> functionName(f.name()) + "(" + list(f.args()) + ")";
            case Ast.Binary b -> nested(b.left()) + " " + b.op() + " " + nested(b.right());
            case Ast.Prefix p -> p.op().equals("NOT") ? "NOT " + nested(p.operand()) : p.op() + nested(p.operand());
            case Ast.Postfix p -> nested(p.operand()) + " " + p.op();
            case Ast.Cast c -> castOperand(c.operand()) + "::" + TypeSpelling.sql(c.type(), Optional.empty());
            case Ast.Array a -> "ARRAY[" + list(a.elements()) + "]";
            case Ast.In in -> nested(in.operand()) + (in.negated() ? " NOT IN (" : " IN (") + list(in.items()) + ")";
            case Ast.Quantified q -> nested(q.operand()) + " " + q.op() + " " + q.quantifier() + " (" + render(q.array()) + ")";
            case Ast.Between b -> nested(b.operand()) + (b.negated() ? " NOT" : "") + " BETWEEN "
                    + (b.symmetric() ? "SYMMETRIC " : "") + nested(b.low()) + " AND " + nested(b.high());
            case Ast.Like l -> nested(l.operand()) + " " + l.op() + " " + nested(l.pattern())
                    + l.escape().map(e -> " ESCAPE " + nested(e)).orElse("");
            case Ast.Case c -> caseOf(c);
            case Ast.Extract e -> "EXTRACT(" + e.field() + " FROM " + render(e.source()) + ")";
        };
    }

    private static String caseOf(Ast.Case c) {
        StringBuilder sql = new StringBuilder("CASE");
        c.operand().ifPresent(o -> sql.append(' ').append(nested(o)));
        for (Ast.When w : c.whens()) {
            sql.append(" WHEN ").append(render(w.condition())).append(" THEN ").append(render(w.result()));
        }
        c.otherwise().ifPresent(o -> sql.append(" ELSE ").append(render(o)));
        return sql.append(" END").toString();
    }

    private static String functionName(List<String> name) {
        if (name.size() == 1 && BARE_FUNCTIONS.contains(name.getFirst())) {
            return name.getFirst();
        }
        return name.stream().map(Identifiers::quote).collect(Collectors.joining("."));
    }

    private static String list(List<Ast> items) {
        return items.stream().map(Renderer::render).collect(Collectors.joining(", "));
    }

    private static String nested(Ast ast) {
        return isAtom(ast) ? render(ast) : "(" + render(ast) + ")";
    }

    private static String castOperand(Ast ast) {
        boolean atom = isAtom(ast) && !(ast instanceof Ast.Num n && n.text().startsWith("-"));
        return atom ? render(ast) : "(" + render(ast) + ")";
    }

    private static boolean isAtom(Ast ast) {
        return switch (ast) {
            case Ast.Str s -> true;
            case Ast.Num n -> !n.text().startsWith("-");
            case Ast.Word w -> true;
            case Ast.Col c -> true;
            case Ast.Fn f -> true;
            case Ast.Cast c -> true;
            case Ast.Array a -> true;
            case Ast.Case c -> true;
            case Ast.Extract e -> true;
            default -> false;
        };
    }
}
