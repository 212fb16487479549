package dev.strata.yaml;

import dev.strata.model.Identity;
import dev.strata.model.RowLevelSecurity;
import dev.strata.yaml.DocumentReader.NamedNode;
import dev.strata.yaml.Drafts.ColumnDraft;
import dev.strata.yaml.Drafts.IdentityDraft;
import dev.strata.yaml.Drafts.OptionsDraft;
import dev.strata.yaml.Drafts.PartitionOfDraft;
import dev.strata.yaml.Drafts.TableDraft;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads a table: its columns here, its constraints and indexes through {@link ConstraintReader}. */
final class TableReader {

    static final List<String> TABLE_KEYS = List.of("comment", "renamed_from", "columns", "primary_key", "unique",
            "foreign_keys", "checks", "exclusions", "indexes", "row_level_security", "unlogged",
            "partition_by", "partition_of");
    static final List<String> PARTITION_OF_KEYS = List.of("table", "schema", "bound");
    static final List<String> ROW_LEVEL_SECURITY_KEYS = List.of("enabled", "forced");
    static final Map<String, RowLevelSecurity> ROW_LEVEL_SECURITY = new LinkedHashMap<>();
    static final List<String> COLUMN_KEYS = List.of("type", "nullable", "not_null_name", "default", "identity", "generated", "virtual",
            "collation", "comment", "renamed_from", "using", "backfill");
    static final List<String> IDENTITY_KEYS =
            List.of("generation", "start", "increment", "min", "max", "cache", "cycle");
    static final Map<String, Identity.Generation> GENERATIONS = new LinkedHashMap<>();

    static {
        GENERATIONS.put("always", Identity.Generation.ALWAYS);
        GENERATIONS.put("by default", Identity.Generation.BY_DEFAULT);
        ROW_LEVEL_SECURITY.put("disabled", RowLevelSecurity.OFF);
        ROW_LEVEL_SECURITY.put("enabled", RowLevelSecurity.ENABLED);
        ROW_LEVEL_SECURITY.put("forced", RowLevelSecurity.FORCED);
    }

    private final NodeReader in;

    TableReader(NodeReader in) {
        this.in = in;
    }

    Optional<TableDraft> read(NamedNode table) {
        String what = "table '" + table.name().value() + "'";
        return in.fields(table.value(), what, TABLE_KEYS).map(f -> {
            List<ColumnDraft> columns = new ArrayList<>();
            f.get("columns")
                    .flatMap(n -> in.entries(n, "expected a mapping of column names to types or definitions", "column"))
                    .orElse(List.of())
                    .forEach(e -> in.checkedName(e.key(), e.keyNode(), "a column name")
                            .flatMap(name -> column(name, e.value()))
                            .ifPresent(columns::add));
            var constraints = new ConstraintReader(in);
            Optional<PartitionOfDraft> partitionOf = f.get("partition_of").flatMap(n -> partitionOf(n, constraints));
            // A partition's columns are its parent's: it lists only those it overrides.
            if (!f.has("columns") && !f.has("partition_of")) {
                in.error(table.value(), what + " needs columns");
            }
            Optional<Located<String>> partitionBy = f.get("partition_by").flatMap(n -> in.text(n, "expected a partition key such as RANGE (created_at)")
                    .map(t -> new Located<>(t.strip(), in.at(n))));
            return new TableDraft(
                    table.name(),
                    columns,
                    f.get("primary_key").flatMap(constraints::primaryKey),
                    f.get("unique").map(constraints::uniques).orElse(List.of()),
                    f.get("foreign_keys").map(constraints::foreignKeys).orElse(List.of()),
                    f.get("checks").map(constraints::checks).orElse(List.of()),
                    f.get("exclusions").map(constraints::exclusions).orElse(List.of()),
                    f.get("indexes").map(constraints::indexes).orElse(List.of()),
                    f.text("comment", "expected a comment"),
                    f.name("renamed_from", "a table name"),
                    f.get("row_level_security").flatMap(this::rowLevelSecurity).orElse(RowLevelSecurity.OFF),
                    f.bool("unlogged").orElse(false),
                    partitionBy,
                    partitionOf);
        });
    }

    /** {@code partition_of: {table: events, bound: "FOR VALUES IN ('eu')"}}, {@code schema} where the parent is elsewhere. */
    private Optional<PartitionOfDraft> partitionOf(Node node, ConstraintReader constraints) {
        return in.fields(node, "partition_of", PARTITION_OF_KEYS).flatMap(f -> {
            Optional<String> schema = f.name("schema", "a schema name").map(Located::value);
            var parent = f.get("table").flatMap(n -> constraints.referencedTable(n, schema));
            var bound = f.get("bound").flatMap(n -> in.text(n, "expected a partition bound such as FOR VALUES IN ('eu') or DEFAULT")
                    .map(t -> new Located<>(t.strip(), in.at(n))));
            if (!f.has("table") || !f.has("bound")) {
                in.error(node, "partition_of needs table and bound");
            }
            if (parent.isEmpty() || bound.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new PartitionOfDraft(parent.get().schema(), parent.get().table(), bound.get(), in.at(node)));
        });
    }

    /** {@code enabled}, {@code forced} (enabled and forced) or {@code disabled}; or {@code {enabled: …, forced: …}}. */
    private Optional<RowLevelSecurity> rowLevelSecurity(Node node) {
        if (!(node instanceof MappingNode)) {
            return in.choice(node, ROW_LEVEL_SECURITY, "row level security");
        }
        return in.fields(node, "row_level_security", ROW_LEVEL_SECURITY_KEYS).map(f -> new RowLevelSecurity(
                f.bool("enabled").orElse(false), f.bool("forced").orElse(false)));
    }

    private Optional<ColumnDraft> column(Located<String> name, Node value) {
        if (!(value instanceof MappingNode)) {
            return typeText(value).map(type -> new ColumnDraft(name, type, Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        }
        return in.fields(value, "column '" + name.value() + "'", COLUMN_KEYS).flatMap(f -> {
            if (!f.has("type")) {
                in.error(value, "column '" + name.value() + "' needs a type");
                return Optional.empty();
            }
            return typeText(f.get("type").orElseThrow()).map(type -> new ColumnDraft(
                    name,
                    type,
                    f.get("nullable").flatMap(n -> in.bool(n).map(b -> new Located<>(b, in.at(n)))),
                    f.expression("default"),
                    f.get("identity").flatMap(this::identity),
                    f.expression("generated"),
                    f.name("collation", "a collation name"),
                    f.text("comment", "expected a comment"),
                    f.name("renamed_from", "a column name"),
                    f.expression("using"),
                    f.expression("backfill"),
                    f.get("virtual").flatMap(n -> in.bool(n).map(b -> new Located<>(b, in.at(n)))),
                    f.name("not_null_name", "a constraint name")));
        });
    }

    private Optional<Located<String>> typeText(Node node) {
        return in.text(node, "expected a type").flatMap(t -> {
            if (t.isBlank()) {
                in.error(node, "expected a type");
                return Optional.empty();
            }
            return Optional.of(new Located<>(t.strip(), in.at(node)));
        });
    }

    private Optional<IdentityDraft> identity(Node node) {
        if (!(node instanceof MappingNode)) {
            return in.choice(node, GENERATIONS, "identity generation")
                    .map(g -> new IdentityDraft(g, OptionsDraft.none(), in.at(node)));
        }
        return in.fields(node, "identity", IDENTITY_KEYS).flatMap(f -> {
            Identity.Generation generation = f.get("generation")
                    .flatMap(n -> in.choice(n, GENERATIONS, "identity generation"))
                    .orElse(Identity.Generation.BY_DEFAULT);
            return Optional.of(new IdentityDraft(generation, DocumentReader.options(f), in.at(node)));
        });
    }
}
