package dev.strata.diff;

import dev.strata.model.QualifiedName;
import dev.strata.model.SchemaObject;

/**
 * A change to an object of a kind managed as a whole ({@link SchemaObject}): created, dropped, or changed in place or
 * by replacement — its kind's recipe decides which, since only the kind knows what PostgreSQL can alter. {@code name}
 * is the schema and the object's key.
 */
public sealed interface ObjectChange extends Change {

    QualifiedName name();

    String kind();

    default QualifiedName subject() {
        return name();
    }

    record CreateObject(QualifiedName name, SchemaObject desired) implements ObjectChange {
        public String kind() {
            return desired.kind();
        }

        public String describe() {
            return "create " + kind() + " " + name;
        }
    }

    record DropObject(QualifiedName name, SchemaObject current) implements ObjectChange {
        public String kind() {
            return current.kind();
        }

        public String describe() {
            return "drop " + kind() + " " + name;
        }
    }

    /** The declared object is not {@linkplain SchemaObject#satisfiedBy satisfied by} the live one. */
    record AlterObject(QualifiedName name, SchemaObject current, SchemaObject desired) implements ObjectChange {
        public String kind() {
            return desired.kind();
        }

        public String describe() {
            return "change " + kind() + " " + name;
        }
    }
}
