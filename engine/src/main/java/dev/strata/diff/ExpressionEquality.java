package dev.strata.diff;

/**
 * Decides whether two SQL expressions (or view queries) mean the same thing. {@code current} is
 * usually PostgreSQL's canonical text, {@code desired} the text as the user wrote it;
 * {@code schema} is the schema unqualified names resolve in.
 */
@FunctionalInterface
public interface ExpressionEquality {

    boolean same(String current, String desired, String schema);

    /**
     * Exact text match once runs of whitespace are collapsed and the ends trimmed. Conservative: it
     * never calls different expressions equal, but PostgreSQL's rewriting (added parentheses and
     * casts) makes pulled text differ from what users write.
     */
    ExpressionEquality TEXTUAL = (current, desired, schema) -> normalize(current).equals(normalize(desired));

    private static String normalize(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }
}
