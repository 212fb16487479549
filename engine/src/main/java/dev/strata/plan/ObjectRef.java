package dev.strata.plan;

import dev.strata.model.QualifiedName;

import java.util.Set;
import java.util.TreeSet;

/**
 * A database object a step creates, drops or needs, as the dependency graph ({@link StepGraph}) knows it. The kinds
 * managed as a whole are all {@link Object}: their statements say what they create, drop and need
 * ({@code ddl.ObjectStatement}), their model records what they read ({@code SchemaObject.needs}).
 */
public sealed interface ObjectRef {

    record Schema(String name) implements ObjectRef {}

    record Table(QualifiedName name) implements ObjectRef {}

    record Column(QualifiedName table, String name) implements ObjectRef {}

    record Constraint(QualifiedName table, String name) implements ObjectRef {}

    /**
     * A unique key over exactly these columns (a primary key, a unique constraint or a plain unique index), whatever
     * its name: what a foreign key needs on its target, as PostgreSQL looks for it.
     */
    record Key(QualifiedName table, Set<String> columns) implements ObjectRef {
        public Key {
            columns = Set.copyOf(new TreeSet<>(columns));
        }
    }

    record Index(QualifiedName name) implements ObjectRef {}

    record Sequence(QualifiedName name) implements ObjectRef {}

    record Type(QualifiedName name) implements ObjectRef {}

    record View(QualifiedName name) implements ObjectRef {}

    /** An object of a kind managed as a whole ({@link dev.strata.model.SchemaObject}): its kind, schema and key. */
    record Object(String kind, QualifiedName name) implements ObjectRef {}
}
