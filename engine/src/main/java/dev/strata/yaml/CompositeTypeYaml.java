package dev.strata.yaml;

import dev.strata.model.CompositeType;
import dev.strata.model.DataType;
import dev.strata.sql.TypeNames;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code composite_types: { address: { attributes: { street: text, city: { type: text, collation: C } },
 * comment: … } }}: a composite type of the document's schema, attributes in the order written. An unqualified user
 * type is the document schema's.
 */
final class CompositeTypeYaml implements ObjectYaml<CompositeType> {

    private static final List<String> KEYS = List.of("attributes", "comment");
    private static final List<String> ATTRIBUTE_KEYS = List.of("type", "collation");

    @Override
    public String kind() {
        return CompositeType.KIND;
    }

    @Override
    public String section() {
        return "composite_types";
    }

    @Override
    public Class<CompositeType> type() {
        return CompositeType.class;
    }

    @Override
    public Optional<CompositeType> read(Located<String> key, Node definition, NodeReader in) {
        return read(DocumentReader.DEFAULT_SCHEMA, key, definition, in);
    }

    @Override
    public Optional<CompositeType> read(String schema, Located<String> key, Node definition, NodeReader in) {
        String what = "composite type '" + key.value() + "'";
        return in.fields(definition, what, KEYS).flatMap(f -> {
            Optional<String> comment = f.text("comment", "expected a comment");
            if (!f.has("attributes")) {
                in.error(definition, what + " needs attributes");
                return Optional.empty();
            }
            return f.get("attributes").flatMap(n -> attributes(n, schema, what, in))
                    .map(attributes -> new CompositeType(key.value(), attributes, comment));
        });
    }

    private static Optional<List<CompositeType.Attribute>> attributes(Node node, String schema, String what, NodeReader in) {
        return in.entries(node, "expected a mapping of attribute names to their types", "attribute").flatMap(entries -> {
            List<CompositeType.Attribute> attributes = new ArrayList<>();
            boolean ok = true;
            for (NodeReader.Entry e : entries) {
                var name = in.checkedName(e.key(), e.keyNode(), "an attribute name");
                Optional<DataType> type;
                Optional<String> collation = Optional.empty();
                if (e.value() instanceof MappingNode) {
                    var fields = in.fields(e.value(), "attribute '" + e.key() + "' of " + what, ATTRIBUTE_KEYS);
                    if (fields.isPresent() && !fields.get().has("type")) {
                        in.error(e.value(), "attribute '" + e.key() + "' of " + what + " needs a type");
                    }
                    type = fields.flatMap(f -> f.get("type")).flatMap(n -> DomainYaml.type(n, schema, in));
                    collation = fields.flatMap(f -> f.name("collation", "a collation name")).map(Located::value);
                } else {
                    type = DomainYaml.type(e.value(), schema, in);
                }
                ok &= name.isPresent() && type.isPresent();
                if (name.isPresent() && type.isPresent()) {
                    attributes.add(new CompositeType.Attribute(e.key(), type.get(), collation));
                }
            }
            return ok ? Optional.of(attributes) : Optional.empty();
        });
    }

    @Override
    public Node write(CompositeType type) {
        return write(DocumentReader.DEFAULT_SCHEMA, type);
    }

    @Override
    public Node write(String schema, CompositeType type) {
        var attributes = new YamlNodes.Map().block();
        for (CompositeType.Attribute a : type.attributes()) {
            String spelled = TypeNames.yamlSpelling(a.type(), schema);
            attributes.put(a.name(), a.collation().isEmpty() ? YamlNodes.string(spelled)
                    : new YamlNodes.Map().put("type", spelled).put("collation", a.collation().get()).node());
        }
        var map = new YamlNodes.Map().put("attributes", attributes.node());
        type.comment().ifPresent(c -> map.put("comment", c));
        return map.node();
    }
}
