package dev.strata.sql;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Identifier quoting with PostgreSQL's {@code quote_ident} rules: an identifier stays bare only
 * when it is lower-case ASCII letters, digits, underscores (not leading with a digit) and not a
 * keyword that needs quoting. Everything else is double-quoted with embedded quotes doubled. This
 * is the only way a name enters generated SQL.
 */
public final class Identifiers {

    private static final Set<String> QUOTED_KEYWORDS = loadKeywords();

    private Identifiers() {}

    public static String quote(String identifier) {
        Objects.requireNonNull(identifier, "identifier");
        if (identifier.isEmpty() || identifier.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("not a valid identifier: '" + identifier + "'");
        }
        if (isSafeBare(identifier)) {
            return identifier;
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    /** {@code schema.name}, each part quoted. */
    public static String qualified(String schema, String name) {
        return quote(schema) + "." + quote(name);
    }

    public static String qualified(dev.strata.model.QualifiedName name) {
        return qualified(name.schema(), name.name());
    }

    /** A comma-separated list of quoted identifiers. */
    public static String list(List<String> identifiers) {
        return identifiers.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
    }

    public static boolean isSafeBare(String identifier) {
        char first = identifier.charAt(0);
        if (!(first >= 'a' && first <= 'z') && first != '_') {
            return false;
        }
        for (int i = 1; i < identifier.length(); i++) {
            char c = identifier.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_') {
                return false;
            }
        }
        return !QUOTED_KEYWORDS.contains(identifier);
    }

    public static boolean isQuotedKeyword(String word) {
        return QUOTED_KEYWORDS.contains(word);
    }

    private static Set<String> loadKeywords() {
        var resource = Identifiers.class.getResourceAsStream("quoted-keywords.txt");
        if (resource == null) {
            throw new IllegalStateException("quoted-keywords.txt missing from the classpath");
        }
        try (var reader = new BufferedReader(new InputStreamReader(resource, StandardCharsets.UTF_8))) {
            return reader.lines()
                    .map(String::strip)
                    .filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
