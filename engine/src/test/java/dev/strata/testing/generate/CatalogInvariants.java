package dev.strata.testing.generate;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.Schema;
import dev.strata.model.Sequence;
import dev.strata.model.Table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rules PostgreSQL would enforce when the catalog is created, checked on the model: what makes a generated
 * catalog valid. Returns readable violations, empty when there are none.
 */
final class CatalogInvariants {

    private CatalogInvariants() {}

    static List<String> violations(Catalog catalog, GeneratorOptions options) {
        List<String> out = new ArrayList<>();
        Set<String> schemaNames = new HashSet<>();
        for (Schema schema : catalog.schemas()) {
            name(out, "schema", schema.name());
            unique(out, schemaNames, "schema", schema.name());
            checkSchema(out, catalog, schema, options);
        }
        return out;
    }

    private static void checkSchema(List<String> out, Catalog catalog, Schema schema, GeneratorOptions options) {
        String s = schema.name();
        Set<String> relations = new HashSet<>();
        Set<String> types = new HashSet<>();
        schema.enums().forEach(e -> {
            name(out, "enum", e.name());
            unique(out, types, "type in " + s, e.name());
            if (e.labels().isEmpty() || new HashSet<>(e.labels()).size() != e.labels().size()) {
                out.add("enum " + e.name() + " has no or duplicate labels");
            }
            e.labels().forEach(l -> name(out, "enum label", l));
        });
        for (Sequence q : schema.sequences()) {
            name(out, "sequence", q.name());
            unique(out, relations, "relation in " + s, q.name());
            if (!ColumnTypes.isSequenceType(q.type())) {
                out.add("sequence " + q.name() + " has type " + q.type());
            }
            q.ownedBy().ifPresent(o -> {
                Optional<Column> owner = schema.table(o.table()).flatMap(t -> t.column(o.column()));
                if (owner.isEmpty()) {
                    out.add("sequence " + q.name() + " owned by a missing column " + o);
                } else if (!owner.get().defaultValue().equals(Optional.of(CanonicalSql.nextval(s, q.name())))) {
                    out.add("serial column " + o + " does not default to nextval of " + q.name());
                }
            });
        }
        for (Table t : schema.tables()) {
            name(out, "table", t.name());
            unique(out, relations, "relation in " + s, t.name());
            unique(out, types, "type in " + s, t.name());
            checkTable(out, catalog, s, t, relations, options);
        }
        for (var v : schema.views()) {
            name(out, "view", v.name());
            unique(out, relations, "relation in " + s, v.name());
            unique(out, types, "type in " + s, v.name());
            if (v.options().securityInvoker() && !options.pg15Plus()) {
                out.add("view " + v.name() + " has security_invoker before PostgreSQL 15");
            }
        }
        for (var o : schema.objects()) {
            if (o instanceof dev.strata.model.MaterializedView m) {
                name(out, "materialized view", m.name());
                unique(out, relations, "relation in " + s, m.name());
                unique(out, types, "type in " + s, m.name());
                m.indexes().forEach(i -> unique(out, relations, "relation in " + s, i.name()));
            }
        }
        for (Table t : schema.tables()) {
            var name = dev.strata.model.QualifiedName.of(s, t.name());
            boolean referencedByPermanent = catalog.schemas().stream().flatMap(x -> x.tables().stream())
                    .anyMatch(o -> !o.unlogged() && o.foreignKeys().stream().anyMatch(f -> f.target().equals(name)));
            if (t.unlogged() && referencedByPermanent) {
                out.add("unlogged table " + t.name() + " is referenced by a permanent table");
            }
            checkPartitioning(out, catalog, schema, t);
        }
    }

    /**
     * PostgreSQL's rules for partitioning on 14 and 18 alike: a partitioned table's keys hold its key columns, it is
     * logged, and (so the catalogs stay free of dependents Strata only reports) nothing references it; a partition's
     * parent is partitioned, its bound is unique among its siblings and DEFAULT is not for HASH.
     */
    private static void checkPartitioning(List<String> out, Catalog catalog, Schema schema, Table t) {
        var name = dev.strata.model.QualifiedName.of(schema.name(), t.name());
        t.partitionBy().ifPresent(by -> {
            Set<String> keyColumns = new HashSet<>();
            t.columns().forEach(c -> {
                if (by.endsWith("(" + dev.strata.sql.Identifiers.quote(c.name()) + ")")) {
                    keyColumns.add(c.name());
                }
            });
            if (keyColumns.isEmpty()) {
                out.add("partitioned table " + t.name() + " has a key over no column of its own: " + by);
            }
            t.primaryKey().filter(pk -> !pk.columns().containsAll(keyColumns))
                    .ifPresent(pk -> out.add("primary key of partitioned " + t.name() + " lacks the partition key"));
            t.uniqueConstraints().stream().filter(u -> !u.columns().containsAll(keyColumns))
                    .forEach(u -> out.add("unique " + u.name() + " of partitioned " + t.name() + " lacks the partition key"));
            t.indexes().stream().filter(Index::unique)
                    .forEach(i -> out.add("unique index " + i.name() + " on partitioned " + t.name()));
            if (t.unlogged()) {
                out.add("partitioned table " + t.name() + " is unlogged");
            }
            boolean referenced = catalog.schemas().stream().flatMap(x -> x.tables().stream())
                    .anyMatch(o -> o.foreignKeys().stream().anyMatch(f -> f.target().equals(name)));
            if (referenced) {
                out.add("partitioned table " + t.name() + " is referenced by a foreign key");
            }
        });
        t.partitionOf().ifPresent(of -> {
            Optional<Table> parent = catalog.table(of.parent());
            if (parent.isEmpty() || parent.get().partitionBy().isEmpty()) {
                out.add("partition " + t.name() + " of a missing or plain table " + of.parent());
                return;
            }
            if (of.isDefault() && parent.get().partitionBy().get().startsWith("HASH")) {
                out.add("default partition " + t.name() + " of hash-partitioned " + of.parent());
            }
            long siblings = catalog.schemas().stream().flatMap(x -> x.tables().stream())
                    .filter(o -> o.partitionOf().filter(p -> p.parent().equals(of.parent()) && p.bound().equals(of.bound())).isPresent())
                    .count();
            if (siblings != 1) {
                out.add("partition " + t.name() + " shares its bound " + of.bound() + " with a sibling");
            }
        });
    }

    private static void checkTable(
            List<String> out, Catalog catalog, String schema, Table t, Set<String> relations, GeneratorOptions options) {
        String where = schema + "." + t.name();
        if (t.renamedFrom().equals(Optional.of(t.name()))) {
            out.add("table " + where + " is renamed from itself");
        }
        Set<String> columns = new HashSet<>();
        for (Column c : t.columns()) {
            name(out, "column", c.name());
            unique(out, columns, "column of " + where, c.name());
            c.type().userTypeName().ifPresent(u -> {
                boolean managedType = catalog.schema(u.schema()).flatMap(x -> x.object(dev.strata.model.Domain.KIND, u.name())
                        .or(() -> x.object(dev.strata.model.CompositeType.KIND, u.name()))).isPresent();
                if (catalog.enumType(u).isEmpty() && !managedType) {
                    out.add("column " + c.name() + " of " + where + " has unknown type " + u);
                }
            });
            if (c.identity().isPresent() && !ColumnTypes.isSequenceType(c.type())) {
                out.add("identity column " + c.name() + " of " + where + " has type " + c.type());
            }
            if (!options.hints() && (c.renamedFrom().isPresent() || c.using().isPresent() || c.backfill().isPresent())) {
                out.add("column " + c.name() + " of " + where + " has hints although none were asked for");
            }
            if (c.renamedFrom().equals(Optional.of(c.name()))) {
                out.add("column " + c.name() + " of " + where + " is renamed from itself");
            }
        }
        Set<String> constraints = new HashSet<>();
        t.primaryKey().ifPresent(pk -> {
            name(out, "primary key", pk.name());
            unique(out, relations, "relation in " + schema, pk.name());
            unique(out, constraints, "constraint of " + where, pk.name());
            pk.columns().forEach(c -> {
                Optional<Column> column = t.column(c);
                if (column.isEmpty() || column.get().nullable()) {
                    out.add("primary key column " + c + " of " + where + " missing or nullable");
                }
            });
        });
        t.uniqueConstraints().forEach(u -> {
            name(out, "unique constraint", u.name());
            unique(out, relations, "relation in " + schema, u.name());
            unique(out, constraints, "constraint of " + where, u.name());
            u.columns().forEach(c -> exists(out, t, c, "unique " + u.name()));
            if (u.nullsNotDistinct() && !options.pg15Plus()) {
                out.add("unique " + u.name() + " is NULLS NOT DISTINCT before PostgreSQL 15");
            }
        });
        t.checks().forEach(c -> {
            name(out, "check", c.name());
            unique(out, constraints, "constraint of " + where, c.name());
        });
        for (Index i : t.indexes()) {
            name(out, "index", i.name());
            unique(out, relations, "relation in " + schema, i.name());
            i.keyColumns().forEach(c -> exists(out, t, c, "index " + i.name()));
            i.include().forEach(c -> exists(out, t, c, "index " + i.name()));
            if (i.nullsNotDistinct() && !options.pg15Plus()) {
                out.add("index " + i.name() + " is NULLS NOT DISTINCT before PostgreSQL 15");
            }
            if (i.keys().stream().map(IndexKey::target).distinct().count() != i.keys().size()) {
                out.add("index " + i.name() + " repeats a key");
            }
        }
        for (ForeignKey f : t.foreignKeys()) {
            name(out, "foreign key", f.name());
            unique(out, constraints, "constraint of " + where, f.name());
            checkForeignKey(out, catalog, t, f);
        }
    }

    private static void checkForeignKey(List<String> out, Catalog catalog, Table t, ForeignKey f) {
        Optional<Table> target = catalog.table(f.target());
        if (target.isEmpty()) {
            out.add("foreign key " + f.name() + " references missing table " + f.target());
            return;
        }
        Table tt = target.get();
        boolean coveredByPk = tt.primaryKey().map(pk -> pk.columns().equals(f.targetColumns())).orElse(false);
        boolean coveredByUnique = tt.uniqueConstraints().stream()
                .anyMatch(u -> u.columns().equals(f.targetColumns()) && u.deferrability() == Deferrability.NOT_DEFERRABLE);
        if (!coveredByPk && !coveredByUnique) {
            out.add("foreign key " + f.name() + " targets " + f.targetColumns() + " without a non-deferrable key");
        }
        for (int i = 0; i < f.columns().size(); i++) {
            Optional<DataType> own = t.column(f.columns().get(i)).map(Column::type);
            Optional<DataType> referenced = tt.column(f.targetColumns().get(i)).map(Column::type);
            if (own.isEmpty() || referenced.isEmpty() || !own.equals(referenced)) {
                out.add("foreign key " + f.name() + " column " + f.columns().get(i) + " type " + own + " vs " + referenced);
            }
        }
    }

    private static void exists(List<String> out, Table t, String column, String what) {
        if (t.column(column).isEmpty()) {
            out.add(what + " names missing column " + column + " of " + t.name());
        }
    }

    private static void name(List<String> out, String kind, String name) {
        if (name.isEmpty() || IdentifierPool.bytes(name) > IdentifierPool.MAX_BYTES) {
            out.add(kind + " name '" + name + "' is empty or longer than 63 bytes");
        }
    }

    private static void unique(List<String> out, Set<String> seen, String scope, String name) {
        if (!seen.add(name)) {
            out.add("duplicate " + scope + ": " + name);
        }
    }
}
