package dev.strata.ddl;

import dev.strata.model.ObjectName;
import dev.strata.model.Policy;
import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code CREATE}, {@code ALTER}, {@code DROP} and {@code COMMENT ON POLICY}. A policy is named by its table
 * ({@code table}, schema-qualified) and its name; as a managed object, by {@code schema} and {@code <table>.<name>}.
 * Roles are named, never created: a role that does not exist fails the statement with the server's message. The
 * expressions are the schema's text (checked when the YAML was read: one expression, brackets balanced).
 */
public sealed interface PolicyStatement extends ObjectStatement {

    QualifiedName table();

    String policy();

    default ObjectName self() {
        return ObjectName.of(Policy.KIND, table().schema(), table().name() + "." + policy());
    }

    default String on() {
        return Identifiers.quote(policy()) + " ON " + Identifiers.qualified(table());
    }

    record Create(QualifiedName table, Policy definition) implements PolicyStatement {
        public String policy() {
            return definition.name();
        }

        public String render() {
            return "CREATE POLICY " + on() + (definition.permissive() ? "" : " AS RESTRICTIVE")
                    + (definition.command() == Policy.Command.ALL ? "" : " FOR " + definition.command().sql())
                    + roleList(definition.roles()).map(r -> " TO " + r).orElse("")
                    + definition.using().map(u -> " USING (" + u + ")").orElse("")
                    + definition.withCheck().map(w -> " WITH CHECK (" + w + ")").orElse("");
        }

        public Set<ObjectName> creates() {
            return Set.of(self());
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            return definition.needs(table.schema());
        }
    }

    /** {@code ALTER POLICY … TO … USING … WITH CHECK …}: what can change in place (roles and expressions). */
    record Alter(QualifiedName table, String policy, List<String> roles, Optional<String> using,
                 Optional<String> withCheck) implements PolicyStatement {
        public Alter {
            roles = List.copyOf(roles);
        }

        public static Alter to(QualifiedName table, Policy desired) {
            return new Alter(table, desired.name(), desired.roles(), desired.using(), desired.withCheck());
        }

        public String render() {
            return "ALTER POLICY " + on() + " TO " + roleList(roles).orElse("PUBLIC")
                    + using.map(u -> " USING (" + u + ")").orElse("")
                    + withCheck.map(w -> " WITH CHECK (" + w + ")").orElse("");
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            Set<ObjectName> needs = new LinkedHashSet<>();
            needs.add(self());
            needs.addAll(new Policy(table.name(), policy, Policy.Command.ALL, true, roles, using, withCheck,
                    Optional.empty()).needs(table.schema()));
            return needs;
        }
    }

    record Drop(QualifiedName table, String policy) implements PolicyStatement {
        public String render() {
            return "DROP POLICY " + on();
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

    record Comment(QualifiedName table, String policy, Optional<String> comment) implements PolicyStatement {
        public String render() {
            return "COMMENT ON POLICY " + on() + " IS " + comment.map(Literals::quote).orElse("NULL");
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

    /** {@code r1, r2}, or empty for {@code PUBLIC} (no roles). */
    private static Optional<String> roleList(List<String> roles) {
        return roles.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", roles.stream().map(Identifiers::quote).toList()));
    }

    /** The statements that create {@code policy} on {@code table} with its comment. */
    static List<Statement> create(QualifiedName table, Policy policy) {
        List<Statement> statements = new ArrayList<>();
        statements.add(new Create(table, policy));
        policy.comment().ifPresent(c -> statements.add(new Comment(table, policy.name(), policy.comment())));
        return statements;
    }

    ObjectDdl<Policy> DDL = new ObjectDdl<>() {
        public String kind() {
            return Policy.KIND;
        }

        public Class<Policy> type() {
            return Policy.class;
        }

        public Placement placement() {
            return Placement.AFTER_TABLES;
        }

        public List<Statement> create(QualifiedName name, Policy policy) {
            return PolicyStatement.create(QualifiedName.of(name.schema(), policy.table()), policy);
        }
    };
}
