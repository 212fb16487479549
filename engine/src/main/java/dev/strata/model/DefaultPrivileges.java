package dev.strata.model;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code ALTER DEFAULT PRIVILEGES FOR ROLE <role> IN SCHEMA <schema> GRANT … ON <objects> TO …}: what objects
 * {@code role} creates in the schema from now on grant, per kind of object and grantee. Its {@link #key()} is the
 * role. Defaults in a schema only add to the role's global ones, which Strata does not read; a grantee not listed gets
 * nothing here. Only with {@code manage: { grants: true }} (docs/yaml-format.md#default-privileges).
 */
public record DefaultPrivileges(String role, SortedMap<Target, SortedMap<String, Privileges>> grants)
        implements SchemaObject {

    public static final String KIND = "default privilege";

    /** The kinds of object default privileges are about ({@code pg_default_acl.defaclobjtype}). */
    public enum Target {
        TABLES("tables", "r", Set.of("select", "insert", "update", "delete", "truncate", "references", "trigger", "maintain")),
        SEQUENCES("sequences", "S", Set.of("usage", "select", "update")),
        FUNCTIONS("functions", "f", Set.of("execute")),
        TYPES("types", "T", Set.of("usage"));

        private final String word;
        private final String code;
        private final Set<String> privileges;

        Target(String word, String code, Set<String> privileges) {
            this.word = word;
            this.code = code;
            this.privileges = privileges;
        }

        /** The keyword after {@code ON}, lower case. */
        public String word() {
            return word;
        }

        public Set<String> privileges() {
            return privileges;
        }

        public static Optional<Target> ofWord(String word) {
            for (Target o : values()) {
                if (o.word.equals(word)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }

        public static Optional<Target> ofCode(String code) {
            for (Target o : values()) {
                if (o.code.equals(code)) {
                    return Optional.of(o);
                }
            }
            return Optional.empty();
        }
    }

    public DefaultPrivileges {
        Names.requireValid(role, "role");
        TreeMap<Target, SortedMap<String, Privileges>> copy = new TreeMap<>();
        grants.forEach((target, byRole) -> {
            TreeMap<String, Privileges> roles = new TreeMap<>();
            byRole.forEach((grantee, privileges) -> {
                Names.requireValid(grantee, "role");
                if (!privileges.isEmpty()) {
                    roles.put(grantee, privileges);
                }
            });
            if (!roles.isEmpty()) {
                copy.put(target, Collections.unmodifiableSortedMap(roles));
            }
        });
        grants = Collections.unmodifiableSortedMap(copy);
    }

    public static DefaultPrivileges of(String role, Map<Target, ? extends Map<String, Privileges>> grants) {
        TreeMap<Target, SortedMap<String, Privileges>> copy = new TreeMap<>();
        grants.forEach((o, m) -> copy.put(o, new TreeMap<>(m)));
        return new DefaultPrivileges(role, copy);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String key() {
        return role;
    }

    /** What {@code grantee} gets on new {@code target}. */
    public Privileges of(Target target, String grantee) {
        return grants.getOrDefault(target, Collections.emptySortedMap()).getOrDefault(grantee, Privileges.NONE);
    }

    @Override
    public Set<ObjectName> needs(String schema) {
        return Set.of(ObjectName.of(ObjectName.SCHEMA, schema, schema));
    }
}
