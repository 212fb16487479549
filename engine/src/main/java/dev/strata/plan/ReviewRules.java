package dev.strata.plan;

import dev.strata.model.QualifiedName;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * The review rules of a project ({@code strata.yaml}, docs/review-rules.md): when a table counts as large, and who
 * must review a step on a large table.
 *
 * @param rowsAbove  a table with more estimated rows than this is large
 * @param bytesAbove a table larger than this many bytes (table, indexes and TOAST) is large
 * @param reviewers  CODEOWNERS-style rules; the last one whose pattern matches a table names its reviewers
 */
public record ReviewRules(OptionalLong rowsAbove, OptionalLong bytesAbove, List<Rule> reviewers) {

    public ReviewRules {
        reviewers = List.copyOf(reviewers);
        if (rowsAbove.isEmpty() && bytesAbove.isEmpty()) {
            throw new IllegalArgumentException("a large table needs a row or a size threshold");
        }
    }

    /** Whether the table counts as large; a row count nobody estimated (never analysed) does not count. */
    public boolean large(TableFacts facts) {
        return rowsAbove.stream().anyMatch(limit -> facts.estimatedRows() > limit)
                || bytesAbove.stream().anyMatch(limit -> facts.bytes() > limit);
    }

    /** The reviewers of the last rule matching the table; empty when none matches. */
    public List<String> reviewersOf(QualifiedName table) {
        List<String> names = List.of();
        for (Rule rule : reviewers) {
            if (rule.tables().matches(table)) {
                names = rule.names();
            }
        }
        return names;
    }

    /** One rule: reviewers for the tables a pattern matches. */
    public record Rule(TablePattern tables, List<String> names) {
        public Rule {
            names = List.copyOf(names);
            if (names.isEmpty()) {
                throw new IllegalArgumentException("a reviewer rule needs at least one name: " + tables.text());
            }
        }
    }

    /**
     * A glob over {@code schema.table}, as CODEOWNERS globs paths: {@code *} is any run of characters and {@code ?}
     * one character, each within its part; a pattern without a dot names tables in every schema. Names compare
     * case-sensitively, as PostgreSQL's do.
     */
    public record TablePattern(String text, Pattern schema, Pattern table) {

        /** What is wrong with a pattern, for the configuration reader. */
        public static Optional<String> problem(String text) {
            if (text.isBlank()) {
                return Optional.of("expected a table pattern such as public.orders or *.audit_*");
            }
            String[] parts = text.split("\\.", -1);
            if (parts.length > 2) {
                return Optional.of("table pattern '" + text + "' has more than one dot; write schema.table");
            }
            for (String part : parts) {
                if (part.isEmpty()) {
                    return Optional.of("table pattern '" + text + "' has an empty schema or table part");
                }
            }
            return Optional.empty();
        }

        public static TablePattern of(String text) {
            problem(text).ifPresent(p -> {
                throw new IllegalArgumentException(p);
            });
            String[] parts = text.split("\\.", -1);
            return parts.length == 1
                    ? new TablePattern(text, glob("*"), glob(parts[0]))
                    : new TablePattern(text, glob(parts[0]), glob(parts[1]));
        }

        private static Pattern glob(String glob) {
            StringBuilder regex = new StringBuilder();
            StringBuilder literal = new StringBuilder();
            for (char c : glob.toCharArray()) {
                if (c == '*' || c == '?') {
                    if (!literal.isEmpty()) {
                        regex.append(Pattern.quote(literal.toString()));
                        literal.setLength(0);
                    }
                    regex.append(c == '*' ? ".*" : ".");
                } else {
                    literal.append(c);
                }
            }
            if (!literal.isEmpty()) {
                regex.append(Pattern.quote(literal.toString()));
            }
            return Pattern.compile(regex.toString(), Pattern.DOTALL);
        }

        public boolean matches(QualifiedName name) {
            return schema.matcher(name.schema()).matches() && table.matcher(name.name()).matches();
        }
    }
}
