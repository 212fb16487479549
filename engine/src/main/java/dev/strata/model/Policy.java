package dev.strata.model;


import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A row-level security policy on a table of the schema ({@code CREATE POLICY name ON table}): the command it applies
 * to, permissive or restrictive, the roles it applies to (none: {@code PUBLIC}; roles are referenced, never created or
 * dropped) and its {@code USING} and {@code WITH CHECK} expressions, held as PostgreSQL prints them
 * ({@code pg_get_expr}, outer parentheses removed, as check constraints are).
 *
 * <p>A policy is named within its table, so its {@link #key()} is {@code <table>.<name>}. Expressions compare as text
 * with runs of white space collapsed: against a database, {@code ServerCanonicalizer} has the server print the
 * declared ones first, so {@code user_id = current_user_id()} meets the pulled {@code user_id = public.current_user_id()};
 * between two YAML directories ({@code plan --from}) they compare as written.
 */
public record Policy(String table, String name, Command command, boolean permissive, List<String> roles,
                     Optional<String> using, Optional<String> withCheck, Optional<String> comment) implements SchemaObject {

    public static final String KIND = "policy";

    /** {@code FOR …}: {@code pg_policy.polcmd}. */
    public enum Command {
        ALL('*'), SELECT('r'), INSERT('a'), UPDATE('w'), DELETE('d');

        private final char code;

        Command(char code) {
            this.code = code;
        }

        public static Command ofCode(String polcmd) {
            for (Command c : values()) {
                if (polcmd.length() == 1 && c.code == polcmd.charAt(0)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("unknown policy command " + polcmd);
        }

        /** The keyword after {@code FOR}. */
        public String sql() {
            return name();
        }
    }

    public Policy {
        Names.requireValid(table, "table");
        Names.requireValid(name, "policy");
        roles.forEach(r -> Names.requireValid(r, "role"));
        // Role order means nothing to PostgreSQL: one order, so a pulled policy equals a declared one.
        roles = roles.stream().distinct().sorted().toList();
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String key() {
        return table + "." + name;
    }

    /** The same policy on {@code newTable}: where a table rename takes it. */
    public Policy onTable(String newTable) {
        return new Policy(newTable, name, command, permissive, roles, using, withCheck, comment);
    }

    public Policy withComment(Optional<String> newComment) {
        return new Policy(table, name, command, permissive, roles, using, withCheck, newComment);
    }

    /** Whether {@code ALTER POLICY} can turn {@code current} into this (it changes roles and expressions only). */
    public boolean alterableFrom(Policy current) {
        return table.equals(current.table) && name.equals(current.name) && command == current.command
                && permissive == current.permissive
                // ALTER POLICY sets an expression but cannot remove one.
                && (using.isPresent() || current.using.isEmpty())
                && (withCheck.isPresent() || current.withCheck.isEmpty());
    }

    /** Expressions compare as written, layout aside: a declared one has been printed by the server already (ServerCanonicalizer). */
    @Override
    public boolean satisfiedBy(SchemaObject current, java.util.function.BiPredicate<String, String> sameExpression) {
        return current instanceof Policy p && table.equals(p.table) && name.equals(p.name) && command == p.command
                && permissive == p.permissive && roles.equals(p.roles) && comment.equals(p.comment)
                && sameText(using, p.using) && sameText(withCheck, p.withCheck);
    }

    private static boolean sameText(Optional<String> a, Optional<String> b) {
        return a.map(Policy::layout).equals(b.map(Policy::layout));
    }

    private static String layout(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }

    /**
     * The table, and the columns its expressions may read (the dependency graph finds them by the expressions' words:
     * an over-approximation, like every expression's reads): a column it reads is dropped only
     * after the policy.
     */
    @Override
    public Set<ObjectName> needs(String schema) {
        QualifiedName t = QualifiedName.of(schema, table);
        Set<ObjectName> needs = new LinkedHashSet<>();
        needs.add(ObjectName.of(ObjectName.TABLE, t));
        using.ifPresent(e -> needs.add(ObjectName.expression(t, e)));
        withCheck.ifPresent(e -> needs.add(ObjectName.expression(t, e)));
        return needs;
    }
}
