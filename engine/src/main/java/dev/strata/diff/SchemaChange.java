package dev.strata.diff;

import dev.strata.model.QualifiedName;

/** Schemas are only ever created: a schema absent from the desired catalog is simply not managed. */
public sealed interface SchemaChange extends Change {

    record CreateSchema(String name) implements SchemaChange {
        public QualifiedName subject() {
            return QualifiedName.of(name, name);
        }

        public String describe() {
            return "create schema " + name;
        }
    }
}
