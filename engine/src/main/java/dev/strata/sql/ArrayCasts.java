package dev.strata.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Keeps an array-level cast where PostgreSQL printed one. For {@code status IN ('a', 'b')} on a varchar column the
 * server stores, and prints, {@code (status)::text = ANY ((ARRAY['a'::character varying, 'b'::character varying])::text[])};
 * parsed again, that text has its {@code ::text[]} pushed into each element ({@code ARRAY[('a'::character
 * varying)::text, …]}), so a CHECK or an index predicate written back as pulled reads back different from its source.
 * Casting the array to its own type first ({@code ARRAY[…]::character varying[]}, a no-op) stops the push-down: the
 * server then stores and prints exactly the text it printed before.
 */
public final class ArrayCasts {

    private ArrayCasts() {}

    /**
     * {@code expression} with {@code ::T[]} after every {@code (ARRAY[x::T, …])::U[]} whose elements are all a literal
     * cast to the same {@code T}; anything else, or text that does not lex, unchanged.
     */
    public static String keepArrayCasts(String expression) {
        List<Lexer.Token> tokens;
        try {
            tokens = Lexer.tokens(expression);
        } catch (Lexer.LexError e) {
            return expression;
        }
        StringBuilder out = new StringBuilder(expression);
        // Insert from the end so earlier offsets stay valid.
        for (int i = tokens.size() - 1; i >= 0; i--) {
            if (!(tokens.get(i).is("(") && i + 2 < tokens.size() && tokens.get(i + 1).isWord("array")
                    && tokens.get(i + 2).is("["))) {
                continue;
            }
            int close = closing(tokens, i + 2);
            if (close < 0 || close + 2 >= tokens.size() || !tokens.get(close + 1).is(")")
                    || !tokens.get(close + 2).is("::")) {
                continue;
            }
            elementType(expression, tokens, i + 3, close)
                    .ifPresent(type -> out.insert(tokens.get(close).end(), "::" + type + "[]"));
        }
        return out.toString();
    }

    /**
     * Whether PostgreSQL keeps {@code a} and {@code b} as different trees although they differ only in where an array's
     * cast stands: one casts the whole array ({@code (ARRAY['a'::character varying])::text[]}, what {@code IN ('a')} on
     * a varchar column stores, and what {@link #keepArrayCasts} rebuilds), the other each element
     * ({@code ARRAY[('a'::character varying)::text]}, what that text stores when parsed again without the array's own
     * cast). An expression comparison that drops literal casts calls them equal; the catalogs never will. Text with
     * neither form, or that does not lex, takes no side.
     */
    public static boolean castPlacementDiffers(String a, String b) {
        Form x = form(a);
        Form y = form(b);
        return (x.arrayLevel() && y.elementLevel()) || (x.elementLevel() && y.arrayLevel());
    }

    private record Form(boolean arrayLevel, boolean elementLevel) {}

    private static Form form(String expression) {
        List<Lexer.Token> tokens;
        try {
            tokens = Lexer.tokens(expression);
        } catch (Lexer.LexError e) {
            return new Form(false, false);
        }
        boolean arrayLevel = false;
        boolean elementLevel = false;
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (!tokens.get(i).isWord("array") || !tokens.get(i + 1).is("[")) {
                continue;
            }
            int close = closing(tokens, i + 1);
            if (close < 0) {
                continue;
            }
            // (ARRAY[…])::T
            if (i > 0 && tokens.get(i - 1).is("(") && close + 2 < tokens.size() && tokens.get(close + 1).is(")")
                    && tokens.get(close + 2).is("::")) {
                arrayLevel = true;
            }
            // ARRAY[('x'::T)::U, …]: a literal's cast cast again
            for (int k = i + 2; k + 2 < close; k++) {
                if (tokens.get(k).is("(") && (tokens.get(k + 1).isString() || tokens.get(k + 1).kind() == Lexer.Kind.NUMBER)
                        && tokens.get(k + 2).is("::")) {
                    int depth = 0;
                    for (int m = k; m < close; m++) {
                        if (tokens.get(m).is("(")) {
                            depth++;
                        } else if (tokens.get(m).is(")") && --depth == 0) {
                            elementLevel |= m + 1 < close && tokens.get(m + 1).is("::");
                            break;
                        }
                    }
                }
            }
        }
        return new Form(arrayLevel, elementLevel);
    }

    /** The index of the {@code ]} that closes the {@code [} at {@code open}, or -1. */
    private static int closing(List<Lexer.Token> tokens, int open) {
        int depth = 0;
        for (int k = open; k < tokens.size(); k++) {
            Lexer.Token t = tokens.get(k);
            if (t.is("[") || t.is("(")) {
                depth++;
            } else if (t.is("]") || t.is(")")) {
                depth--;
                if (depth == 0) {
                    return t.is("]") ? k : -1;
                }
            }
        }
        return -1;
    }

    /** The one type every element between {@code from} and {@code to} (exclusive) casts a literal to, as written. */
    private static Optional<String> elementType(String text, List<Lexer.Token> tokens, int from, int to) {
        List<List<Lexer.Token>> elements = new ArrayList<>();
        List<Lexer.Token> current = new ArrayList<>();
        int depth = 0;
        for (int k = from; k < to; k++) {
            Lexer.Token t = tokens.get(k);
            if (t.is("(") || t.is("[")) {
                depth++;
            } else if (t.is(")") || t.is("]")) {
                depth--;
            }
            if (depth == 0 && t.is(",")) {
                elements.add(current);
                current = new ArrayList<>();
            } else {
                current.add(t);
            }
        }
        elements.add(current);
        String type = null;
        for (List<Lexer.Token> element : elements) {
            if (element.size() < 3 || !(element.get(0).isString() || element.get(0).kind() == Lexer.Kind.NUMBER)
                    || !element.get(1).is("::")) {
                return Optional.empty();
            }
            for (Lexer.Token t : element.subList(2, element.size())) {
                // A plain type name (words, a typmod in parentheses, a schema dot): no array, no further cast.
                if (t.is("[") || t.is("::")) {
                    return Optional.empty();
                }
            }
            String spelled = text.substring(element.get(2).start(), element.getLast().end());
            if (type != null && !type.equals(spelled)) {
                return Optional.empty();
            }
            type = spelled;
        }
        return Optional.ofNullable(type);
    }
}
