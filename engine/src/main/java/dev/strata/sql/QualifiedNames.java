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

    /** The parts of {@code text} (at most {@code maxParts}), unquoted; messages do not repeat the text (it may hold line breaks). */
    static List<String> parts(String text, int maxParts) {
        List<String> parts = new ArrayList<>();
        int i = 0;
        String s = text.strip();
        while (true) {
            if (i >= s.length()) {
                throw new IllegalArgumentException("expected a name before or after the dot");
            }
            var part = new StringBuilder();
            char c = s.charAt(i);
            if (c == '"') {
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new IllegalArgumentException("a double quote is never closed");
                    }
                    if (s.charAt(i) == '"') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                            part.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (s.charAt(i) == '\0') {
                        throw new IllegalArgumentException("a name cannot contain NUL");
                    }
                    part.append(s.charAt(i++));
                }
                if (part.isEmpty()) {
                    throw new IllegalArgumentException("a quoted name is empty");
                }
            } else if (isIdentStart(c)) {
                while (i < s.length() && isIdentContinue(s.charAt(i))) {
                    part.append(s.charAt(i++));
                }
            } else {
                throw new IllegalArgumentException((maxParts > 1 ? "expected name or schema.name" : "expected a name")
                        + ", each part an identifier or in double quotes");
            }
            parts.add(part.toString());
            if (i == s.length()) {
                return parts;
            }
            if (s.charAt(i) != '.' || parts.size() == maxParts) {
                throw new IllegalArgumentException((maxParts > 1 ? "expected name or schema.name" : "expected a name")
                        + ", each part an identifier or in double quotes");
            }
            i++;
        }
    }

    private static boolean isIdentStart(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
    }

    private static boolean isIdentContinue(char c) {
        return isIdentStart(c) || (c >= '0' && c <= '9') || c == '$';
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
