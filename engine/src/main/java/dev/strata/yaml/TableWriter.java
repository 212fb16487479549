package dev.strata.yaml;

import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.Deferrability;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.Identity;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.RowLevelSecurity;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.sql.TypeNames;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Writes one table in the shortest form that reads back to the same model. */
final class TableWriter {

    /** A name the writer spells out because deriving it would not give the same name. */
    record NameRef(QualifiedName table, String kind, String name) {}

    private final Catalog catalog;
    private final String schema;
    private final Set<NameRef> explicit;
    private final Set<NameRef> serials;

    /**
     * @param explicit names to write even where derivation would find them
     * @param serials  columns ({@code kind = "serial"}) written as serial instead of integer + sequence
     */
    TableWriter(Catalog catalog, String schema, Set<NameRef> explicit, Set<NameRef> serials) {
        this.catalog = catalog;
        this.schema = schema;
        this.explicit = explicit;
        this.serials = serials;
    }

    Node table(Table t) {
        QualifiedName q = new QualifiedName(schema, t.name());
        var m = new YamlNodes.Map().block();
        t.comment().ifPresent(c -> m.put("comment", c));
        t.renamedFrom().ifPresent(r -> m.put("renamed_from", r));
        rowLevelSecurity(t.rowLevelSecurity()).ifPresent(r -> m.put("row_level_security", r));
        if (t.unlogged()) {
            m.put("unlogged", YamlNodes.bool(true));
        }
        t.partitionBy().ifPresent(p -> m.put("partition_by", p));
        t.partitionOf().ifPresent(p -> {
            var of = new YamlNodes.Map().put("table", p.parent().name());
            if (!p.parent().schema().equals(schema)) {
                of.put("schema", p.parent().schema());
            }
            m.put("partition_of", of.put("bound", p.bound()).node());
        });
        var columns = new YamlNodes.Map().block();
        List<String> pkColumns = t.primaryKey().map(PrimaryKey::columns).orElse(List.of());
        for (Column c : t.columns()) {
            columns.put(c.name(), column(c, pkColumns.contains(c.name()), serials.contains(new NameRef(q, "serial", c.name()))));
        }
        // A partition lists only the columns it overrides; its parent's are its own.
        if (!t.isPartition() || !t.columns().isEmpty()) {
            m.put("columns", columns.node());
        }
        t.primaryKey().ifPresent(pk -> m.put("primary_key", primaryKey(q, pk)));
        if (!t.uniqueConstraints().isEmpty()) {
            m.put("unique", YamlNodes.list(t.uniqueConstraints().stream().map(u -> unique(q, u)).toList()));
        }
        if (!t.foreignKeys().isEmpty()) {
            m.put("foreign_keys", YamlNodes.list(t.foreignKeys().stream().map(f -> foreignKey(q, f)).toList()));
        }
        if (!t.checks().isEmpty()) {
            m.put("checks", YamlNodes.list(t.checks().stream().map(c -> check(q, c)).toList()));
        }
        if (!t.exclusions().isEmpty()) {
            m.put("exclusions", YamlNodes.list(t.exclusions().stream().map(x -> exclusion(q, x)).toList()));
        }
        if (!t.indexes().isEmpty()) {
            m.put("indexes", YamlNodes.list(t.indexes().stream().map(i -> index(q, i)).toList()));
        }
        return m.node();
    }

    private Node column(Column c, boolean inPrimaryKey, boolean serial) {
        String type = serial ? serialSpelling(c.type().name()) : TypeNames.yamlSpelling(c.type(), schema);
        boolean impliedNotNull = inPrimaryKey || c.identity().isPresent() || serial;
        var m = new YamlNodes.Map().put("type", type);
        if (!c.nullable() && !impliedNotNull) {
            m.put("nullable", YamlNodes.bool(false));
        }
        if (!serial) {
            c.defaultValue().ifPresent(d -> m.put("default", d));
        }
        c.identity().ifPresent(i -> m.put("identity", identity(c, i)));
        c.notNullName().ifPresent(n -> m.put("not_null_name", n));
        c.generatedAs().ifPresent(g -> m.put("generated", g));
        if (c.virtual()) {
            m.put("virtual", YamlNodes.bool(true));
        }
        c.collation().ifPresent(v -> m.put("collation", v));
        c.comment().ifPresent(v -> m.put("comment", v));
        c.renamedFrom().ifPresent(v -> m.put("renamed_from", v));
        c.using().ifPresent(v -> m.put("using", v));
        c.backfill().ifPresent(v -> m.put("backfill", v));
        return m.size() == 1 ? YamlNodes.string(type) : m.node();
    }

    private static String serialSpelling(String integerType) {
        return switch (integerType) {
            case "smallint" -> "smallserial";
            case "bigint" -> "bigserial";
            default -> "serial";
        };
    }

    private Node identity(Column c, Identity identity) {
        String generation = identity.generation() == Identity.Generation.ALWAYS ? "always" : "by default";
        var options = SequenceWriter.options(c.type(), identity.options());
        if (options.isEmpty()) {
            return YamlNodes.string(generation);
        }
        var m = new YamlNodes.Map().put("generation", generation);
        options.forEach(m::put);
        return m.node();
    }

    private Node primaryKey(QualifiedName q, PrimaryKey pk) {
        Node columns = YamlNodes.strings(pk.columns());
        if (!isExplicit(q, "constraint", pk.name()) && pk.comment().isEmpty() && !pk.withoutOverlaps()) {
            return columns;
        }
        var m = new YamlNodes.Map().put("columns", columns);
        nameIfExplicit(m, q, "constraint", pk.name());
        if (pk.withoutOverlaps()) {
            m.put("without_overlaps", YamlNodes.bool(true));
        }
        comment(m, pk.comment());
        return m.node();
    }

    private Node unique(QualifiedName q, UniqueConstraint u) {
        if (!u.nullsNotDistinct() && u.deferrability() == Deferrability.NOT_DEFERRABLE && !isExplicit(q, "constraint", u.name())
                && u.comment().isEmpty() && !u.withoutOverlaps()) {
            return YamlNodes.strings(u.columns());
        }
        var m = new YamlNodes.Map().put("columns", YamlNodes.strings(u.columns()));
        nameIfExplicit(m, q, "constraint", u.name());
        if (u.nullsNotDistinct()) {
            m.put("nulls_not_distinct", YamlNodes.bool(true));
        }
        if (u.withoutOverlaps()) {
            m.put("without_overlaps", YamlNodes.bool(true));
        }
        deferrable(m, u.deferrability());
        comment(m, u.comment());
        return m.node();
    }

    private Node foreignKey(QualifiedName q, ForeignKey f) {
        var m = new YamlNodes.Map().put("columns", YamlNodes.strings(f.columns()));
        var references = new YamlNodes.Map();
        boolean dotted = f.target().name().indexOf('.') >= 0;
        if (!f.target().schema().equals(schema) || dotted) {
            if (dotted || f.target().schema().indexOf('.') >= 0) {
                references.put("schema", f.target().schema()).put("table", f.target().name());
            } else {
                references.put("table", f.target().schema() + "." + f.target().name());
            }
        } else {
            references.put("table", f.target().name());
        }
        Optional<List<String>> targetKey = catalog.table(f.target()).flatMap(Table::primaryKey).map(PrimaryKey::columns);
        if (!targetKey.equals(Optional.of(f.targetColumns()))) {
            references.put("columns", YamlNodes.strings(f.targetColumns()));
        }
        m.put("references", references.node());
        if (f.period()) {
            m.put("period", YamlNodes.bool(true));
        }
        if (f.onDelete() != ForeignKey.Action.NO_ACTION) {
            m.put("on_delete", f.onDelete().sql().toLowerCase(Locale.ROOT));
        }
        if (f.onUpdate() != ForeignKey.Action.NO_ACTION) {
            m.put("on_update", f.onUpdate().sql().toLowerCase(Locale.ROOT));
        }
        if (f.match() != ForeignKey.Match.SIMPLE) {
            m.put("match", f.match().sql().toLowerCase(Locale.ROOT));
        }
        deferrable(m, f.deferrability());
        if (!f.valid()) {
            m.put("not_valid", YamlNodes.bool(true));
        }
        nameIfExplicit(m, q, "constraint", f.name());
        comment(m, f.comment());
        return m.node();
    }

    private Node check(QualifiedName q, CheckConstraint c) {
        if (!c.noInherit() && c.valid() && !isExplicit(q, "constraint", c.name()) && c.comment().isEmpty()) {
            return YamlNodes.string(c.expression());
        }
        var m = new YamlNodes.Map().put("expression", c.expression());
        nameIfExplicit(m, q, "constraint", c.name());
        if (c.noInherit()) {
            m.put("no_inherit", YamlNodes.bool(true));
        }
        if (!c.valid()) {
            m.put("not_valid", YamlNodes.bool(true));
        }
        comment(m, c.comment());
        return m.node();
    }

    private Node exclusion(QualifiedName q, ExclusionConstraint x) {
        var m = new YamlNodes.Map();
        if (!x.method().equals("gist")) {
            m.put("using", x.method());
        }
        List<Node> elements = new ArrayList<>();
        for (var e : x.elements()) {
            var element = key(e.key());
            element.put("with", e.operator());
            elements.add(element.node());
        }
        m.put("elements", YamlNodes.blockList(elements));
        x.where().ifPresent(w -> m.put("where", w));
        deferrable(m, x.deferrability());
        nameIfExplicit(m, q, "constraint", x.name());
        comment(m, x.comment());
        return m.node();
    }

    private Node index(QualifiedName q, Index i) {
        boolean plainKeys = i.keys().stream().allMatch(k -> k.target() instanceof IndexKey.ColumnTarget
                && k.opclass().isEmpty() && !k.descending() && !k.nullsFirst());
        boolean plain = plainKeys && !i.unique() && i.method().equals("btree") && i.include().isEmpty()
                && i.where().isEmpty() && i.storageParameters().isEmpty() && i.comment().isEmpty();
        if (plain && !isExplicit(q, "index", i.name())) {
            return YamlNodes.strings(i.keyColumns());
        }
        var m = new YamlNodes.Map();
        nameIfExplicit(m, q, "index", i.name());
        return indexBody(m, i);
    }

    /** An index with its name always written (a materialized view's: no name is derived for those). */
    static Node namedIndex(Index i) {
        return indexBody(new YamlNodes.Map().put("name", i.name()), i);
    }

    private static Node indexBody(YamlNodes.Map m, Index i) {
        if (i.unique()) {
            m.put("unique", YamlNodes.bool(true));
        }
        if (i.nullsNotDistinct()) {
            m.put("nulls_not_distinct", YamlNodes.bool(true));
        }
        if (!i.method().equals("btree")) {
            m.put("method", i.method());
        }
        m.put("columns", YamlNodes.list(i.keys().stream().<Node>map(k -> {
            var key = key(k);
            return key.size() == 1 && k.target() instanceof IndexKey.ColumnTarget(String column)
                    ? YamlNodes.string(column) : key.node();
        }).toList()));
        if (!i.include().isEmpty()) {
            m.put("include", YamlNodes.strings(i.include()));
        }
        i.where().ifPresent(w -> m.put("where", w));
        if (!i.storageParameters().isEmpty()) {
            var with = new YamlNodes.Map();
            i.storageParameters().forEach(with::put);
            m.put("with", with.node());
        }
        comment(m, i.comment());
        return m.node();
    }

    private static YamlNodes.Map key(IndexKey k) {
        var m = new YamlNodes.Map();
        switch (k.target()) {
            case IndexKey.ColumnTarget(String column) -> m.put("column", column);
            case IndexKey.ExpressionTarget(String sql) -> m.put("expression", sql);
        }
        if (k.descending()) {
            m.put("order", "desc");
        }
        if (k.hasExplicitNullsOrder()) {
            m.put("nulls", k.nullsFirst() ? "first" : "last");
        }
        k.opclass().ifPresent(o -> m.put("opclass", o));
        return m;
    }

    private void nameIfExplicit(YamlNodes.Map m, QualifiedName q, String kind, String name) {
        if (isExplicit(q, kind, name)) {
            m.put("name", name);
        }
    }

    private boolean isExplicit(QualifiedName q, String kind, String name) {
        return explicit.contains(new NameRef(q, kind, name));
    }

    private static void comment(YamlNodes.Map m, Optional<String> comment) {
        comment.ifPresent(c -> m.put("comment", c));
    }

    private static void deferrable(YamlNodes.Map m, Deferrability d) {
        switch (d) {
            case NOT_DEFERRABLE -> { }
            case DEFERRABLE_INITIALLY_IMMEDIATE -> m.put("deferrable", "initially immediate");
            case DEFERRABLE_INITIALLY_DEFERRED -> m.put("deferrable", "initially deferred");
        }
    }

    private static Optional<Node> rowLevelSecurity(RowLevelSecurity rls) {
        if (rls.isOff()) {
            return Optional.empty();
        }
        if (rls.equals(RowLevelSecurity.ENABLED)) {
            return Optional.of(YamlNodes.string("enabled"));
        }
        if (rls.equals(RowLevelSecurity.FORCED)) {
            return Optional.of(YamlNodes.string("forced"));
        }
        return Optional.of(new YamlNodes.Map().put("enabled", YamlNodes.bool(false)).put("forced", YamlNodes.bool(true)).node());
    }
}
