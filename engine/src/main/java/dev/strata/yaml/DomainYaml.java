package dev.strata.yaml;

import dev.strata.model.DataType;
import dev.strata.model.Domain;
import dev.strata.sql.TypeNames;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code domains: { custom_id: integer, email: { type: text, default: "''", not_null: true,
 * checks: { has_at: "VALUE LIKE '%@%'", short: { expression: "length(VALUE) < 200", not_valid: true } } } }}: a
 * domain of the document's schema. An unqualified user type is the document schema's. The default and each check are
 * one expression each, checked as a column's are; a check reads only {@code VALUE}.
 */
final class DomainYaml implements ObjectYaml<Domain> {

    private static final List<String> KEYS = List.of("type", "collation", "default", "not_null", "checks", "comment");
    private static final List<String> CHECK_KEYS = List.of("expression", "not_valid");

    @Override
    public String kind() {
        return Domain.KIND;
    }

    @Override
    public String section() {
        return "domains";
    }

    @Override
    public Class<Domain> type() {
        return Domain.class;
    }

    @Override
    public Optional<Domain> read(Located<String> key, Node definition, NodeReader in) {
        return read(DocumentReader.DEFAULT_SCHEMA, key, definition, in);
    }

    @Override
    public Optional<Domain> read(String schema, Located<String> key, Node definition, NodeReader in) {
        String what = "domain '" + key.value() + "'";
        if (!(definition instanceof MappingNode)) {
            return type(definition, schema, in).map(t -> new Domain(key.value(), t, Optional.empty(), Optional.empty(),
                    false, List.of(), Optional.empty()));
        }
        return in.fields(definition, what, KEYS).flatMap(f -> {
            if (!f.has("type")) {
                in.error(definition, what + " needs a type");
            }
            Optional<DataType> type = f.get("type").flatMap(n -> type(n, schema, in));
            Optional<String> collation = f.name("collation", "a collation name").map(Located::value);
            Optional<String> defaultValue = f.get("default").flatMap(n -> expression(n, Set.of(), "default of " + what, in));
            boolean notNull = f.bool("not_null").orElse(false);
            Optional<List<Domain.Check>> checks = f.get("checks").map(n -> checks(n, what, in)).orElse(Optional.of(List.of()));
            Optional<String> comment = f.text("comment", "expected a comment");
            if (type.isEmpty() || checks.isEmpty() || (f.has("default") && defaultValue.isEmpty())) {
                return Optional.empty();
            }
            return Optional.of(new Domain(key.value(), type.get(), collation, defaultValue, notNull, checks.get(), comment));
        });
    }

    private static Optional<List<Domain.Check>> checks(Node node, String what, NodeReader in) {
        return in.entries(node, "expected a mapping of check names to their expressions", "check").flatMap(entries -> {
            List<Domain.Check> checks = new ArrayList<>();
            boolean ok = true;
            for (NodeReader.Entry e : entries) {
                var name = in.checkedName(e.key(), e.keyNode(), "a check name");
                String check = "check " + e.key() + " of " + what;
                Optional<Domain.Check> read;
                if (e.value() instanceof MappingNode) {
                    read = in.fields(e.value(), check, CHECK_KEYS).flatMap(f -> {
                        if (!f.has("expression")) {
                            in.error(e.value(), check + " needs an expression");
                            return Optional.empty();
                        }
                        boolean notValid = f.bool("not_valid").orElse(false);
                        return f.get("expression").flatMap(n -> expression(n, Set.of("value"), check, in))
                                .map(x -> new Domain.Check(e.key(), x, !notValid));
                    });
                } else {
                    read = expression(e.value(), Set.of("value"), check, in).map(x -> new Domain.Check(e.key(), x, true));
                }
                ok &= name.isPresent() && read.isPresent();
                read.ifPresent(checks::add);
            }
            return ok ? Optional.of(checks) : Optional.empty();
        });
    }

    /** One expression, checked where it was read (a domain's expressions name no column but {@code VALUE}). */
    static Optional<String> expression(Node node, Set<String> columns, String what, NodeReader in) {
        return in.expression(node).flatMap(x -> ExpressionDiagnostics.checked(x, columns, what, in));
    }

    /** A type spelling; an unqualified user type is {@code schema}'s (existence is the server's to check). */
    static Optional<DataType> type(Node node, String schema, NodeReader in) {
        return in.text(node, "expected a type").flatMap(text -> {
            try {
                return Optional.of(switch (TypeNames.parse(text)) {
                    case TypeNames.Builtin b -> b.type();
                    case TypeNames.Serial s -> {
                        in.error(node, "serial is not a type: write " + s.integerType().name() + " (a sequence default belongs to a column)");
                        yield s.integerType();
                    }
                    case TypeNames.Named n -> n.resolve(n.schema().orElse(schema));
                });
            } catch (TypeNames.InvalidTypeName e) {
                in.error(node, e.getMessage());
                return Optional.empty();
            }
        });
    }

    @Override
    public Node write(Domain domain) {
        return write(DocumentReader.DEFAULT_SCHEMA, domain);
    }

    @Override
    public Node write(String schema, Domain domain) {
        String type = TypeNames.yamlSpelling(domain.baseType(), schema);
        if (domain.collation().isEmpty() && domain.defaultValue().isEmpty() && !domain.notNull()
                && domain.checks().isEmpty() && domain.comment().isEmpty()) {
            return YamlNodes.string(type);
        }
        var map = new YamlNodes.Map().put("type", type);
        domain.collation().ifPresent(c -> map.put("collation", c));
        domain.defaultValue().ifPresent(d -> map.put("default", d));
        if (domain.notNull()) {
            map.put("not_null", YamlNodes.bool(true));
        }
        if (!domain.checks().isEmpty()) {
            var checks = new YamlNodes.Map().block();
            domain.checks().forEach(c -> checks.put(c.name(), c.valid() ? YamlNodes.string(c.expression())
                    : new YamlNodes.Map().put("expression", c.expression()).put("not_valid", YamlNodes.bool(true)).node()));
            map.put("checks", checks.node());
        }
        domain.comment().ifPresent(c -> map.put("comment", c));
        return map.node();
    }
}
