package dev.strata.model;

import java.util.Comparator;

/** A schema-qualified object name, compared schema first. */
public record QualifiedName(String schema, String name) implements Comparable<QualifiedName> {

    private static final Comparator<QualifiedName> ORDER =
            Comparator.comparing(QualifiedName::schema).thenComparing(QualifiedName::name);

    public QualifiedName {
        Names.requireValid(schema, "schema");
        Names.requireValid(name, "object");
    }

    public static QualifiedName of(String schema, String name) {
        return new QualifiedName(schema, name);
    }

    @Override
    public int compareTo(QualifiedName other) {
        return ORDER.compare(this, other);
    }

    /** Unquoted, for messages only; SQL goes through {@code dev.strata.sql.Identifiers}. */
    @Override
    public String toString() {
        return schema + "." + name;
    }
}
