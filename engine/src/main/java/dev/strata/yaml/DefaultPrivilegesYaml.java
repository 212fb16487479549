package dev.strata.yaml;

import dev.strata.model.DefaultPrivileges;
import dev.strata.model.Privileges;
import org.yaml.snakeyaml.nodes.Node;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code default_privileges: { app_owner: { tables: { app_reader: [select] }, sequences: { app_reader: [usage] } } }}:
 * what the objects a role (the key) creates in the document's schema grant from now on
 * ({@code ALTER DEFAULT PRIVILEGES FOR ROLE … IN SCHEMA …}). Read only with {@code manage: { grants: true }}.
 */
final class DefaultPrivilegesYaml implements ObjectYaml<DefaultPrivileges> {

    private static final java.util.List<String> KEYS = Arrays.stream(DefaultPrivileges.Target.values())
            .map(DefaultPrivileges.Target::word).toList();

    @Override
    public String kind() {
        return DefaultPrivileges.KIND;
    }

    @Override
    public String section() {
        return "default_privileges";
    }

    @Override
    public Class<DefaultPrivileges> type() {
        return DefaultPrivileges.class;
    }

    @Override
    public Optional<Located<String>> key(String text, Node keyNode, NodeReader in) {
        return in.checkedName(text, keyNode, "a role name");
    }

    @Override
    public Optional<DefaultPrivileges> read(Located<String> key, Node definition, NodeReader in) {
        String what = "default privileges of " + key.value();
        return in.fields(definition, what + " (" + KEYS.stream().collect(Collectors.joining(", ")) + ")", KEYS)
                .flatMap(f -> {
                    Map<DefaultPrivileges.Target, Map<String, Privileges>> grants = new TreeMap<>();
                    boolean ok = true;
                    for (DefaultPrivileges.Target target : DefaultPrivileges.Target.values()) {
                        Optional<Node> node = f.get(target.word());
                        if (node.isPresent()) {
                            var roles = PrivilegeYaml.roles(node.get(), "new " + target.word() + " of " + key.value(),
                                    target.privileges(), in);
                            ok &= roles.isPresent();
                            roles.ifPresent(r -> grants.put(target, r));
                        }
                    }
                    return ok ? Optional.of(DefaultPrivileges.of(key.value(), grants)) : Optional.empty();
                });
    }

    @Override
    public Node write(DefaultPrivileges defaults) {
        var map = new YamlNodes.Map();
        defaults.grants().forEach((target, roles) -> map.put(target.word(), PrivilegeYaml.write(roles)));
        return map.node();
    }
}
