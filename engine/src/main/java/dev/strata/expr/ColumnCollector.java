package dev.strata.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Every column reference in an {@link Ast}, in source order. */
final class ColumnCollector {

    private ColumnCollector() {}

    static List<Ast.Col> columns(Ast ast) {
        List<Ast.Col> found = new ArrayList<>();
        walk(ast, node -> {
            if (node instanceof Ast.Col c) {
                found.add(c);
            }
        });
        return found;
    }

    /** Visits {@code ast} and every node below it. */
    static void walk(Ast ast, Consumer<Ast> visitor) {
        visitor.accept(ast);
        for (Ast child : children(ast)) {
            walk(child, visitor);
        }
    }

    static List<Ast> children(Ast ast) {
        return switch (ast) {
            case Ast.Str s -> List.of();
            case Ast.Num n -> List.of();
            case Ast.Word w -> List.of();
            case Ast.Col c -> List.of();
            case Ast.Fn f -> f.args();
            case Ast.Binary b -> List.of(b.left(), b.right());
            case Ast.Prefix p -> List.of(p.operand());
            case Ast.Postfix p -> List.of(p.operand());
            case Ast.Cast c -> List.of(c.operand());
            case Ast.Array a -> a.elements();
            case Ast.In in -> concat(List.of(in.operand()), in.items());
            case Ast.Quantified q -> List.of(q.operand(), q.array());
            case Ast.Between b -> List.of(b.operand(), b.low(), b.high());
            case Ast.Like l -> concat(List.of(l.operand(), l.pattern()), l.escape().stream().toList());
            case Ast.Case c -> {
                List<Ast> all = new ArrayList<>();
                c.operand().ifPresent(all::add);
                c.whens().forEach(w -> {
                    all.add(w.condition());
                    all.add(w.result());
                });
                c.otherwise().ifPresent(all::add);
                yield all;
            }
            case Ast.Extract e -> List.of(e.source());
        };
    }

    private static List<Ast> concat(List<Ast> a, List<Ast> b) {
        List<Ast> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
