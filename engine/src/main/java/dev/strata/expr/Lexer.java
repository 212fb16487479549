package dev.strata.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's lexical structure, just enough to find strings, quoted identifiers, operators and
 * unbalanced brackets before Calcite sees the text, and to read a passthrough expression's words.
 */
final class Lexer {

    enum Kind { WORD, QUOTED_WORD, STRING, ESCAPE_STRING, OTHER_STRING, NUMBER, OPERATOR, PUNCT, PARAMETER }

    /** {@code text} is the token as written; {@code value} the identifier or string it denotes. */
    record Token(Kind kind, String text, String value, int start, int end) {
        boolean isWord(String lowerCase) {
            return kind == Kind.WORD && value.equals(lowerCase);
        }

        boolean is(String punctOrOperator) {
            return (kind == Kind.PUNCT || kind == Kind.OPERATOR) && text.equals(punctOrOperator);
        }
    }

    /** A lexical error at an offset of the text. */
    static final class LexError extends Exception {
        final int offset;

        LexError(String message, int offset) {
            super(message);
            this.offset = offset;
        }
    }

    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";

    private final String text;
    private int pos;

    private Lexer(String text) {
        this.text = text;
    }

    static List<Token> tokenize(String text) throws LexError {
        return new Lexer(text).run();
    }

    private List<Token> run() throws LexError {
        List<Token> tokens = new ArrayList<>();
        List<Token> open = new ArrayList<>();
        while (true) {
            skipSpaceAndComments();
            if (pos >= text.length()) {
                break;
            }
            Token t = next();
            tokens.add(t);
            if (t.is("(") || t.is("[")) {
                open.add(t);
            } else if (t.is(")") || t.is("]")) {
                String expected = t.is(")") ? "(" : "[";
                if (open.isEmpty() || !open.getLast().text().equals(expected)) {
                    throw new LexError("unbalanced '" + t.text() + "'", t.start());
                }
                open.removeLast();
            }
        }
        if (!open.isEmpty()) {
            throw new LexError("'" + open.getLast().text() + "' is never closed", open.getLast().start());
        }
        return tokens;
    }

    private void skipSpaceAndComments() throws LexError {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (text.startsWith("--", pos)) {
                int nl = text.indexOf('\n', pos);
                pos = nl < 0 ? text.length() : nl + 1;
            } else if (text.startsWith("/*", pos)) {
                int close = text.indexOf("*/", pos + 2);
                if (close < 0) {
                    throw new LexError("unterminated comment", pos);
                }
                pos = close + 2;
            } else {
                return;
            }
        }
    }

    private Token next() throws LexError {
        int start = pos;
        char c = text.charAt(pos);
        if ((c == 'E' || c == 'e') && peek(1) == '\'') {
            pos++;
            return string(Kind.ESCAPE_STRING, start, true);
        }
        if ((c == 'B' || c == 'b' || c == 'X' || c == 'x' || c == 'U' || c == 'u') && peek(1) == '\'') {
            pos++;
            return string(Kind.OTHER_STRING, start, false);
        }
        if (c == '\'') {
            return string(Kind.STRING, start, false);
        }
        if (c == '"') {
            return quotedWord(start);
        }
        if (c == '$') {
            return dollar(start);
        }
        if (Character.isLetter(c) || c == '_') {
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_'
                    || text.charAt(pos) == '$')) {
                pos++;
            }
            String word = text.substring(start, pos);
            return new Token(Kind.WORD, word, word.toLowerCase(java.util.Locale.ROOT), start, pos);
        }
        if (Character.isDigit(c) || (c == '.' && Character.isDigit(peek(1)))) {
            return number(start);
        }
        if (text.startsWith("::", pos)) {
            pos += 2;
            return new Token(Kind.PUNCT, "::", "::", start, pos);
        }
        if ("()[],.;:".indexOf(c) >= 0) {
            pos++;
            return new Token(Kind.PUNCT, String.valueOf(c), String.valueOf(c), start, pos);
        }
        if (OPERATOR_CHARS.indexOf(c) >= 0) {
            return operator(start);
        }
        throw new LexError("unexpected character '" + c + "'", start);
    }

    private char peek(int ahead) {
        return pos + ahead < text.length() ? text.charAt(pos + ahead) : '\0';
    }

    private Token string(Kind kind, int start, boolean backslashEscapes) throws LexError {
        pos++; // opening quote
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (backslashEscapes && c == '\\' && pos + 1 < text.length()) {
                value.append(c).append(text.charAt(pos + 1));
                pos += 2;
            } else if (c == '\'') {
                if (peek(1) == '\'') {
                    value.append('\'');
                    pos += 2;
                } else {
                    pos++;
                    return new Token(kind, text.substring(start, pos), value.toString(), start, pos);
                }
            } else {
                value.append(c);
                pos++;
            }
        }
        throw new LexError("unterminated string literal", start);
    }

    private Token quotedWord(int start) throws LexError {
        pos++;
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '"') {
                if (peek(1) == '"') {
                    value.append('"');
                    pos += 2;
                } else {
                    pos++;
                    if (value.isEmpty()) {
                        throw new LexError("zero-length quoted identifier", start);
                    }
                    return new Token(Kind.QUOTED_WORD, text.substring(start, pos), value.toString(), start, pos);
                }
            } else {
                value.append(c);
                pos++;
            }
        }
        throw new LexError("unterminated quoted identifier", start);
    }

    private Token dollar(int start) throws LexError {
        int tagEnd = pos + 1;
        if (tagEnd < text.length() && Character.isDigit(text.charAt(tagEnd))) {
            while (tagEnd < text.length() && Character.isDigit(text.charAt(tagEnd))) {
                tagEnd++;
            }
            pos = tagEnd;
            return new Token(Kind.PARAMETER, text.substring(start, pos), text.substring(start, pos), start, pos);
        }
        while (tagEnd < text.length() && (Character.isLetterOrDigit(text.charAt(tagEnd)) || text.charAt(tagEnd) == '_')) {
            tagEnd++;
        }
        if (tagEnd >= text.length() || text.charAt(tagEnd) != '$') {
            throw new LexError("unexpected character '$'", start);
        }
        String tag = text.substring(start, tagEnd + 1);
        int close = text.indexOf(tag, tagEnd + 1);
        if (close < 0) {
            throw new LexError("unterminated dollar-quoted string", start);
        }
        pos = close + tag.length();
        return new Token(Kind.OTHER_STRING, text.substring(start, pos), text.substring(tagEnd + 1, close), start, pos);
    }

    private Token number(int start) {
        while (pos < text.length() && (Character.isDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                || text.charAt(pos) == '_')) {
            if (text.charAt(pos) == '.' && peek(1) == '.') {
                break;
            }
            pos++;
        }
        if ((peek(0) == 'e' || peek(0) == 'E')
                && (Character.isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && Character.isDigit(peek(2))))) {
            pos += 2;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        String number = text.substring(start, pos);
        return new Token(Kind.NUMBER, number, number, start, pos);
    }

    /** PostgreSQL's rule: a run of operator characters, minus a trailing + or - unless it holds ~!@#%^&|`?. */
    private Token operator(int start) {
        int end = pos;
        while (end < text.length() && OPERATOR_CHARS.indexOf(text.charAt(end)) >= 0
                && !text.startsWith("--", end) && !text.startsWith("/*", end)) {
            end++;
        }
        String op = text.substring(start, Math.max(end, start + 1));
        boolean keepsSign = op.chars().anyMatch(ch -> "~!@#%^&|`?".indexOf(ch) >= 0);
        while (op.length() > 1 && !keepsSign && (op.endsWith("+") || op.endsWith("-"))) {
            op = op.substring(0, op.length() - 1);
        }
        pos = start + op.length();
        return new Token(Kind.OPERATOR, op, op, start, pos);
    }
}
