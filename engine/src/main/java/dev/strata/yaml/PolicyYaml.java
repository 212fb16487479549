package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.expr.ExpressionError;
import dev.strata.expr.Expressions;
import dev.strata.expr.ParseResult;
import dev.strata.model.Policy;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code policies: { orders.own_rows: { command: select, as: restrictive, roles: [app], using: …, with_check: …,
 * comment: … } }}: a row-level security policy, keyed {@code <table>.<policy>} (split at the first {@code .}). Every
 * key but {@code using} or {@code with_check} is optional: command {@code all}, {@code as: permissive}, roles
 * {@code public}. The expressions are checked here as one expression each (PostgreSQL's lexical rules, brackets
 * balanced, no {@code ;}); the columns they name are the server's to check (validate builds the schema).
 */
final class PolicyYaml implements ObjectYaml<Policy> {

    private static final List<String> KEYS = List.of("command", "as", "roles", "using", "with_check", "comment");
    private static final Map<String, Policy.Command> COMMANDS = new LinkedHashMap<>();
    private static final Map<String, Boolean> KINDS = new LinkedHashMap<>();

    static {
        for (Policy.Command c : Policy.Command.values()) {
            COMMANDS.put(c.name().toLowerCase(Locale.ROOT), c);
        }
        KINDS.put("permissive", true);
        KINDS.put("restrictive", false);
    }

    @Override
    public String kind() {
        return Policy.KIND;
    }

    @Override
    public String section() {
        return "policies";
    }

    @Override
    public Class<Policy> type() {
        return Policy.class;
    }

    /** {@code <table>.<policy>} joins two names, each up to 63 bytes: checked one by one, not as one name. */
    @Override
    public Optional<Located<String>> key(String text, Node keyNode, NodeReader in) {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            return in.checkedName(text, keyNode, "a policy key").map(k -> new Located<>(text, in.at(keyNode)));
        }
        boolean table = in.checkedName(text.substring(0, dot), keyNode, "a table name").isPresent();
        boolean policy = in.checkedName(text.substring(dot + 1), keyNode, "a policy name").isPresent();
        return table && policy ? Optional.of(new Located<>(text, in.at(keyNode))) : Optional.empty();
    }

    @Override
    public Optional<Policy> read(Located<String> key, Node definition, NodeReader in) {
        int dot = key.value().indexOf('.');
        if (dot <= 0 || dot == key.value().length() - 1) {
            in.error(key.at(), "expected a policy key '<table>.<policy>', e.g. 'orders.own_rows', not '" + key.value() + "'");
            return Optional.empty();
        }
        String table = key.value().substring(0, dot);
        String name = key.value().substring(dot + 1);
        String what = "policy '" + key.value() + "'";
        return in.fields(definition, what, KEYS).flatMap(f -> {
            boolean ok = true;
            Policy.Command command = f.get("command").map(n -> in.choice(n, COMMANDS, "policy command"))
                    .orElse(Optional.of(Policy.Command.ALL)).orElse(null);
            Boolean permissive = f.get("as").map(n -> in.choice(n, KINDS, "policy kind"))
                    .orElse(Optional.of(true)).orElse(null);
            List<String> roles = new ArrayList<>();
            if (f.has("roles")) {
                Node node = f.get("roles").orElseThrow();
                var names = in.names(node, "expected a list of role names, e.g. [app_user]", "a role name");
                if (names.isEmpty()) {
                    ok = false;
                } else {
                    names.get().forEach(r -> roles.add(r.value()));
                    // PUBLIC is every role: PostgreSQL ignores the others beside it (with a warning).
                    boolean isPublic = roles.stream().anyMatch(r -> r.equalsIgnoreCase("public"));
                    if (isPublic && roles.size() > 1) {
                        in.error(node, "public is every role: list it alone, or leave roles out");
                        ok = false;
                    }
                    if (isPublic) {
                        roles.clear();
                    }
                }
            }
            Optional<Located<String>> using = f.expression("using");
            Optional<Located<String>> withCheck = f.expression("with_check");
            ok &= (f.has("using") == using.isPresent()) && (f.has("with_check") == withCheck.isPresent());
            ok &= using.map(u -> expression(u, "USING expression of " + what, in)).orElse(true);
            ok &= withCheck.map(w -> expression(w, "WITH CHECK expression of " + what, in)).orElse(true);
            if (command != null && withCheck.isPresent()
                    && (command == Policy.Command.SELECT || command == Policy.Command.DELETE)) {
                in.error(f.get("with_check").orElseThrow(), "a " + command.sql() + " policy has no with_check"
                        + " (PostgreSQL checks only new rows: all, insert and update)");
                ok = false;
            }
            if (command == Policy.Command.INSERT && using.isPresent()) {
                in.error(f.get("using").orElseThrow(), "an INSERT policy has no using (PostgreSQL filters only"
                        + " existing rows: all, select, update and delete); use with_check");
                ok = false;
            }
            if (!f.has("using") && !f.has("with_check")) {
                in.error(definition, what + " needs using or with_check");
                ok = false;
            }
            Optional<String> comment = f.text("comment", "expected a comment");
            if (!ok || command == null || permissive == null || (f.has("comment") && comment.isEmpty())) {
                return Optional.empty();
            }
            return Optional.of(new Policy(table, name, command, permissive, roles, using.map(Located::value),
                    withCheck.map(Located::value), comment));
        });
    }

    /** One expression, as {@code ExpressionDiagnostics} checks a table's; the names in it are not checked here. */
    private static boolean expression(Located<String> sql, String what, NodeReader in) {
        Set<String> names = Expressions.columnReferences(sql.value()).orElse(List.of()).stream()
                .map(Expressions.NameAt::name).collect(Collectors.toSet());
        if (Expressions.parse(sql.value(), names) instanceof ParseResult.Invalid invalid) {
            for (ExpressionError error : invalid.errors()) {
                Diagnostic d = ExpressionDiagnostics.at(Optional.of(sql.at()), error, what);
                in.error(new Location(d.file(), d.line(), d.column()), d.message());
            }
            return false;
        }
        return true;
    }

    @Override
    public Node write(Policy policy) {
        var map = new YamlNodes.Map();
        if (policy.command() != Policy.Command.ALL) {
            map.put("command", policy.command().name().toLowerCase(Locale.ROOT));
        }
        if (!policy.permissive()) {
            map.put("as", "restrictive");
        }
        if (!policy.roles().isEmpty()) {
            map.put("roles", YamlNodes.strings(policy.roles()));
        }
        policy.using().ifPresent(u -> map.put("using", u));
        policy.withCheck().ifPresent(w -> map.put("with_check", w));
        policy.comment().ifPresent(c -> map.put("comment", c));
        return map.node();
    }
}
