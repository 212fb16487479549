package dev.strata.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Names that YAML and the catalog write as {@code name} or {@code schema.name} (operator classes,
 * collations): each part bare or in double quotes. Written back with every part through
 * {@link Identifiers#quote}, so whatever the text, it reaches SQL as names and nothing else. Bare
 * parts keep their case, as the catalog reader writes names unquoted.
 */
public final class QualifiedNames {

    private QualifiedNames() {}

    /**
     * Why {@code text} is not {@code name} or {@code schema.name} (each part an identifier as
     * PostgreSQL lexes it, or a double-quoted one), or empty when it is.
     */
    public static Optional<String> problem(String text) {
        try {
            parts(text, 2);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /**
     * The name as SQL: split at dots outside double quotes, each part unquoted if quoted, then
     * quoted. Safe for any text; {@link #problem} is what refuses malformed names early.
     */
    public static String sql(String name) {
        return splitOutsideQuotes(name).stream().map(QualifiedNames::unquote).map(Identifiers::quote)
                .collect(Collectors.joining("."));
    }

    /**
     * The parts of {@code text} (at most {@code maxParts}), unquoted, as {@link Lexer} reads them with nothing between
     * them and the dots; messages do not repeat the text (it may hold line breaks).
     */
    static List<String> parts(String text, int maxParts) {
        String expected = (maxParts > 1 ? "expected name or schema.name" : "expected a name")
                + ", each part an identifier or in double quotes";
        List<Lexer.Token> tokens;
        try {
            tokens = Lexer.tokens(text.strip(), Lexer.Comments.KEEP);
        } catch (Lexer.LexError e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        List<String> parts = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Lexer.Token t = tokens.get(i);
            boolean adjacent = i == 0 || tokens.get(i - 1).end() == t.start();
            if (i % 2 == 1) {
                if (!t.is(".") || !adjacent || parts.size() == maxParts) {
                    throw new IllegalArgumentException(expected);
                }
            } else if (adjacent && t.kind() == Lexer.Kind.WORD) {
                parts.add(t.text());
            } else if (adjacent && t.kind() == Lexer.Kind.QUOTED_WORD && t.text().startsWith("\"")) {
                parts.add(t.value());
            } else {
                throw new IllegalArgumentException(expected);
            }
        }
        if (tokens.size() % 2 == 0) {
            throw new IllegalArgumentException("expected a name before or after the dot");
        }
        return parts;
    }

    private static List<String> splitOutsideQuotes(String text) {
        List<String> parts = new ArrayList<>();
        var current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            }
            if (c == '.' && !quoted) {
                parts.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        parts.add(current.toString());
        return parts;
    }

    private static String unquote(String part) {
        if (part.length() >= 2 && part.startsWith("\"") && part.endsWith("\"")) {
            return part.substring(1, part.length() - 1).replace("\"\"", "\"");
        }
        return part;
    }
}
