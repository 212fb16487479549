package dev.strata.expr;

import dev.strata.expr.PostgresDialectPrepass.Rewritten;
import dev.strata.expr.PostgresDialectPrepass.Unsupported;
import dev.strata.sql.Lexer;
import dev.strata.sql.Lexer.Kind;
import dev.strata.sql.Lexer.LexError;
import dev.strata.sql.Lexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Entry point: checks a SQL expression from the schema against the columns it may read.
 *
 * <p>Strata reads PostgreSQL's lexical structure itself (strings, quoted identifiers, operators,
 * brackets), then lets Calcite's Babel parser build the tree. What PostgreSQL accepts but Calcite
 * cannot read is passed through verbatim with a reason, never silently: its columns then come from
 * {@link FallbackTokenizer}, and unknown columns in it go unreported.
 */
public final class Expressions {

    private static final List<String> QUERY_STARTS = List.of("select", "with", "values", "table");

    private static final Set<String> BINARY_ONLY = Set.of("*", "/", "%", "=", "<", ">", "<=", ">=", "<>", "!=", "||");

    private Expressions() {}

    /**
     * @param sql          the expression; error positions are relative to this text
     * @param knownColumns the columns an expression may name (as stored: bare names lower case)
     */
    public static ParseResult parse(String sql, Set<String> knownColumns) {
        String source = sql.strip();
        if (source.isEmpty()) {
            return invalid(sql, "expression is empty", 0);
        }
        List<Token> tokens;
        try {
            tokens = ExpressionTokens.tokenize(sql);
        } catch (LexError e) {
            return invalid(sql, e.getMessage(), e.offset());
        }
        var structural = structuralError(sql, tokens);
        if (structural != null) {
            return invalid(sql, structural.getMessage(), structural.offset());
        }
        var tooLarge = sizeError(sql, tokens);
        if (tooLarge != null) {
            return invalid(sql, tooLarge.getMessage(), tooLarge.offset());
        }
        try {
            return understand(sql, source, tokens, knownColumns);
        } catch (StackOverflowError e) {
            // A chain of thousands of operators is one level of the tree per operator, brackets or not.
            return invalid(sql, "expression is too deeply nested for Strata to read (a chain of " + tokens.size()
                    + " tokens); split it, or move it into a function", 0);
        }
    }

    private static ParseResult understand(String sql, String source, List<Token> tokens, Set<String> knownColumns) {
        Ast ast;
        switch (PostgresDialectPrepass.prepare(sql, tokens)) {
            case Unsupported u -> {
                return passthrough(source, tokens, knownColumns, u.reason());
            }
            case Rewritten r -> {
                try {
                    ast = CalciteTranslator.translate(sql, r);
                } catch (CalciteTranslator.Unsupported e) {
                    return passthrough(source, tokens, knownColumns, e.getMessage());
                }
            }
        }
        List<ExpressionError> errors = new ArrayList<>();
        Set<String> read = new TreeSet<>();
        for (Ast.Col col : ColumnCollector.columns(ast)) {
            if (knownColumns.contains(col.column())) {
                read.add(col.column());
            } else {
                String message = "unknown column '" + col.column() + "'"
                        + DidYouMean.suggest(col.column(), knownColumns).map(s -> " (did you mean '" + s + "'?)").orElse("");
                errors.add(error(sql, message, col.offset()));
            }
        }
        if (!errors.isEmpty()) {
            return new ParseResult.Invalid(errors);
        }
        return new ParseResult.Parsed(Expression.understood(source, read, Renderer.render(ast)));
    }

    /**
     * Checks a view's query the way {@link #parse} checks an expression: PostgreSQL's lexical rules,
     * balanced brackets, no SQL comments, and exactly one query ({@code SELECT}, {@code WITH},
     * {@code VALUES}, {@code TABLE} or a parenthesized one); a single trailing {@code ;} is allowed,
     * as {@code pg_get_viewdef} prints one. Empty when the text is one query.
     */
    public static Optional<ExpressionError> checkQuery(String sql) {
        List<Token> tokens;
        try {
            tokens = ExpressionTokens.tokenize(sql);
        } catch (LexError e) {
            return Optional.of(error(sql, e.getMessage(), e.offset()));
        }
        if (tokens.isEmpty()) {
            return Optional.of(error(sql, "view query is empty", 0));
        }
        Token first = tokens.getFirst();
        if (!(first.is("(") || QUERY_STARTS.stream().anyMatch(first::isWord))) {
            return Optional.of(error(sql, "a view query starts with SELECT, WITH, VALUES or TABLE", first.start()));
        }
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is(";") && i != tokens.size() - 1) {
                return Optional.of(error(sql, "a view is one query: ';' may only end it", t.start()));
            }
        }
        return Optional.empty();
    }

    /**
     * The names a query or expression mentions: bare words folded to lower case, quoted ones as
     * written; strings skipped. Empty when the text does not lex (it is then refused elsewhere).
     */
    public static Set<String> words(String sql) {
        Set<String> words = new TreeSet<>();
        try {
            for (Token t : ExpressionTokens.tokenize(sql)) {
                if (t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_WORD) {
                    words.add(t.value());
                }
            }
        } catch (LexError e) {
            return Set.of();
        }
        return words;
    }

    /** A name in an expression and where it is written ({@code end} exclusive). */
    public record NameAt(String name, int start, int end) {}

    /**
     * The names of an expression that may be column references: words and quoted words (bare ones
     * folded to lower case) that are neither a function name (followed by {@code (}) nor a type after
     * {@code ::}. Empty when the text does not lex (it is then refused elsewhere).
     */
    public static Optional<List<NameAt>> columnReferences(String sql) {
        List<Token> tokens;
        try {
            tokens = ExpressionTokens.tokenize(sql);
        } catch (LexError e) {
            return Optional.empty();
        }
        List<NameAt> names = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            boolean name = t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_WORD;
            boolean call = i + 1 < tokens.size() && tokens.get(i + 1).is("(");
            boolean type = i > 0 && tokens.get(i - 1).is("::");
            if (name && !call && !type) {
                names.add(new NameAt(t.value(), t.start(), t.end()));
            }
        }
        return Optional.of(names);
    }

    /** Mistakes no dialect accepts, caught before Calcite so they are errors rather than passthrough. */
    private static LexError structuralError(String sql, List<Token> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is(";")) {
                return new LexError("';' is not allowed in an expression", sql, t.start());
            }
            boolean operatorLike = t.kind() == Kind.OPERATOR || t.is("::") || t.is(",") || t.is(".");
            boolean last = i == tokens.size() - 1 || tokens.get(i + 1).is(")") || tokens.get(i + 1).is("]");
            if (operatorLike && last) {
                return new LexError("expression ends after '" + t.text() + "'", sql, t.start());
            }
            boolean first = i == 0 || tokens.get(i - 1).is("(") || tokens.get(i - 1).is(",");
            if (first && (BINARY_ONLY.contains(t.text()) && t.kind() == Kind.OPERATOR || t.is("::"))) {
                return new LexError("'" + t.text() + "' has no left operand", sql, t.start());
            }
        }
        return null;
    }

    /** Deeper than this, the parsers Strata uses (and PostgreSQL's, under its default max_stack_depth) run out of stack. */
    static final int MAX_NESTING = 200;
    /**
     * Each binary operator is a level of the parsed tree; a chain of about 1,000 can run out of stack on a main
     * thread before the JIT compiles the parser, so the limit is fixed here, well below, rather than left to the
     * thread's stack size and the JIT's timing.
     */
    static final int MAX_OPERATORS = 500;
    /** Far beyond any schema expression (a 5,000-value IN list is about 20,000): bounds the work one may cost. */
    static final int MAX_TOKENS = 100_000;

    private static LexError sizeError(String sql, List<Token> tokens) {
        int operators = 0;
        for (Token t : tokens) {
            boolean operator = t.kind() == Kind.OPERATOR
                    || t.kind() == Kind.WORD && (t.value().equals("and") || t.value().equals("or"));
            if (operator && ++operators > MAX_OPERATORS) {
                return new LexError("expression has more than " + MAX_OPERATORS + " operators; Strata reads"
                        + " expressions of up to " + MAX_OPERATORS + " (split it, or move it into a function)", sql, t.start());
            }
        }
        if (tokens.size() > MAX_TOKENS) {
            return new LexError("expression has " + tokens.size() + " tokens; Strata reads expressions of up to "
                    + MAX_TOKENS + " (move the logic into a function)", sql, tokens.get(MAX_TOKENS).start());
        }
        int depth = 0;
        for (Token t : tokens) {
            if (t.is("(") || t.is("[")) {
                depth++;
                if (depth > MAX_NESTING) {
                    return new LexError("brackets nest more than " + MAX_NESTING + " levels deep; Strata reads"
                            + " expressions nested up to " + MAX_NESTING + " levels", sql, t.start());
                }
            } else if (t.is(")") || t.is("]")) {
                depth--;
            }
        }
        return null;
    }

    private static ParseResult passthrough(String source, List<Token> tokens, Set<String> knownColumns,
            String reason) {
        return new ParseResult.Parsed(Expression.passedThrough(source, FallbackTokenizer.columns(tokens, knownColumns),
                reason));
    }

    private static ParseResult invalid(String sql, String message, int offset) {
        return new ParseResult.Invalid(List.of(error(sql, message, offset)));
    }

    private static ExpressionError error(String sql, String message, int offset) {
        Lexer.Position at = Lexer.Position.of(sql, offset);
        return new ExpressionError(message, at.line(), at.column());
    }
}
