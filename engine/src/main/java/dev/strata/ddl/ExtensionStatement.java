package dev.strata.ddl;

import dev.strata.model.Extension;
import dev.strata.model.ObjectName;
import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code CREATE}, {@code ALTER … UPDATE} and {@code DROP EXTENSION}. An extension is named by the schema it is
 * installed in and its name ({@code name.schema()} is its {@code WITH SCHEMA}). No {@code IF NOT EXISTS}: an
 * extension already installed in another schema must fail the step rather than be taken for the declared one, and
 * no {@code CASCADE}: what the project built on an extension must make its drop fail.
 */
public sealed interface ExtensionStatement extends ObjectStatement {

    QualifiedName extension();

    default ObjectName self() {
        return ObjectName.of(Extension.KIND, extension());
    }

    record Create(QualifiedName extension, Optional<String> version) implements ExtensionStatement {
        public String render() {
            return "CREATE EXTENSION " + Identifiers.quote(extension.name()) + " WITH SCHEMA "
                    + Identifiers.quote(extension.schema()) + version.map(v -> " VERSION " + Literals.quote(v)).orElse("");
        }

        public Set<ObjectName> creates() {
            return Set.of(self());
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            return Set.of(ObjectName.of(ObjectName.SCHEMA, extension.schema(), extension.schema()));
        }
    }

    record Update(QualifiedName extension, String version) implements ExtensionStatement {
        public String render() {
            return "ALTER EXTENSION " + Identifiers.quote(extension.name()) + " UPDATE TO " + Literals.quote(version);
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            return Set.of(self());
        }
    }

    record Drop(QualifiedName extension) implements ExtensionStatement {
        public String render() {
            return "DROP EXTENSION " + Identifiers.quote(extension.name());
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of(self());
        }

        public Set<ObjectName> needs() {
            return Set.of();
        }
    }

    ObjectDdl<Extension> DDL = new ObjectDdl<>() {
        public String kind() {
            return Extension.KIND;
        }

        public Class<Extension> type() {
            return Extension.class;
        }

        public Placement placement() {
            return Placement.BEFORE_TABLES;
        }

        public List<Statement> create(QualifiedName name, Extension extension) {
            return List.of(new Create(name, extension.version()));
        }
    };
}
