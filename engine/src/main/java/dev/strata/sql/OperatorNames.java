package dev.strata.sql;

import java.util.Optional;

/**
 * Operator names ({@code &&}, {@code =}, {@code myschema.===}, {@code OPERATOR(myschema.===)}) as
 * YAML and the catalog write them, checked against PostgreSQL's operator grammar and written back
 * with the schema quoted, so an operator never carries other SQL along.
 */
public final class OperatorNames {

    /** PostgreSQL's {@code op_chars}. */
    private static final String OPERATOR_CHARS = "+-*/<>=~!@#%^&|`?";

    private OperatorNames() {}

    /** An operator name split into its optional schema (unquoted) and its symbol. */
    public record Parsed(Optional<String> schema, String symbol) {
        public String sql() {
            return schema.map(s -> Identifiers.quote(s) + ".").orElse("") + symbol;
        }
    }

    /** Why {@code text} is not an operator name, or empty when it is one. */
    public static Optional<String> problem(String text) {
        try {
            parse(text);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** The operator as SQL, for {@code EXCLUDE (... WITH op)}. */
    public static String sql(String text) {
        return parse(text).sql();
    }

    public static Parsed parse(String text) {
        String rest = text.strip();
        if (rest.regionMatches(true, 0, "operator", 0, 8)) {
            String inner = rest.substring(8).strip();
            if (!inner.startsWith("(") || !inner.endsWith(")")) {
                throw new IllegalArgumentException("expected OPERATOR(schema.op)");
            }
            rest = inner.substring(1, inner.length() - 1).strip();
        }
        int symbolStart = rest.length();
        while (symbolStart > 0 && OPERATOR_CHARS.indexOf(rest.charAt(symbolStart - 1)) >= 0) {
            symbolStart--;
        }
        String symbol = rest.substring(symbolStart);
        if (symbol.isEmpty() || symbol.contains("--") || symbol.contains("/*") || symbol.length() > 63) {
            throw new IllegalArgumentException("expected an operator such as = or &&"
                    + " (characters " + OPERATOR_CHARS + ", without -- or /*), optionally schema-qualified");
        }
        String qualifier = rest.substring(0, symbolStart).strip();
        if (qualifier.isEmpty()) {
            return new Parsed(Optional.empty(), symbol);
        }
        if (!qualifier.endsWith(".")) {
            throw new IllegalArgumentException("expected schema.op");
        }
        String schema = QualifiedNames.parts(qualifier.substring(0, qualifier.length() - 1).strip(), 1).getFirst();
        return new Parsed(Optional.of(schema), symbol);
    }
}
