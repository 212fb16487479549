package dev.strata.yaml;

import dev.strata.model.Grant;
import dev.strata.model.Privileges;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The one spelling of "these roles hold these privileges", shared by {@code grants:} and {@code default_privileges:}:
 * a mapping of role to a list ({@code app_reader: [select]}), or to {@code {privileges: [...], with_grant_option:
 * [...]}} where the second list is held with the grant option. {@code public} (any case) is every role.
 */
final class PrivilegeYaml {

    private static final List<String> KEYS = List.of("privileges", "with_grant_option");

    private PrivilegeYaml() {}

    /** role → privileges, or empty with every problem reported; {@code allowed} are the object's privileges. */
    static Optional<Map<String, Privileges>> roles(Node node, String what, Set<String> allowed, NodeReader in) {
        var entries = in.entries(node, "expected a mapping of role to privileges for " + what
                + ", e.g. {app_reader: [select]}");
        if (entries.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Privileges> roles = new TreeMap<>();
        boolean ok = true;
        for (NodeReader.Entry entry : entries.get()) {
            var role = in.checkedName(entry.key(), entry.keyNode(), "a role name");
            if (role.isEmpty()) {
                ok = false;
                continue;
            }
            String name = role.get().value().equalsIgnoreCase(Grant.PUBLIC) ? Grant.PUBLIC : role.get().value();
            if (roles.containsKey(name)) {
                in.error(entry.keyNode(), "role " + name + " is listed twice for " + what);
                ok = false;
                continue;
            }
            Optional<Privileges> privileges = privileges(entry.value(), what, name, allowed, in);
            ok &= privileges.isPresent();
            privileges.ifPresent(p -> roles.put(name, p));
        }
        return ok ? Optional.of(roles) : Optional.empty();
    }

    private static Optional<Privileges> privileges(Node node, String what, String role, Set<String> allowed, NodeReader in) {
        if (NodeReader.isNullMapping(node) || !(node instanceof org.yaml.snakeyaml.nodes.MappingNode)) {
            return list(node, what, role, allowed, in).map(p -> new Privileges(p, Set.of()));
        }
        return in.fields(node, what + " to " + role, KEYS).flatMap(f -> {
            Optional<Set<String>> granted = f.get("privileges").map(n -> list(n, what, role, allowed, in))
                    .orElse(Optional.of(Set.of()));
            Optional<Set<String>> grantable = f.get("with_grant_option").map(n -> list(n, what, role, allowed, in))
                    .orElse(Optional.of(Set.of()));
            return granted.isPresent() && grantable.isPresent()
                    ? Optional.of(new Privileges(granted.get(), grantable.get())) : Optional.empty();
        });
    }

    private static Optional<Set<String>> list(Node node, String what, String role, Set<String> allowed, NodeReader in) {
        String expectation = "expected a list of privileges for " + what + " to " + role + ", e.g. [" + ordered(allowed).getFirst() + "]";
        if (NodeReader.isNull(node)) {
            in.error(node, expectation + " ([] for none)");
            return Optional.empty();
        }
        var items = in.items(node, expectation);
        if (items.isEmpty()) {
            return Optional.empty();
        }
        Set<String> privileges = new LinkedHashSet<>();
        boolean ok = true;
        for (Node item : items.get()) {
            Optional<String> text = in.text(item, expectation);
            if (text.isEmpty()) {
                ok = false;
                continue;
            }
            String privilege = text.get().strip().toLowerCase(Locale.ROOT);
            if (!allowed.contains(privilege)) {
                in.error(item, "'" + text.get() + "' is not a privilege of " + what + "; expected "
                        + String.join(", ", ordered(allowed)) + (privilege.equals("all")
                        ? " (list them: what ALL means depends on the PostgreSQL version)" : ""));
                ok = false;
                continue;
            }
            privileges.add(privilege);
        }
        return ok ? Optional.of(privileges) : Optional.empty();
    }

    private static List<String> ordered(Set<String> privileges) {
        return Privileges.ORDER.stream().filter(privileges::contains).toList();
    }

    /** {@code {role: [select], other: {privileges: [insert], with_grant_option: [select]}}}. */
    static Node write(Map<String, Privileges> roles) {
        var map = new YamlNodes.Map();
        roles.forEach((role, privileges) -> {
            if (privileges.grantable().isEmpty()) {
                map.put(role, YamlNodes.strings(new ArrayList<>(privileges.granted())));
            } else {
                var both = new YamlNodes.Map();
                if (!privileges.plain().isEmpty()) {
                    both.put("privileges", YamlNodes.strings(privileges.plain()));
                }
                both.put("with_grant_option", YamlNodes.strings(new ArrayList<>(privileges.grantable())));
                map.put(role, both.node());
            }
        });
        return map.node();
    }
}
