package dev.strata.yaml;

import dev.strata.model.Schema;
import dev.strata.model.ViewOptions;
import dev.strata.yaml.Drafts.Document;
import dev.strata.yaml.Drafts.EnumDraft;
import dev.strata.yaml.Drafts.ObjectDraft;
import dev.strata.yaml.Drafts.OptionsDraft;
import dev.strata.yaml.Drafts.OwnedByDraft;
import dev.strata.yaml.Drafts.SequenceDraft;
import dev.strata.yaml.Drafts.TableDraft;
import dev.strata.yaml.Drafts.ViewDraft;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads one YAML document (its top level, enums, sequences, views and the sections of {@link ObjectYamls}) into a draft. */
final class DocumentReader {

    static final List<String> TOP_LEVEL_KEYS = java.util.stream.Stream.concat(
            java.util.stream.Stream.of("schema", "external_types", "enums", "sequences", "tables", "views"),
            ObjectYamls.sections().stream()).toList();
    static final List<String> ENUM_KEYS = List.of("values", "comment");
    static final List<String> SEQUENCE_KEYS =
            List.of("type", "start", "increment", "min", "max", "cache", "cycle", "owned_by", "comment");
    static final List<String> VIEW_KEYS = List.of("definition", "comment", "security_barrier", "security_invoker",
            "check_option");
    static final Map<String, ViewOptions.CheckOption> CHECK_OPTIONS = new LinkedHashMap<>();

    static {
        for (ViewOptions.CheckOption option : ViewOptions.CheckOption.values()) {
            CHECK_OPTIONS.put(option.word(), option);
        }
    }
    static final String DEFAULT_SCHEMA = "public";

    private final NodeReader in;

    DocumentReader(NodeReader in) {
        this.in = in;
    }

    Optional<Document> read(Node root) {
        if (NodeReader.isNull(root)) {
            return Optional.empty();
        }
        return in.fields(root, "the document", TOP_LEVEL_KEYS).map(doc -> {
            Optional<Located<String>> declared = doc.name("schema", "a schema name");
            declared.filter(s -> s.value().equals(Schema.STATE)).ifPresent(s -> in.error(s.at(), "schema '" + Schema.STATE
                    + "' is reserved: Strata keeps its own state there (migrations, steps, backfill positions);"
                    + " declare these objects in another schema"));
            declared.filter(s -> s.value().equals(Schema.ARCHIVE)).ifPresent(s -> in.error(s.at(), "schema '" + Schema.ARCHIVE
                    + "' is reserved: Strata keeps dropped tables there until they are purged (docs/retention.md);"
                    + " declare these objects in another schema"));
            String schema = declared.map(Located::value).orElse(DEFAULT_SCHEMA);
            List<Located<String>> externalTypes = doc.get("external_types")
                    .flatMap(n -> in.names(n, "expected a list of type names", "a type name"))
                    .orElse(List.of());
            List<EnumDraft> enums = new ArrayList<>();
            List<SequenceDraft> sequences = new ArrayList<>();
            List<TableDraft> tables = new ArrayList<>();
            List<ViewDraft> views = new ArrayList<>();
            named(doc, "enums", "enum").forEach(e -> enumType(e).ifPresent(enums::add));
            named(doc, "sequences", "sequence").forEach(e -> sequence(e).ifPresent(sequences::add));
            var tableReader = new TableReader(in);
            named(doc, "tables", "table").forEach(e -> tableReader.read(e).ifPresent(tables::add));
            named(doc, "views", "view").forEach(e -> view(e).ifPresent(views::add));
            List<ObjectDraft> objects = new ArrayList<>();
            for (ObjectYaml<?> kind : ObjectYamls.ALL) {
                doc.get(kind.section())
                        .flatMap(n -> in.entries(n, "expected a mapping of " + kind.kind() + " names to their definitions",
                                kind.kind()))
                        .orElse(List.of())
                        .forEach(e -> kind.key(e.key(), e.keyNode(), in).flatMap(key -> kind.read(schema, key, e.value(), in))
                                .ifPresent(o -> objects.add(new ObjectDraft(o, in.at(e.keyNode())))));
            }
            return new Document(schema, externalTypes, enums, sequences, tables, views, objects);
        });
    }

    private List<NamedNode> named(NodeReader.Fields doc, String key, String what) {
        return doc.get(key)
                .flatMap(n -> in.entries(n, "expected a mapping of " + what + " names to their definitions", what))
                .orElse(List.of())
                .stream()
                .flatMap(e -> in.checkedName(e.key(), e.keyNode(), "a " + what + " name")
                        .map(name -> new NamedNode(name, e.value())).stream())
                .toList();
    }

    /** A name from a {@code name: definition} mapping and its definition node. */
    record NamedNode(Located<String> name, Node value) {}

    private Optional<EnumDraft> enumType(NamedNode e) {
        if (e.value() instanceof MappingNode) {
            return in.fields(e.value(), "enum '" + e.name().value() + "'", ENUM_KEYS).flatMap(f -> {
                Optional<String> comment = f.text("comment", "expected a comment");
                if (!f.has("values")) {
                    in.error(e.value(), "enum '" + e.name().value() + "' needs values");
                    return Optional.empty();
                }
                return labels(f.get("values").orElseThrow())
                        .map(labels -> new EnumDraft(e.name(), labels, comment));
            });
        }
        return labels(e.value()).map(labels -> new EnumDraft(e.name(), labels, Optional.empty()));
    }

    private Optional<List<String>> labels(Node node) {
        return in.items(node, "expected a list of enum labels").flatMap(items -> {
            List<String> labels = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            boolean ok = true;
            for (Node item : items) {
                Optional<String> label = in.text(item, "expected an enum label");
                if (label.isEmpty()) {
                    ok = false;
                } else if (!seen.add(label.get())) {
                    in.error(item, "duplicate enum label '" + label.get() + "'");
                    ok = false;
                } else {
                    labels.add(label.get());
                }
            }
            return ok ? Optional.of(labels) : Optional.empty();
        });
    }

    private Optional<SequenceDraft> sequence(NamedNode e) {
        return in.fields(e.value(), "sequence '" + e.name().value() + "'", SEQUENCE_KEYS).map(f -> {
            Optional<Located<String>> type = f.get("type").flatMap(n -> in.text(n, "expected a type")
                    .map(t -> new Located<>(t, in.at(n))));
            Optional<Located<OwnedByDraft>> ownedBy = f.get("owned_by").flatMap(this::ownedBy);
            return new SequenceDraft(e.name(), type, options(f), ownedBy, f.text("comment", "expected a comment"));
        });
    }

    /** {@code table.column}, or {@code { table:, column: }} when a name contains a dot. */
    private Optional<Located<OwnedByDraft>> ownedBy(Node node) {
        if (node instanceof ScalarNode) {
            return in.text(node, "expected table.column").flatMap(text -> {
                int dot = text.indexOf('.');
                if (dot <= 0 || dot == text.length() - 1) {
                    in.error(node, "expected table.column, got '" + text + "'");
                    return Optional.empty();
                }
                return Optional.of(new Located<>(new OwnedByDraft(text.substring(0, dot), text.substring(dot + 1)), in.at(node)));
            });
        }
        return in.fields(node, "owned_by", List.of("table", "column")).flatMap(f -> {
            var table = f.name("table", "a table name");
            var column = f.name("column", "a column name");
            if (table.isEmpty() || column.isEmpty()) {
                if (!f.has("table") || !f.has("column")) {
                    in.error(node, "owned_by needs table and column");
                }
                return Optional.empty();
            }
            return Optional.of(new Located<>(new OwnedByDraft(table.get().value(), column.get().value()), in.at(node)));
        });
    }

    /** The sequence options of a sequence or identity mapping. */
    static OptionsDraft options(NodeReader.Fields f) {
        return new OptionsDraft(f.whole("start"), f.whole("increment"), f.whole("min"), f.whole("max"),
                f.whole("cache"), f.bool("cycle"));
    }

    private Optional<ViewDraft> view(NamedNode e) {
        if (e.value() instanceof MappingNode) {
            return in.fields(e.value(), "view '" + e.name().value() + "'", VIEW_KEYS).flatMap(f -> {
                Optional<String> comment = f.text("comment", "expected a comment");
                if (!f.has("definition")) {
                    in.error(e.value(), "view '" + e.name().value() + "' needs a definition");
                    return Optional.empty();
                }
                var options = new ViewOptions(f.bool("security_barrier").orElse(false),
                        f.bool("security_invoker").orElse(false),
                        f.get("check_option").flatMap(n -> in.choice(n, CHECK_OPTIONS, "check option"))
                                .orElse(ViewOptions.CheckOption.NONE));
                return f.expression("definition").map(d -> new ViewDraft(e.name(), d, comment, options));
            });
        }
        return in.expression(e.value()).map(d -> new ViewDraft(e.name(), d, Optional.empty(), ViewOptions.NONE));
    }
}
