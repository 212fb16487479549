package dev.strata.expr;

import dev.strata.expr.PostgresDialectPrepass.Rewritten;
import dev.strata.expr.PostgresDialectPrepass.Unsupported;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;
import dev.strata.sql.Lexer.Kind;
import dev.strata.sql.Lexer.LexError;
import dev.strata.sql.Lexer.Token;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;


/**
 * Decides whether an expression written in the schema and the text PostgreSQL prints for the stored
 * expression ({@code pg_get_expr} with an empty search_path) mean the same thing, so an unchanged schema
 * plans nothing. Both sides are brought to a canonical form and compared as text. Each rule below
 * undoes one thing PostgreSQL's parse analysis adds; none may make two different expressions equal.
 *
 * <ol>
 * <li>Layout: parentheses, whitespace, keyword case and {@code !=} vs {@code <>} vanish in the tree.</li>
 * <li>Literal casts: {@code (0)::numeric}, {@code 'US'::bpchar}, {@code 'pending'::public.order_status},
 *     {@code '1 day'::interval} become the bare literal (PostgreSQL adds the cast the context implies).
 *     A numeric string cast to a numeric type is that number ({@code '-1'::integer} is {@code -1}).
 *     An array of literals loses its cast; {@code ARRAY[]::t[]} is {@code '{}'}. Caveat: an explicit
 *     literal cast to a type other than the one the context implies is also dropped.</li>
 * <li>{@code x IN (a, b)} is {@code x = ANY (ARRAY[a, b])}; NOT IN is {@code <> ALL}.</li>
 * <li>{@code x BETWEEN a AND b} is {@code x >= a AND x <= b}; NOT BETWEEN is {@code x < a OR x > b}.</li>
 * <li>AND and OR chains are compared regardless of how they were grouped (not of operand order).</li>
 * <li>Only with a {@link Context#varcharColumns() varchar column}: {@code (status)::text} is
 *     {@code status}; a varchar column's cast to text is a no-op, for any other type it is not.</li>
 * <li>Only with a default schema: {@code nextval('seq')} is {@code nextval('public.seq'::regclass)};
 *     bare type names in casts get the schema; the schema prefix on a function name is dropped.</li>
 * <li>Types in casts are compared in {@code format_type} spelling ({@code int} is {@code integer}).</li>
 * <li>{@code ELSE NULL} in CASE is the same as no ELSE.</li>
 * </ol>
 * CURRENT_TIMESTAMP and now() stay different: PostgreSQL prints each as written. Expressions Calcite
 * cannot read are compared token by token (layout and literal casts ignored), which errs towards
 * "different".
 */
public final class Equivalence {

    /**
     * @param defaultSchema  the schema unqualified sequence, type and function names resolve to
     * @param varcharColumns columns of type character varying, whose casts to text are no-ops
     */
    public record Context(Optional<String> defaultSchema, Set<String> varcharColumns) {
        public Context {
            Objects.requireNonNull(defaultSchema, "defaultSchema");
            varcharColumns = Set.copyOf(varcharColumns);
        }

        public static Context none() {
            return new Context(Optional.empty(), Set.of());
        }

        public static Context schema(String defaultSchema) {
            return new Context(Optional.of(defaultSchema), Set.of());
        }
    }

    private static final Set<String> NUMERIC_TYPES =
            Set.of("smallint", "integer", "bigint", "numeric", "real", "double precision");

    private Equivalence() {}

    public static boolean same(String a, String b) {
        return same(a, b, Context.none());
    }

    public static boolean same(String a, String b, String defaultSchema) {
        return same(a, b, Context.schema(defaultSchema));
    }

    public static boolean same(String a, String b, Context context) {
        return normalize(a, context).equals(normalize(b, context));
    }

    /** The canonical comparable form; passthrough forms start with {@code passthrough:} so they never equal a parsed one. */
    public static String normalize(String sql, Context context) {
        List<Token> tokens;
        try {
            tokens = ExpressionTokens.tokenize(rowsAsColumns(sql));
        } catch (LexError e) {
            return "unreadable:" + sql.strip();
        }
        return switch (PostgresDialectPrepass.prepare(sql, tokens)) {
            case Unsupported u -> tokenForm(tokens);
            case Rewritten r -> {
                try {
                    yield Renderer.render(canonical(CalciteTranslator.translate(sql, r), context));
                } catch (CalciteTranslator.Unsupported e) {
                    yield tokenForm(tokens);
                }
            }
        };
    }

    static Ast canonical(Ast ast, Context context) {
        Ast node = mapChildren(ast, child -> canonical(child, context));
        return switch (node) {
            case Ast.Prefix p when p.op().equals("-") && p.operand() instanceof Ast.Num n -> negate(n);
            case Ast.Prefix p when p.op().equals("+") -> p.operand();
            case Ast.Cast c -> cast(c, context);
            case Ast.In in -> new Ast.Quantified(in.operand(), in.negated() ? "<>" : "=", in.negated() ? "ALL" : "ANY",
                    new Ast.Array(in.items()));
            case Ast.Between b when !b.symmetric() -> b.negated()
                    ? new Ast.Binary("OR", new Ast.Binary("<", b.operand(), b.low()), new Ast.Binary(">", b.operand(), b.high()))
                    : new Ast.Binary("AND", new Ast.Binary(">=", b.operand(), b.low()), new Ast.Binary("<=", b.operand(), b.high()));
            case Ast.Binary b when b.op().equals("AND") || b.op().equals("OR") -> leftDeep(b.op(), b);
            case Ast.Fn f -> function(f, context);
            case Ast.Case c when c.otherwise().equals(Optional.of(new Ast.Word("NULL"))) ->
                    new Ast.Case(c.operand(), c.whens(), Optional.empty());
            default -> node;
        };
    }

    private static Ast cast(Ast.Cast c, Context context) {
        String type = TypeSpelling.sql(c.type(), context.defaultSchema());
        Ast operand = c.operand();
        if (operand instanceof Ast.Array a && a.elements().isEmpty() && type.endsWith("[]")) {
            return new Ast.Str("{}");
        }
        if (operand instanceof Ast.Str s && NUMERIC_TYPES.contains(type.replaceAll("\\(.*\\)", ""))) {
            try {
                return new Ast.Num(new BigDecimal(s.value().strip()).toPlainString());
            } catch (NumberFormatException notANumber) {
                return s;
            }
        }
        if (isLiteral(operand)) {
            return operand;
        }
        if (operand instanceof Ast.Col col && type.equals("text") && col.parts().size() == 1
                && context.varcharColumns().contains(col.column())) {
            return col;
        }
        return new Ast.Cast(operand, type);
    }

    private static boolean isLiteral(Ast ast) {
        return switch (ast) {
            case Ast.Str s -> true;
            case Ast.Num n -> true;
            case Ast.Word w -> Set.of("TRUE", "FALSE", "NULL").contains(w.sql());
            case Ast.Array a -> a.elements().stream().allMatch(Equivalence::isLiteral);
            default -> false;
        };
    }

    private static Ast negate(Ast.Num n) {
        return new Ast.Num(n.text().startsWith("-") ? n.text().substring(1) : "-" + n.text());
    }

    private static Ast function(Ast.Fn f, Context context) {
        List<String> name = f.name();
        if (name.size() == 2 && context.defaultSchema().equals(Optional.of(name.getFirst()))) {
            name = List.of(name.getLast());
        }
        List<Ast> args = f.args();
        if (name.equals(List.of("nextval")) && args.size() == 1 && args.getFirst() instanceof Ast.Str seq
                && context.defaultSchema().isPresent()) {
            args = List.of(new Ast.Str(qualifiedRelation(seq.value(), context.defaultSchema().get())));
        }
        return new Ast.Fn(name, args);
    }

    /** A regclass literal in the form PostgreSQL prints it with an empty search_path, or unchanged if unreadable. */
    private static String qualifiedRelation(String text, String defaultSchema) {
        try {
            List<Token> tokens = ExpressionTokens.tokenize(text);
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < tokens.size(); i++) {
                Token t = tokens.get(i);
                boolean name = t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_WORD;
                if (i % 2 == 0 ? !name : !t.is(".")) {
                    return text;
                }
                if (name) {
                    parts.add(t.value());
                }
            }
            if (parts.size() == 1) {
                parts.addFirst(defaultSchema);
            }
            return parts.size() == 2 && tokens.size() % 2 == 1 ? Identifiers.qualified(parts.get(0), parts.get(1)) : text;
        } catch (LexError e) {
            return text;
        }
    }

    /** Re-groups an AND (or OR) chain left-deep, so {@code a AND (b AND c)} equals {@code (a AND b) AND c}. */
    private static Ast leftDeep(String op, Ast chain) {
        List<Ast> operands = new ArrayList<>();
        flatten(op, chain, operands);
        Ast result = operands.getFirst();
        for (Ast next : operands.subList(1, operands.size())) {
            result = new Ast.Binary(op, result, next);
        }
        return result;
    }

    private static void flatten(String op, Ast node, List<Ast> into) {
        if (node instanceof Ast.Binary b && b.op().equals(op)) {
            flatten(op, b.left(), into);
            flatten(op, b.right(), into);
        } else {
            into.add(node);
        }
    }

    /** Tokens of an expression Calcite cannot read: outer parentheses and casts of literals dropped. */
    private static String tokenForm(List<Token> tokens) {
        List<Token> rest = new ArrayList<>(tokens);
        while (rest.size() >= 2 && rest.getFirst().is("(") && closingIndex(rest, 0) == rest.size() - 1) {
            rest = new ArrayList<>(rest.subList(1, rest.size() - 1));
        }
        List<String> words = new ArrayList<>();
        for (int i = 0; i < rest.size(); i++) {
            Token t = rest.get(i);
            boolean literal = t.kind() == Kind.STRING || t.kind() == Kind.NUMBER;
            if (literal && i + 2 < rest.size() && rest.get(i + 1).is("::") && rest.get(i + 2).kind() == Kind.WORD) {
                words.add(spelling(t));
                i += 2;
                while (i + 2 < rest.size() && rest.get(i + 1).is(".") ) {
                    i += 2;
                }
                continue;
            }
            words.add(spelling(t));
        }
        return "passthrough:" + String.join(" ", words);
    }

    private static int closingIndex(List<Token> tokens, int open) {
        int depth = 0;
        for (int i = open; i < tokens.size(); i++) {
            if (tokens.get(i).is("(")) {
                depth++;
            } else if (tokens.get(i).is(")") && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static String spelling(Token t) {
        return switch (t.kind()) {
            case WORD -> t.value();
            case QUOTED_WORD -> Identifiers.quote(t.value());
            case STRING -> Literals.quote(t.value());
            default -> t.text();
        };
    }

    private static Ast mapChildren(Ast ast, UnaryOperator<Ast> f) {
        return switch (ast) {
            case Ast.Str s -> s;
            case Ast.Num n -> n;
            case Ast.Word w -> w;
            case Ast.Col c -> c;
            case Ast.Fn fn -> new Ast.Fn(fn.name(), fn.args().stream().map(f).toList());
            case Ast.Binary b -> new Ast.Binary(b.op(), f.apply(b.left()), f.apply(b.right()));
            case Ast.Prefix p -> new Ast.Prefix(p.op(), f.apply(p.operand()));
            case Ast.Postfix p -> new Ast.Postfix(f.apply(p.operand()), p.op());
            case Ast.Cast c -> new Ast.Cast(f.apply(c.operand()), c.type());
            case Ast.Array a -> new Ast.Array(a.elements().stream().map(f).toList());
            case Ast.In in -> new Ast.In(f.apply(in.operand()), in.items().stream().map(f).toList(), in.negated());
            case Ast.Quantified q -> new Ast.Quantified(f.apply(q.operand()), q.op(), q.quantifier(), f.apply(q.array()));
            case Ast.Between b -> new Ast.Between(f.apply(b.operand()), f.apply(b.low()), f.apply(b.high()),
                    b.negated(), b.symmetric());
            case Ast.Like l -> new Ast.Like(l.op(), f.apply(l.operand()), f.apply(l.pattern()), l.escape().map(f));
            case Ast.Case c -> new Ast.Case(c.operand().map(f),
                    c.whens().stream().map(w -> new Ast.When(f.apply(w.condition()), f.apply(w.result()))).toList(),
                    c.otherwise().map(f));
            case Ast.Extract e -> new Ast.Extract(e.field(), f.apply(e.source()));
        };
    }


    /**
     * A trigger condition's row references, each {@code NEW.c} and {@code OLD.c} as one quoted name ({@code "new.c"}), the same on both
     * sides: the expression reader takes a bare column for a column, so the two texts compare as parsed trees
     * (PostgreSQL's print puts every operand of AND in parentheses) instead of token by token. Text that does not
     * lex is compared as it is.
     */
    private static String rowsAsColumns(String condition) {
        List<Token> tokens;
        try {
            tokens = dev.strata.sql.Lexer.tokens(condition);
        } catch (LexError e) {
            return condition;
        }
        var out = new StringBuilder();
        int copied = 0;
        for (int i = 0; i + 2 < tokens.size(); i++) {
            Token row = tokens.get(i);
            Token column = tokens.get(i + 2);
            if ((row.isWord("new") || row.isWord("old")) && tokens.get(i + 1).is(".") && column.isName()
                    && (i == 0 || !tokens.get(i - 1).is("."))) {
                out.append(condition, copied, row.start()).append('"')
                        .append((row.value() + "." + column.value()).replace("\"", "\"\"")).append('"');
                copied = column.end();
                i += 2;
            }
        }
        return out.append(condition.substring(copied)).toString();
    }
}
