package dev.strata.expr;

import dev.strata.sql.Lexer.Kind;
import dev.strata.sql.Lexer.Token;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns PostgreSQL spellings the Babel parser cannot read into ones it can, or says the expression
 * must be passed through. Type names after {@code ::} and in {@code CAST(... AS type)} are replaced by
 * placeholder names, because Calcite knows neither {@code text[]} nor PostgreSQL's type aliases; the
 * placeholders carry the original spelling back to the translator. {@code ~~} and friends become
 * LIKE, typed literals such as {@code interval '1 day'} become casts (PostgreSQL prints them so).
 */
final class PostgresDialectPrepass {

    static final String TYPE_PLACEHOLDER = "__strata_type_";

    sealed interface Prepared permits Rewritten, Unsupported {}

    /** {@code originalOffset[i]} is where character {@code i} of {@code text} came from in the source. */
    record Rewritten(String text, int[] originalOffset, Map<String, String> types) implements Prepared {}

    record Unsupported(String reason) implements Prepared {}

    private static final Set<String> CALCITE_OPERATORS =
            Set.of("+", "-", "*", "/", "%", "=", "<>", "!=", "<", ">", "<=", ">=", "||", "~", "~*", "!~", "!~*");
    private static final Map<String, String> LIKE_OPERATORS =
            Map.of("~~", "LIKE", "~~*", "ILIKE", "!~~", "NOT LIKE", "!~~*", "NOT ILIKE");
    private static final Set<String> TYPED_LITERAL_TYPES = Set.of("interval", "date", "timestamp", "timestamptz", "time");

    private final String source;
    private final List<Token> tokens;
    private final StringBuilder out = new StringBuilder();
    private int[] offsets = new int[64];
    private final Map<String, String> types = new HashMap<>();

    private PostgresDialectPrepass(String source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    static Prepared prepare(String source, List<Token> tokens) {
        return new PostgresDialectPrepass(source, tokens).run();
    }

    private Prepared run() {
        Deque<Boolean> castParens = new ArrayDeque<>();
        int copiedUpTo = 0;
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            String unsupported = unsupported(t);
            if (unsupported != null) {
                return new Unsupported(unsupported);
            }
            copy(copiedUpTo, t.start());
            copiedUpTo = t.end();
            if (t.is("(")) {
                castParens.push(i > 0 && tokens.get(i - 1).isWord("cast"));
            } else if (t.is(")")) {
                castParens.pop();
            }
            boolean castTarget = t.is("::") || (t.isWord("as") && Boolean.TRUE.equals(castParens.peek()));
            if (castTarget) {
                StringBuilder type = new StringBuilder();
                int after = readType(i + 1, type);
                if (after > i + 1) {
                    emit(t.is("::") ? "::" : t.text(), t.start());
                    emit((t.is("::") ? "" : " ") + placeholder(type.toString()), tokens.get(i + 1).start());
                    copiedUpTo = tokens.get(after - 1).end();
                    i = after - 1;
                    continue;
                }
            }
            if (t.kind() == Kind.OPERATOR && LIKE_OPERATORS.containsKey(t.text())) {
                emit(" " + LIKE_OPERATORS.get(t.text()) + " ", t.start());
                continue;
            }
            boolean typedLiteral = t.kind() == Kind.WORD && TYPED_LITERAL_TYPES.contains(t.value())
                    && i + 1 < tokens.size() && tokens.get(i + 1).kind() == Kind.STRING
                    && (i == 0 || !(tokens.get(i - 1).is(".") || tokens.get(i - 1).is("::")));
            if (typedLiteral) {
                Token literal = tokens.get(i + 1);
                emit(literal.text(), literal.start());
                emit("::" + placeholder(t.value()), t.start());
                copiedUpTo = literal.end();
                i++;
                continue;
            }
            copy(t.start(), t.end());
        }
        copy(copiedUpTo, source.length());
        return new Rewritten(out.toString(), java.util.Arrays.copyOf(offsets, out.length() + 1), Map.copyOf(types));
    }

    private static String unsupported(Token t) {
        return switch (t.kind()) {
            case ESCAPE_STRING -> "E'...' strings with backslash escapes are not understood by the Calcite parser";
            case OTHER_STRING -> "bit, hex, Unicode and dollar-quoted strings are not understood by the Calcite parser";
            case PARAMETER -> "parameter " + t.text() + " is not understood by the Calcite parser";
            case OPERATOR -> CALCITE_OPERATORS.contains(t.text()) || LIKE_OPERATORS.containsKey(t.text())
                    ? null
                    : "operator " + t.text() + " is not understood by the Calcite parser";
            case WORD -> t.value().equals("collate") ? "COLLATE is not understood by the Calcite parser" : null;
            default -> null;
        };
    }

    private String placeholder(String typeText) {
        String name = TYPE_PLACEHOLDER + types.size();
        types.put(name, typeText);
        return '"' + name + '"';
    }

    /**
     * Reads a type name starting at token {@code i} into {@code type} in a normalised spelling (bare
     * words lower case, single spaces); returns the index after it, or {@code i} when there is none.
     */
    private int readType(int i, StringBuilder type) {
        if (i >= tokens.size() || !isName(tokens.get(i))) {
            return i;
        }
        type.append(namePart(tokens.get(i)));
        int j = i + 1;
        while (j + 1 < tokens.size() && tokens.get(j).is(".") && isName(tokens.get(j + 1))) {
            type.append('.').append(namePart(tokens.get(j + 1)));
            j += 2;
        }
        String first = tokens.get(i).kind() == Kind.WORD ? tokens.get(i).value() : "";
        if (j == i + 1) {
            if (first.equals("double") && word(j, "precision")) {
                type.append(" precision");
                j++;
            } else if (Set.of("character", "char", "bit").contains(first) && word(j, "varying")) {
                type.append(" varying");
                j++;
            }
        }
        j = readModifiers(j, type);
        if ((first.equals("timestamp") || first.equals("time")) && (word(j, "with") || word(j, "without"))
                && word(j + 1, "time") && word(j + 2, "zone")) {
            type.append(' ').append(tokens.get(j).value()).append(" time zone");
            j += 3;
        }
        while (j < tokens.size() && tokens.get(j).is("[")) {
            int close = j + 1;
            if (close < tokens.size() && tokens.get(close).kind() == Kind.NUMBER) {
                close++;
            }
            if (close >= tokens.size() || !tokens.get(close).is("]")) {
                break;
            }
            type.append("[]");
            j = close + 1;
        }
        return j;
    }

    private int readModifiers(int j, StringBuilder type) {
        if (j >= tokens.size() || !tokens.get(j).is("(")) {
            return j;
        }
        StringBuilder mods = new StringBuilder("(");
        int k = j + 1;
        while (k < tokens.size() && tokens.get(k).kind() == Kind.NUMBER) {
            mods.append(tokens.get(k).text());
            k++;
            if (k < tokens.size() && tokens.get(k).is(",")) {
                mods.append(',');
                k++;
            } else {
                break;
            }
        }
        if (k < tokens.size() && tokens.get(k).is(")") && mods.length() > 1) {
            type.append(mods).append(')');
            return k + 1;
        }
        return j;
    }

    private boolean word(int index, String lowerCase) {
        return index < tokens.size() && tokens.get(index).isWord(lowerCase);
    }

    private static boolean isName(Token t) {
        return t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_WORD;
    }

    private static String namePart(Token t) {
        return t.kind() == Kind.WORD ? t.value() : '"' + t.value().replace("\"", "\"\"") + '"';
    }

    private void copy(int from, int to) {
        for (int k = from; k < to; k++) {
            append(source.charAt(k), k);
        }
    }

    private void emit(String text, int originalOffset) {
        for (int k = 0; k < text.length(); k++) {
            append(text.charAt(k), originalOffset);
        }
    }

    private void append(char c, int originalOffset) {
        if (out.length() + 1 >= offsets.length) {
            offsets = java.util.Arrays.copyOf(offsets, offsets.length * 2);
        }
        offsets[out.length()] = originalOffset;
        out.append(c);
        offsets[out.length()] = originalOffset + 1;
    }
}
