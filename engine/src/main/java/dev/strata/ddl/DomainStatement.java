package dev.strata.ddl;

import dev.strata.model.Domain;
import dev.strata.model.ObjectName;
import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;
import dev.strata.sql.TypeNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code CREATE}, {@code ALTER} and {@code DROP DOMAIN}. A domain is a type: it creates and drops the
 * {@link ObjectName#TYPE} columns need, and needs its base type. Expressions (default, checks) were checked as one
 * expression each when read ({@code expr.Expressions}) and are written in parentheses, as a column's are. No
 * {@code CASCADE}: a drop fails while a column still uses the domain.
 */
public sealed interface DomainStatement extends ObjectStatement {

    QualifiedName domain();

    default String quoted() {
        return Identifiers.qualified(domain().schema(), domain().name());
    }

    default Set<ObjectName> self() {
        return Set.of(ObjectName.of(ObjectName.TYPE, domain()), ObjectName.of(Domain.KIND, domain()));
    }

    private static String checkClause(Domain.Check check) {
        return "CONSTRAINT " + Identifiers.quote(check.name()) + " CHECK (" + check.expression() + ")";
    }

    /** {@code CREATE DOMAIN} with its valid checks; a check not valid yet is an {@link AddCheck} after it. */
    record Create(QualifiedName domain, Domain definition) implements DomainStatement {
        public String render() {
            var sql = new StringBuilder("CREATE DOMAIN ").append(quoted()).append(" AS ")
                    .append(TypeNames.sql(definition.baseType()));
            definition.collation().ifPresent(c -> sql.append(" COLLATE ").append(SqlRender.collation(c)));
            definition.defaultValue().ifPresent(d -> sql.append(" DEFAULT (").append(d).append(')'));
            if (definition.notNull()) {
                sql.append(" NOT NULL");
            }
            definition.checks().stream().filter(Domain.Check::valid).forEach(c -> sql.append(' ').append(checkClause(c)));
            return sql.toString();
        }

        public Set<ObjectName> creates() {
            return self();
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            Set<ObjectName> needs = new java.util.LinkedHashSet<>(definition.needs(domain.schema()));
            needs.add(ObjectName.of(ObjectName.SCHEMA, domain.schema(), domain.schema()));
            return needs;
        }
    }

    /** {@code ALTER DOMAIN … SET DEFAULT (e)}, or {@code DROP DEFAULT} without one. */
    record SetDefault(QualifiedName domain, Optional<String> defaultValue) implements DomainStatement {
        public String render() {
            return "ALTER DOMAIN " + quoted() + defaultValue.map(d -> " SET DEFAULT (" + d + ")").orElse(" DROP DEFAULT");
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

    /** {@code ALTER DOMAIN … SET NOT NULL} (checks every column of the domain) or {@code DROP NOT NULL}. */
    record SetNotNull(QualifiedName domain, boolean notNull) implements DomainStatement {
        public String render() {
            return "ALTER DOMAIN " + quoted() + (notNull ? " SET NOT NULL" : " DROP NOT NULL");
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

    /** {@code ALTER DOMAIN … ADD CONSTRAINT n CHECK (e) [NOT VALID]}. */
    record AddCheck(QualifiedName domain, Domain.Check check, boolean notValid) implements DomainStatement {
        public String render() {
            return "ALTER DOMAIN " + quoted() + " ADD " + DomainStatement.checkClause(check) + (notValid ? " NOT VALID" : "");
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        /** The domain, and the functions the check calls. */
        public Set<ObjectName> needs() {
            Set<ObjectName> needs = new java.util.LinkedHashSet<>(self());
            needs.add(ObjectName.expression(domain, check.expression()));
            return needs;
        }
    }

    record ValidateCheck(QualifiedName domain, String check) implements DomainStatement {
        public String render() {
            return "ALTER DOMAIN " + quoted() + " VALIDATE CONSTRAINT " + Identifiers.quote(check);
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

    record DropCheck(QualifiedName domain, String check) implements DomainStatement {
        public String render() {
            return "ALTER DOMAIN " + quoted() + " DROP CONSTRAINT " + Identifiers.quote(check);
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

    record Drop(QualifiedName domain) implements DomainStatement {
        public String render() {
            return "DROP DOMAIN " + quoted();
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

    /** Everything that builds {@code domain} from nothing: the domain, its checks not valid yet, its comment. */
    static List<Statement> build(QualifiedName name, Domain domain) {
        List<Statement> out = new ArrayList<>();
        out.add(new Create(name, domain));
        domain.checks().stream().filter(c -> !c.valid()).forEach(c -> out.add(new AddCheck(name, c, true)));
        domain.comment().ifPresent(c -> out.add(CommentOn.type(name, Optional.of(c))));
        return out;
    }

    ObjectDdl<Domain> DDL = new ObjectDdl<>() {
        public String kind() {
            return Domain.KIND;
        }

        public Class<Domain> type() {
            return Domain.class;
        }

        public Placement placement() {
            return Placement.BEFORE_TABLES;
        }

        public List<Statement> create(QualifiedName name, Domain domain) {
            return build(name, domain);
        }
    };
}
