package dev.strata.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's lexical structure (src/backend/parser/scan.l), for the token boundaries: strings
 * ({@code '...'}, {@code E'...'} with backslash escapes, {@code B'...'}, {@code X'...'},
 * {@code U&'...'}), dollar quotes, quoted identifiers ({@code "..."}, {@code U&"..."}), identifiers
 * (any non-ASCII character is an identifier character, as for the server), numbers, operators and
 * brackets. Where this lexer and the server's could disagree about where a string or comment ends,
 * text would run as SQL it was not meant to be, so it follows the server exactly on those boundaries
 * and refuses the rest: SQL comments (psql, pgjdbc and the server each have their own comment
 * lexer; a YAML {@code #} comment serves instead), characters the server does not read as white
 * space or as a token (a stray backslash would also be a psql meta-command), and NUL.
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

    static final String COMMENT_REFUSED = "SQL comments are not allowed here; use a YAML # comment";

    private void skipSpaceAndComments() throws LexError {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (isSpace(c)) {
                pos++;
            } else if (text.startsWith("--", pos) || text.startsWith("/*", pos)) {
                throw new LexError(COMMENT_REFUSED, pos);
            } else {
                return;
            }
        }
    }

    /** PostgreSQL's white space ({@code [ \t\n\r\f]}); vertical tab only from PostgreSQL 16, so not at all. */
    static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    /** {@code [A-Za-z\200-\377_]}: every byte of a non-ASCII character starts an identifier. */
    static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    static boolean isIdentContinue(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Token next() throws LexError {
        int start = pos;
        char c = text.charAt(pos);
        if ((c == 'E' || c == 'e') && peek(1) == '\'') {
            pos++;
            return string(Kind.ESCAPE_STRING, start, true, true);
        }
        if ((c == 'B' || c == 'b' || c == 'X' || c == 'x') && peek(1) == '\'') {
            // Bit and hex strings end at the first quote: '' does not stand for a quote in them.
            pos++;
            return string(Kind.OTHER_STRING, start, false, false);
        }
        if ((c == 'U' || c == 'u') && peek(1) == '&' && (peek(2) == '\'' || peek(2) == '"')) {
            pos += 2;
            return peek(0) == '\'' ? string(Kind.OTHER_STRING, start, false, true) : quotedWord(start);
        }
        if (c == '\'') {
            return string(Kind.STRING, start, false, true);
        }
        if (c == '"') {
            return quotedWord(start);
        }
        if (c == '$') {
            return dollar(start);
        }
        if (isIdentStart(c)) {
            while (pos < text.length() && isIdentContinue(text.charAt(pos))) {
                pos++;
            }
            String word = text.substring(start, pos);
            return new Token(Kind.WORD, word, word.toLowerCase(java.util.Locale.ROOT), start, pos);
        }
        if (isDigit(c) || (c == '.' && isDigit(peek(1)))) {
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
        if (c == '\0') {
            throw new LexError("NUL is not allowed in SQL text", start);
        }
        if (c == '\\') {
            throw new LexError("unexpected backslash outside a string (psql would read it as a meta-command)", start);
        }
        if (c < 0x20 || c == 0x7f) {
            throw new LexError(String.format(java.util.Locale.ROOT,
                    "unexpected control character U+%04X (PostgreSQL reads only space, tab, newline, carriage return"
                            + " and form feed as white space)", (int) c), start);
        }
        throw new LexError("unexpected character '" + c + "'", start);
    }

    private char peek(int ahead) {
        return pos + ahead < text.length() ? text.charAt(pos + ahead) : '\0';
    }

    /**
     * A string from its opening quote. {@code backslashEscapes}: {@code E''}, where a backslash takes
     * the next character (a quote too); {@code doubledQuotes}: {@code ''} stands for a quote, which is
     * true for every kind but bit and hex strings.
     */
    private Token string(Kind kind, int start, boolean backslashEscapes, boolean doubledQuotes) throws LexError {
        pos++; // opening quote
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\0') {
                throw new LexError("NUL is not allowed in SQL text", pos);
            }
            if (backslashEscapes && c == '\\' && pos + 1 < text.length()) {
                value.append(c).append(text.charAt(pos + 1));
                pos += 2;
            } else if (c == '\'') {
                if (doubledQuotes && peek(1) == '\'') {
                    value.append('\'');
                    pos += 2;
                } else {
                    pos++;
                    refuseContinuation();
                    return new Token(kind, text.substring(start, pos), value.toString(), start, pos);
                }
            } else {
                value.append(c);
                pos++;
            }
        }
        throw new LexError("unterminated string literal", start);
    }

    /**
     * The server (and psql) continue a string across white space holding a line break
     * ({@code 'a'<newline>'b'}) in the mode of its first part, so {@code E'x'<newline>'\' ...} goes on as an
     * escape string. Rather than follow that rule, continuation is refused: the catalog never prints it,
     * and {@code ||} says the same.
     */
    private void refuseContinuation() throws LexError {
        int i = pos;
        boolean lineBreak = false;
        while (i < text.length() && isSpace(text.charAt(i))) {
            lineBreak |= text.charAt(i) == '\n' || text.charAt(i) == '\r';
            i++;
        }
        if (lineBreak && i < text.length() && text.charAt(i) == '\'') {
            throw new LexError("a string continued on the next line is not allowed; join the parts with ||", i);
        }
    }

    private Token quotedWord(int start) throws LexError {
        pos++;
        StringBuilder value = new StringBuilder();
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '\0') {
                throw new LexError("NUL is not allowed in SQL text", pos);
            }
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

    /** {@code $1} (a parameter) or a dollar-quoted string: {@code $tag$...$tag$}, the tag an identifier without {@code $}. */
    private Token dollar(int start) throws LexError {
        int tagEnd = pos + 1;
        if (tagEnd < text.length() && isDigit(text.charAt(tagEnd))) {
            while (tagEnd < text.length() && isDigit(text.charAt(tagEnd))) {
                tagEnd++;
            }
            pos = tagEnd;
            return new Token(Kind.PARAMETER, text.substring(start, pos), text.substring(start, pos), start, pos);
        }
        if (tagEnd < text.length() && isIdentStart(text.charAt(tagEnd))) {
            while (tagEnd < text.length() && isIdentContinue(text.charAt(tagEnd)) && text.charAt(tagEnd) != '$') {
                tagEnd++;
            }
        }
        if (tagEnd >= text.length() || text.charAt(tagEnd) != '$') {
            throw new LexError("unexpected character '$'", start);
        }
        String tag = text.substring(start, tagEnd + 1);
        int close = text.indexOf(tag, tagEnd + 1);
        if (close < 0) {
            throw new LexError("unterminated dollar-quoted string", start);
        }
        int nul = text.indexOf('\0', tagEnd + 1);
        if (nul >= 0 && nul < close) {
            throw new LexError("NUL is not allowed in SQL text", nul);
        }
        pos = close + tag.length();
        return new Token(Kind.OTHER_STRING, text.substring(start, pos), text.substring(tagEnd + 1, close), start, pos);
    }

    private Token number(int start) {
        while (pos < text.length() && (isDigit(text.charAt(pos)) || text.charAt(pos) == '.'
                || text.charAt(pos) == '_')) {
            if (text.charAt(pos) == '.' && peek(1) == '.') {
                break;
            }
            pos++;
        }
        if ((peek(0) == 'e' || peek(0) == 'E')
                && (isDigit(peek(1)) || ((peek(1) == '+' || peek(1) == '-') && isDigit(peek(2))))) {
            pos += 2;
            while (pos < text.length() && isDigit(text.charAt(pos))) {
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
