package dev.strata.model;

import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * The privileges roles hold on one object of the schema ({@code GRANT … ON … TO …}), as they differ from what the
 * object has without any {@code GRANT}: its owner's own privileges are never part of it (the owner holds them
 * implicitly), and {@link #PUBLIC} is listed only where it differs from PostgreSQL's default (functions and procedures
 * grant {@code execute}, types {@code usage} to every role; a list without them revokes that). A role that is not
 * listed holds nothing. Roles are referenced, never created or dropped.
 *
 * <p>Only with {@code manage: { grants: true }} in {@code strata.yaml} (docs/yaml-format.md#grants): otherwise grants
 * are neither read nor planned. The {@link #key()} is {@code <on> <name>}: {@code table orders},
 * {@code column orders.total}, {@code function total(integer)}, {@code schema public}.
 */
public record Grant(On on, String name, SortedMap<String, Privileges> roles) implements SchemaObject {

    public static final String KIND = "grant";

    /** Every role, as {@code GRANT … TO PUBLIC} names it; no role can take this name. */
    public static final String PUBLIC = "public";

    /** The kinds only a project that says so manages ({@code manage: { grants: true }}). */
    public static final Set<String> OPT_IN_KINDS = Set.of(KIND, DefaultPrivileges.KIND);

    /** What a grant is on; the word starts its key. */
    public enum On {
        TABLE("table", Set.of("select", "insert", "update", "delete", "truncate", "references", "trigger", "maintain")),
        VIEW("view", Set.of("select", "insert", "update", "delete", "truncate", "references", "trigger", "maintain")),
        MATERIALIZED_VIEW("materialized view",
                Set.of("select", "insert", "update", "delete", "truncate", "references", "trigger", "maintain")),
        COLUMN("column", Set.of("select", "insert", "update", "references")),
        SEQUENCE("sequence", Set.of("usage", "select", "update")),
        FUNCTION("function", Set.of("execute")),
        PROCEDURE("procedure", Set.of("execute")),
        TYPE("type", Set.of("usage")),
        SCHEMA("schema", Set.of("usage", "create"));

        private final String word;
        private final Set<String> privileges;

        On(String word, Set<String> privileges) {
            this.word = word;
            this.privileges = privileges;
        }

        public String word() {
            return word;
        }

        /** The privileges PostgreSQL knows on this kind of object. */
        public Set<String> privileges() {
            return privileges;
        }

        /** The kind a grant's key {@code <kind> <name>} starts with (the longest, so "materialized view" beats none). */
        public static Optional<On> ofKey(String key) {
            On found = null;
            for (On on : values()) {
                if (key.startsWith(on.word + " ") && (found == null || on.word.length() > found.word.length())) {
                    found = on;
                }
            }
            return Optional.ofNullable(found);
        }

        public static Optional<On> ofWord(String word) {
            for (On on : values()) {
                if (on.word.equals(word)) {
                    return Optional.of(on);
                }
            }
            return Optional.empty();
        }

        /** What {@code role} holds on such an object that nobody granted anything on (its owner aside). */
        public Privileges byDefault(String role) {
            if (!role.equals(PUBLIC)) {
                return Privileges.NONE;
            }
            return switch (this) {
                case FUNCTION, PROCEDURE -> Privileges.of("execute");
                case TYPE -> Privileges.of("usage");
                default -> Privileges.NONE;
            };
        }
    }

    public Grant {
        Names.requireValid(name, on.word);
        if (on == On.COLUMN && (name.indexOf('.') <= 0 || name.indexOf('.') == name.length() - 1)) {
            throw new IllegalArgumentException("a column grant names <table>.<column>, not " + name);
        }
        TreeMap<String, Privileges> copy = new TreeMap<>();
        roles.forEach((role, privileges) -> {
            Names.requireValid(role, "role");
            if (!privileges.equals(on.byDefault(role))) {
                copy.put(role, privileges);
            }
        });
        roles = Collections.unmodifiableSortedMap(copy);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String key() {
        return on.word + " " + name;
    }

    /** What {@code role} holds: as listed, or the default. */
    public Privileges of(String role) {
        return roles.getOrDefault(role, on.byDefault(role));
    }

    /** The table of a column grant ({@code name} is {@code <table>.<column>}), or the object's own name. */
    public String relation() {
        return on == On.COLUMN ? name.substring(0, name.indexOf('.')) : name;
    }

    public Optional<String> column() {
        return on == On.COLUMN ? Optional.of(name.substring(name.indexOf('.') + 1)) : Optional.empty();
    }

    @Override
    public boolean satisfiedBy(SchemaObject current, BiPredicate<String, String> sameExpression) {
        return equals(current);
    }

    /** The object the privileges are on: it must exist first. */
    @Override
    public Set<ObjectName> needs(String schema) {
        return Set.of(switch (on) {
            case TABLE -> ObjectName.of(ObjectName.TABLE, schema, name);
            case VIEW -> ObjectName.of(ObjectName.VIEW, schema, name);
            case MATERIALIZED_VIEW -> ObjectName.of(MaterializedView.KIND, schema, name);
            case COLUMN -> ObjectName.column(QualifiedName.of(schema, relation()), column().orElseThrow());
            case SEQUENCE -> ObjectName.of(ObjectName.SEQUENCE, schema, name);
            case FUNCTION -> ObjectName.of("function", schema, name);
            case PROCEDURE -> ObjectName.of("procedure", schema, name);
            case TYPE -> ObjectName.of(ObjectName.TYPE, schema, name);
            case SCHEMA -> ObjectName.of(ObjectName.SCHEMA, schema, schema);
        });
    }

    /** The grant with {@code roles} replaced: what a recipe compares per role. */
    public static Grant of(On on, String name, Map<String, Privileges> roles) {
        return new Grant(on, name, new TreeMap<>(roles));
    }
}
