package dev.strata.ddl;

import dev.strata.model.DefaultPrivileges;
import dev.strata.model.Grant;
import dev.strata.model.ObjectName;
import dev.strata.model.QualifiedName;
import dev.strata.model.Routine;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Lexer;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code GRANT} and {@code REVOKE} on one object, and {@code ALTER DEFAULT PRIVILEGES … GRANT / REVOKE}, to or from one
 * role at a time. Roles are named, never created ({@code public} is {@code PUBLIC}); privileges are the model's
 * keywords. A function is named by the argument types of its key, as PostgreSQL prints them (checked when the YAML was
 * read). {@code REVOKE} never cascades: a privilege its holder granted on is refused by the server, not taken from the
 * others.
 */
public sealed interface GrantStatement extends ObjectStatement {

    /** {@code GRANT … TO role [WITH GRANT OPTION]}, or {@code REVOKE [GRANT OPTION FOR] … FROM role}. */
    record OnObject(boolean grant, QualifiedName object, Grant.On on, List<String> privileges, String role,
                    boolean grantOption) implements GrantStatement {
        public OnObject {
            privileges = List.copyOf(privileges);
        }

        public String render() {
            String what = privilegeList(privileges, on == Grant.On.COLUMN ? object.name().substring(object.name().indexOf('.') + 1) : null);
            String target = target(on, object);
            return grant
                    ? "GRANT " + what + " ON " + target + " TO " + grantee(role) + (grantOption ? " WITH GRANT OPTION" : "")
                    : "REVOKE " + (grantOption ? "GRANT OPTION FOR " : "") + what + " ON " + target + " FROM " + grantee(role);
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            return Grant.of(on, object.name(), java.util.Map.of()).needs(object.schema());
        }
    }

    /** {@code ALTER DEFAULT PRIVILEGES FOR ROLE owner IN SCHEMA schema GRANT / REVOKE … ON TABLES …}. */
    record Default(boolean grant, String schema, String owner, DefaultPrivileges.Target target, List<String> privileges,
                   String role, boolean grantOption) implements GrantStatement {
        public Default {
            privileges = List.copyOf(privileges);
        }

        public String render() {
            String what = privilegeList(privileges, null) + " ON " + target.word().toUpperCase(Locale.ROOT);
            return "ALTER DEFAULT PRIVILEGES FOR ROLE " + Identifiers.quote(owner) + " IN SCHEMA " + Identifiers.quote(schema)
                    + (grant ? " GRANT " + what + " TO " + grantee(role) + (grantOption ? " WITH GRANT OPTION" : "")
                    : " REVOKE " + (grantOption ? "GRANT OPTION FOR " : "") + what + " FROM " + grantee(role));
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            return Set.of(ObjectName.of(ObjectName.SCHEMA, schema, schema));
        }
    }

    private static String grantee(String role) {
        return role.equals(Grant.PUBLIC) ? "PUBLIC" : Identifiers.quote(role);
    }

    /** {@code SELECT, INSERT}, or per column {@code SELECT (c), UPDATE (c)}. */
    private static String privilegeList(List<String> privileges, String column) {
        return String.join(", ", privileges.stream().map(p -> p.toUpperCase(Locale.ROOT)
                + (column == null ? "" : " (" + Identifiers.quote(column) + ")")).toList());
    }

    private static String target(Grant.On on, QualifiedName object) {
        return switch (on) {
            case TABLE, VIEW, MATERIALIZED_VIEW -> "TABLE " + Identifiers.qualified(object);
            case COLUMN -> "TABLE " + Identifiers.qualified(object.schema(), object.name().substring(0, object.name().indexOf('.')));
            case SEQUENCE -> "SEQUENCE " + Identifiers.qualified(object);
            case TYPE -> "TYPE " + Identifiers.qualified(object);
            case SCHEMA -> "SCHEMA " + Identifiers.quote(object.schema());
            case FUNCTION, PROCEDURE -> RoutineStatement.signature(on == Grant.On.PROCEDURE ? Routine.Kind.PROCEDURE
                    : Routine.Kind.FUNCTION, object, argumentTypes(object.name()));
        };
    }

    /** The argument types of a routine key {@code name(t1, t2)}, cut at its top-level commas. */
    public static List<String> argumentTypes(String key) {
        int open = key.indexOf('(');
        try {
            return new ArrayList<>(RoutineStatement.splitTopLevel(key.substring(open + 1, key.length() - 1)));
        } catch (Lexer.LexError e) {
            throw new IllegalArgumentException("malformed routine key " + key, e);
        }
    }

    /** The statements that give {@code grant} to a new object (every role from the defaults). */
    static List<Statement> create(String schema, Grant grant) {
        List<Statement> statements = new ArrayList<>();
        QualifiedName object = QualifiedName.of(schema, grant.name());
        grant.roles().forEach((role, held) -> statements.addAll(change(object, grant.on(), role,
                grant.on().byDefault(role), held)));
        return statements;
    }

    /**
     * What turns {@code from} into {@code to} for {@code role} on one object: the revokes first (privileges, then grant
     * options), then the grants (plain, then with the grant option).
     */
    static List<Statement> change(QualifiedName object, Grant.On on, String role, dev.strata.model.Privileges from,
            dev.strata.model.Privileges to) {
        List<Statement> statements = new ArrayList<>();
        statements.addAll(revokes(object, on, role, from, to));
        statements.addAll(grants(object, on, role, from, to));
        return statements;
    }

    /** The {@code REVOKE}s taking {@code from} down to what {@code to} keeps of it. */
    static List<Statement> revokes(QualifiedName object, Grant.On on, String role, dev.strata.model.Privileges from,
            dev.strata.model.Privileges to) {
        List<Statement> statements = new ArrayList<>();
        List<String> gone = from.grantedBeyond(to);
        if (!gone.isEmpty()) {
            statements.add(new OnObject(false, object, on, gone, role, false));
        }
        List<String> optionGone = from.grantable().stream().filter(p -> to.granted().contains(p) && !to.grantable().contains(p)).toList();
        if (!optionGone.isEmpty()) {
            statements.add(new OnObject(false, object, on, optionGone, role, true));
        }
        return statements;
    }

    /** The {@code GRANT}s taking {@code from} up to {@code to}. */
    static List<Statement> grants(QualifiedName object, Grant.On on, String role, dev.strata.model.Privileges from,
            dev.strata.model.Privileges to) {
        List<Statement> statements = new ArrayList<>();
        List<String> plain = to.grantedBeyond(from).stream().filter(p -> !to.grantable().contains(p)).toList();
        if (!plain.isEmpty()) {
            statements.add(new OnObject(true, object, on, plain, role, false));
        }
        List<String> withOption = to.grantable().stream().filter(p -> !from.grantable().contains(p)).toList();
        if (!withOption.isEmpty()) {
            statements.add(new OnObject(true, object, on, withOption, role, true));
        }
        return statements;
    }

    /** The same for default privileges. */
    static List<Statement> defaultRevokes(String schema, String owner, DefaultPrivileges.Target target, String role,
            dev.strata.model.Privileges from, dev.strata.model.Privileges to) {
        List<Statement> statements = new ArrayList<>();
        List<String> gone = from.grantedBeyond(to);
        if (!gone.isEmpty()) {
            statements.add(new Default(false, schema, owner, target, gone, role, false));
        }
        List<String> optionGone = from.grantable().stream().filter(p -> to.granted().contains(p) && !to.grantable().contains(p)).toList();
        if (!optionGone.isEmpty()) {
            statements.add(new Default(false, schema, owner, target, optionGone, role, true));
        }
        return statements;
    }

    static List<Statement> defaultGrants(String schema, String owner, DefaultPrivileges.Target target, String role,
            dev.strata.model.Privileges from, dev.strata.model.Privileges to) {
        List<Statement> statements = new ArrayList<>();
        List<String> plain = to.grantedBeyond(from).stream().filter(p -> !to.grantable().contains(p)).toList();
        if (!plain.isEmpty()) {
            statements.add(new Default(true, schema, owner, target, plain, role, false));
        }
        List<String> withOption = to.grantable().stream().filter(p -> !from.grantable().contains(p)).toList();
        if (!withOption.isEmpty()) {
            statements.add(new Default(true, schema, owner, target, withOption, role, true));
        }
        return statements;
    }

    ObjectDdl<Grant> DDL = new ObjectDdl<>() {
        public String kind() {
            return Grant.KIND;
        }

        public Class<Grant> type() {
            return Grant.class;
        }

        public Placement placement() {
            return Placement.AFTER_TABLES;
        }

        public List<Statement> create(QualifiedName name, Grant grant) {
            return GrantStatement.create(name.schema(), grant);
        }
    };

    ObjectDdl<DefaultPrivileges> DEFAULTS_DDL = new ObjectDdl<>() {
        public String kind() {
            return DefaultPrivileges.KIND;
        }

        public Class<DefaultPrivileges> type() {
            return DefaultPrivileges.class;
        }

        public Placement placement() {
            return Placement.AFTER_TABLES;
        }

        public List<Statement> create(QualifiedName name, DefaultPrivileges defaults) {
            List<Statement> statements = new ArrayList<>();
            defaults.grants().forEach((target, roles) -> roles.forEach((role, held) -> statements.addAll(
                    defaultGrants(name.schema(), defaults.role(), target, role, dev.strata.model.Privileges.NONE, held))));
            return statements;
        }
    };
}
