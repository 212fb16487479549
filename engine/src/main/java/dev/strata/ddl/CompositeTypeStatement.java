package dev.strata.ddl;

import dev.strata.model.CompositeType;
import dev.strata.model.ObjectName;
import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;
import dev.strata.sql.TypeNames;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code CREATE TYPE … AS (…)}, {@code ALTER TYPE … ADD | DROP | ALTER ATTRIBUTE} and {@code DROP TYPE}. A composite
 * type creates and drops the {@link ObjectName#TYPE} columns need, and needs its attributes' types. No
 * {@code CASCADE}: it would carry an attribute change into typed tables, and a drop into the columns using the type.
 */
public sealed interface CompositeTypeStatement extends ObjectStatement {

    QualifiedName type();

    default String quoted() {
        return Identifiers.qualified(type().schema(), type().name());
    }

    default Set<ObjectName> self() {
        return Set.of(ObjectName.of(ObjectName.TYPE, type()), ObjectName.of(CompositeType.KIND, type()));
    }

    private static String attributeClause(CompositeType.Attribute a) {
        return Identifiers.quote(a.name()) + " " + TypeNames.sql(a.type())
                + a.collation().map(c -> " COLLATE " + SqlRender.collation(c)).orElse("");
    }

    private static Set<ObjectName> typeOf(CompositeType.Attribute a) {
        return a.type().elementType().userTypeName().map(t -> Set.of(ObjectName.of(ObjectName.TYPE, t))).orElse(Set.of());
    }

    record Create(QualifiedName type, CompositeType definition) implements CompositeTypeStatement {
        public String render() {
            return "CREATE TYPE " + quoted() + " AS ("
                    + definition.attributes().stream().map(CompositeTypeStatement::attributeClause).collect(Collectors.joining(", "))
                    + ")";
        }

        public Set<ObjectName> creates() {
            return self();
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            Set<ObjectName> needs = new LinkedHashSet<>(definition.needs());
            needs.add(ObjectName.of(ObjectName.SCHEMA, type.schema(), type.schema()));
            return needs;
        }
    }

    /** {@code ADD ATTRIBUTE}: appended last; values already stored read it as NULL (no rewrite). */
    record AddAttribute(QualifiedName type, CompositeType.Attribute attribute) implements CompositeTypeStatement {
        public String render() {
            return "ALTER TYPE " + quoted() + " ADD ATTRIBUTE " + CompositeTypeStatement.attributeClause(attribute);
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            Set<ObjectName> needs = new LinkedHashSet<>(self());
            needs.addAll(typeOf(attribute));
            return needs;
        }
    }

    record DropAttribute(QualifiedName type, String attribute) implements CompositeTypeStatement {
        public String render() {
            return "ALTER TYPE " + quoted() + " DROP ATTRIBUTE " + Identifiers.quote(attribute);
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            return self();
        }
    }

    /** {@code ALTER ATTRIBUTE a TYPE t [COLLATE c]}; PostgreSQL refuses it while a table column uses the type. */
    record AlterAttribute(QualifiedName type, CompositeType.Attribute attribute) implements CompositeTypeStatement {
        public String render() {
            return "ALTER TYPE " + quoted() + " ALTER ATTRIBUTE " + Identifiers.quote(attribute.name()) + " TYPE "
                    + TypeNames.sql(attribute.type())
                    + attribute.collation().map(c -> " COLLATE " + SqlRender.collation(c)).orElse("");
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            Set<ObjectName> needs = new LinkedHashSet<>(self());
            needs.addAll(typeOf(attribute));
            return needs;
        }
    }

    record Drop(QualifiedName type) implements CompositeTypeStatement {
        public String render() {
            return "DROP TYPE " + quoted();
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return self();
        }

        public Set<ObjectName> needs() {
            return Set.of();
        }
    }

    /** Everything that builds {@code type} from nothing: the type and its comment. */
    static List<Statement> build(QualifiedName name, CompositeType type) {
        List<Statement> out = new ArrayList<>();
        out.add(new Create(name, type));
        type.comment().ifPresent(c -> out.add(CommentOn.type(name, Optional.of(c))));
        return out;
    }

    ObjectDdl<CompositeType> DDL = new ObjectDdl<>() {
        public String kind() {
            return CompositeType.KIND;
        }

        public Class<CompositeType> type() {
            return CompositeType.class;
        }

        public Placement placement() {
            return Placement.BEFORE_TABLES;
        }

        public List<Statement> create(QualifiedName name, CompositeType type) {
            return build(name, type);
        }
    };
}
