package dev.strata.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * PostgreSQL's lexical structure (src/backend/parser/scan.l; "Lexical Structure" in the SQL Syntax chapter of the
 * documentation), the one answer to where a token of SQL text starts and ends: strings ({@code '...'} with {@code ''},
 * {@code E'...'} with backslash escapes, {@code B'...'}, {@code X'...'}, {@code U&'...'}), dollar quotes
 * ({@code $$...$$}, {@code $tag$...$tag$}), identifiers (bare ones folded to lower case in ASCII only, as the server
 * does in a multi-byte encoding, so {@code Ä} stays {@code Ä}; any non-ASCII character is an identifier character),
 * quoted identifiers ({@code "..."} with {@code ""}, {@code U&"..."}), numbers, operators, punctuation, parameters and
 * comments ({@code --} to the end of the line, which a carriage return ends too, and nested block comments).
 *
 * <p>Where this lexer and the server's could disagree about where a string, quoted name or comment ends, text would
 * be read as SQL it was not meant to be, so it follows the server exactly on those boundaries and refuses, with the
 * offset, what it does not follow: NUL (no PostgreSQL text holds one), a string continued after a line break
 * ({@code 'a'<newline>'b'}, which keeps the escapes of its first part), control characters the server does not read
 * as white space, and a backslash outside a string (psql's meta-commands). Keywords are words: telling them apart is
 * the grammar's job, not this one's.
 */
public final class Lexer {

    /**
     * {@code WORD}: an identifier or keyword; {@code OTHER_STRING}: bit, hex, Unicode and dollar-quoted strings;
     * {@code COMMENT}: only with {@link Comments#KEEP}.
     */
    public enum Kind { WORD, QUOTED_WORD, STRING, ESCAPE_STRING, OTHER_STRING, NUMBER, OPERATOR, PUNCT, PARAMETER, COMMENT }

    /**
     * {@code text} is the token as written ({@code end} exclusive); {@code value} the name or string it denotes: a
     * bare word folded, a quoted one with {@code ""} undone, a string with {@code ''} undone (the backslash escapes
     * of {@code E''} and {@code U&} escapes are kept as written), a dollar-quoted string's body.
     */
    public record Token(Kind kind, String text, String value, int start, int end) {
        public boolean isWord(String lowerCase) {
            return kind == Kind.WORD && value.equals(lowerCase);
        }

        public boolean is(String punctOrOperator) {
            return (kind == Kind.PUNCT || kind == Kind.OPERATOR) && text.equals(punctOrOperator);
        }

        /** A bare or quoted identifier: what may name a column, table or function. */
        public boolean isName() {
            return kind == Kind.WORD || kind == Kind.QUOTED_WORD;
        }

        public boolean isString() {
            return kind == Kind.STRING || kind == Kind.ESCAPE_STRING || kind == Kind.OTHER_STRING;
        }
    }

    /** Text that does not lex, with where: {@code offset} into the text, and the 1-based line and column there. */
    /** A 1-based line and column, as error messages give them. */
    public record Position(int line, int column) {

        /** Where {@code offset} falls in {@code text}. */
        public static Position of(String text, int offset) {
            int line = 1;
            int column = 1;
            for (int i = 0; i < Math.min(offset, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                    column = 1;
                } else {
                    column++;
                }
            }
            return new Position(line, column);
        }
    }

    public static final class LexError extends Exception {
        private final int offset;
        private final int line;
        private final int column;

        public LexError(String message, String text, int offset) {
            super(message);
            this.offset = offset;
            Position at = Position.of(text, offset);
            this.line = at.line();
            this.column = at.column();
        }

        public int offset() {
            return offset;
        }

        public int line() {
            return line;
        }

        public int column() {
            return column;
        }
    }

    /** What becomes of comments: left out, kept as {@link Kind#COMMENT} tokens, or refused where they start. */
    public enum Comments { SKIP, KEEP, REFUSE }

    /** The message of the error {@link Comments#REFUSE} raises. */
    public static final String COMMENT_REFUSED = "SQL comments are not allowed here";

    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";

    private final String text;
    private final Comments comments;
    private int pos;

    private Lexer(String text, Comments comments) {
        this.text = text;
        this.comments = comments;
    }

    /** The tokens of {@code text}, comments left out. */
    public static List<Token> tokens(String text) throws LexError {
        return tokens(text, Comments.SKIP);
    }

    public static List<Token> tokens(String text, Comments comments) throws LexError {
        return new Lexer(text, comments).run();
    }

    /**
     * An unquoted identifier as the server stores it: ASCII letters to lower case, everything else as written
     * ({@code downcase_identifier} in a multi-byte encoding such as UTF8).
     */
    public static String fold(String word) {
        StringBuilder b = null;
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (b == null) {
                    b = new StringBuilder(word);
                }
                b.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return b == null ? word : b.toString();
    }

    private List<Token> run() throws LexError {
        int nul = text.indexOf('\0');
        if (nul >= 0) {
            throw error("NUL is not allowed in SQL text", nul);
        }
        List<Token> tokens = new ArrayList<>();
        while (true) {
            while (pos < text.length() && isSpace(text.charAt(pos))) {
                pos++;
            }
            if (pos >= text.length()) {
                return tokens;
            }
            boolean comment = text.startsWith("--", pos) || text.startsWith("/*", pos);
            if (comment && comments == Comments.REFUSE) {
                // Where it starts, not where it ends: psql, pgjdbc and the server each lex comments their own way.
                throw error(COMMENT_REFUSED, pos);
            }
            Token t = comment ? comment() : next();
            if (t.kind() != Kind.COMMENT || comments == Comments.KEEP) {
                tokens.add(t);
            }
        }
    }

    private LexError error(String message, int offset) {
        return new LexError(message, text, offset);
    }

    /** PostgreSQL's white space ({@code [ \t\n\r\f]}); vertical tab only from PostgreSQL 16, so not at all. */
    public static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
    }

    /** {@code [A-Za-z\200-\377_]}: every byte of a non-ASCII character starts an identifier. */
    public static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    public static boolean isIdentContinue(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /** {@code --} to the end of the line (a carriage return ends it too), or a block comment, which nests. */
    private Token comment() throws LexError {
        int start = pos;
        if (text.startsWith("--", pos)) {
            while (pos < text.length() && text.charAt(pos) != '\n' && text.charAt(pos) != '\r') {
                pos++;
            }
            return new Token(Kind.COMMENT, text.substring(start, pos), text.substring(start + 2, pos), start, pos);
        }
        int depth = 0;
        while (pos < text.length()) {
            if (text.startsWith("/*", pos)) {
                depth++;
                pos += 2;
            } else if (text.startsWith("*/", pos)) {
                pos += 2;
                if (--depth == 0) {
                    return new Token(Kind.COMMENT, text.substring(start, pos), text.substring(start + 2, pos - 2),
                            start, pos);
                }
            } else {
                pos++;
            }
        }
        throw error("unterminated /* comment", start);
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
            return new Token(Kind.WORD, word, fold(word), start, pos);
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
        if (c == '\\') {
            throw error("unexpected backslash outside a string (psql would read it as a meta-command)", start);
        }
        if (c < 0x20 || c == 0x7f) {
            throw error(String.format(Locale.ROOT,
                    "unexpected control character U+%04X (PostgreSQL reads only space, tab, newline, carriage return"
                            + " and form feed as white space)", (int) c), start);
        }
        throw error("unexpected character '" + c + "'", start);
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
        throw error("unterminated string literal", start);
    }

    /**
     * The server (and psql) continue a string across white space holding a line break
     * ({@code 'a'<newline>'b'}) in the mode of its first part, so {@code E'x'<newline>'\' ...} goes on as an
     * escape string. Rather than follow that rule, continuation is refused: the catalog never prints it,
     * Strata never writes it, and {@code ||} says the same.
     */
    private void refuseContinuation() throws LexError {
        int i = pos;
        boolean lineBreak = false;
        while (i < text.length() && isSpace(text.charAt(i))) {
            lineBreak |= text.charAt(i) == '\n' || text.charAt(i) == '\r';
            i++;
        }
        if (lineBreak && i < text.length() && text.charAt(i) == '\'') {
            throw error("a string continued on the next line is not allowed; join the parts with ||", i);
        }
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
                        throw error("zero-length quoted identifier", start);
                    }
                    return new Token(Kind.QUOTED_WORD, text.substring(start, pos), value.toString(), start, pos);
                }
            } else {
                value.append(c);
                pos++;
            }
        }
        throw error("unterminated quoted identifier", start);
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
            throw error("unexpected character '$'", start);
        }
        String tag = text.substring(start, tagEnd + 1);
        int close = text.indexOf(tag, tagEnd + 1);
        if (close < 0) {
            throw error("unterminated dollar-quoted string", start);
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
