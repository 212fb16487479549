package dev.strata.model;

import java.util.Set;
import java.util.function.BiPredicate;

/**
 * An object of a kind Strata manages as a whole (an extension, a function, a policy…): identified among the objects
 * of its kind in its schema by {@link #key()}, compared by value, created, changed and dropped by its kind's recipe.
 *
 * <p>Deliberately not sealed: a new kind is a record implementing this, with its catalog query
 * ({@code catalog.ObjectQuery}), its YAML reader and writer ({@code yaml.ObjectYaml}), its statements
 * ({@code ddl.ObjectDdl}) and its recipe ({@code plan.recipe.ObjectRecipe}); the differ, the dependency graph,
 * {@code CreateDdl} and the scratch check reach it through those, so nothing else changes. Tables, columns,
 * constraints, indexes, enums, sequences and views predate this and keep their own records.
 */
public interface SchemaObject {

    /** The kind as plans and settings name it, e.g. {@code extension}; one word per kind, lower case. */
    String kind();

    /** What identifies the object among its kind in its schema: its name, or e.g. a function's signature. */
    String key();

    /**
     * Whether the live object {@code current} already is what this declared object asks for. Equal values are; a kind
     * whose declaration may leave a property open (an extension without a version) says more, and a kind that holds
     * SQL expressions compares them with {@code sameExpression(live, declared)} (the differ's expression equality), so
     * text the user wrote compares with what PostgreSQL prints as a table's defaults and checks do.
     */
    default boolean satisfiedBy(SchemaObject current, BiPredicate<String, String> sameExpression) {
        return equals(current);
    }

    /** Other objects that must exist before this one is created (and must outlive it). */
    default Set<ObjectName> needs() {
        return Set.of();
    }

    /**
     * {@link #needs()} for the object in {@code schema}: a kind whose record does not carry its schema (a policy names
     * its table within the schema it is declared in) qualifies what it needs here.
     */
    default Set<ObjectName> needs(String schema) {
        return needs();
    }
}
