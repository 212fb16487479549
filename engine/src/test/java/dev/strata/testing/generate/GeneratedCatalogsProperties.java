package dev.strata.testing.generate;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.CompositeType;
import dev.strata.model.Domain;
import dev.strata.model.Policy;
import dev.strata.model.Routine;
import dev.strata.model.Trigger;
import dev.strata.model.Deferrability;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import net.jqwik.api.ForAll;
import net.jqwik.api.From;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratedCatalogsProperties {

    private static final GeneratorOptions PG14 = new GeneratorOptions(14, false);
    private static final GeneratorOptions PG18 = new GeneratorOptions(18, false);

    @Provide
    Arbitrary<Catalog> pg14() {
        return Schemas.catalogs(14);
    }

    @Provide
    Arbitrary<Catalog> pg18() {
        return Schemas.catalogs(18);
    }

    @Provide
    Arbitrary<Catalog> withHints() {
        return Schemas.catalogsWithHints();
    }

    @Property(tries = 300)
    void catalogsForPg14AreValid(@ForAll("pg14") Catalog catalog) {
        assertEquals(List.of(), CatalogInvariants.violations(catalog, PG14));
    }

    @Property(tries = 300)
    void catalogsForPg18AreValid(@ForAll("pg18") Catalog catalog) {
        assertEquals(List.of(), CatalogInvariants.violations(catalog, PG18));
    }

    @Property(tries = 100)
    void catalogsWithHintsAreValidAndOnlyDifferInHints(@ForAll("withHints") Catalog catalog) {
        assertEquals(List.of(), CatalogInvariants.violations(catalog, new GeneratorOptions(18, true)));
        assertEquals(List.of(), CatalogInvariants.violations(catalog.withoutHints(), PG18));
    }

    @Property(tries = 100)
    void singleTablesAreValid(@ForAll("singleTables") Table table) {
        var catalog = new Catalog(List.of(Schema.named("public").withTables(List.of(table))));
        assertEquals(List.of(), CatalogInvariants.violations(catalog, PG18));
    }

    @Provide
    Arbitrary<Table> singleTables() {
        return Schemas.tables(PG18);
    }

    /** Guards against a generator change that silently stops producing a feature the properties rely on. */
    @Test
    void everyFeatureAppearsInAFewHundredCatalogs() {
        List<Catalog> sample = Schemas.catalogs(18).sampleStream().limit(400).toList();
        Map<String, Predicate<Catalog>> features = new java.util.LinkedHashMap<>();
        features.put("two schemas", c -> c.schemas().size() == 2);
        features.put("enum column", c -> columns(c).anyMatch(col -> !col.type().isBuiltin()));
        features.put("array column", c -> columns(c).anyMatch(col -> col.type().array()));
        features.put("identity", c -> columns(c).anyMatch(col -> col.identity().isPresent()));
        features.put("non-default identity options", c -> columns(c).anyMatch(col -> col.identity()
                .filter(i -> !i.options().equals(dev.strata.model.SequenceOptions.defaultsFor(col.type()))).isPresent()));
        features.put("generated column", c -> columns(c).anyMatch(col -> col.generatedAs().isPresent()));
        features.put("serial-style sequence", c -> schemas(c).anyMatch(s -> s.sequences().stream().anyMatch(q -> q.ownedBy().isPresent())));
        features.put("standalone sequence", c -> schemas(c).anyMatch(s -> s.sequences().stream().anyMatch(q -> q.ownedBy().isEmpty())));
        features.put("composite primary key", c -> tables(c).anyMatch(t -> t.primaryKey().filter(pk -> pk.columns().size() > 1).isPresent()));
        features.put("nulls not distinct", c -> tables(c).anyMatch(t -> t.uniqueConstraints().stream().anyMatch(u -> u.nullsNotDistinct())));
        features.put("deferrable unique", c -> tables(c).anyMatch(t -> t.uniqueConstraints().stream().anyMatch(u -> u.deferrability() != Deferrability.NOT_DEFERRABLE)));
        features.put("self-referencing foreign key", c -> schemas(c).anyMatch(s -> s.tables().stream().anyMatch(t -> t.foreignKeys().stream()
                .anyMatch(f -> f.target().schema().equals(s.name()) && f.target().name().equals(t.name())))));
        features.put("cross-schema foreign key", c -> schemas(c).anyMatch(s -> s.tables().stream().anyMatch(t -> t.foreignKeys().stream()
                .anyMatch(f -> !f.target().schema().equals(s.name())))));
        features.put("composite foreign key", c -> tables(c).anyMatch(t -> t.foreignKeys().stream().anyMatch(f -> f.columns().size() > 1)));
        features.put("check", c -> tables(c).anyMatch(t -> !t.checks().isEmpty()));
        features.put("expression index", c -> indexes(c).anyMatch(i -> i.keys().stream().anyMatch(k -> k.target() instanceof IndexKey.ExpressionTarget)));
        features.put("partial index", c -> indexes(c).anyMatch(i -> i.where().isPresent()));
        features.put("index with include", c -> indexes(c).anyMatch(i -> !i.include().isEmpty()));
        features.put("descending key", c -> indexes(c).anyMatch(i -> i.keys().stream().anyMatch(IndexKey::descending)));
        features.put("view", c -> schemas(c).anyMatch(s -> !s.views().isEmpty()));
        features.put("long name", c -> tables(c).anyMatch(t -> IdentifierPool.bytes(t.name()) == 63));
        features.put("name needing quotes", c -> tables(c).anyMatch(t -> !dev.strata.sql.Identifiers.isSafeBare(t.name())));
        features.put("index comment", c -> indexes(c).anyMatch(i -> i.comment().isPresent()));
        features.put("check comment with a quote", c -> tables(c).anyMatch(t -> t.checks().stream()
                .anyMatch(k -> k.comment().filter(x -> x.contains("'")).isPresent())));
        features.put("unique constraint comment", c -> tables(c).anyMatch(t -> t.uniqueConstraints().stream()
                .anyMatch(u -> u.comment().isPresent())));
        features.put("foreign key comment", c -> tables(c).anyMatch(t -> t.foreignKeys().stream()
                .anyMatch(f -> f.comment().isPresent())));
        features.put("primary key comment", c -> tables(c).anyMatch(t -> t.primaryKey().flatMap(PrimaryKey::comment).isPresent()));
        features.put("column comment with newline", c -> columns(c).anyMatch(col -> col.comment().filter(x -> x.contains("\n")).isPresent()));
        features.put("domain with a check", c -> objects(c, Domain.class).anyMatch(d -> !d.checks().isEmpty()));
        features.put("domain with a default and NOT NULL", c -> objects(c, Domain.class).anyMatch(d -> d.defaultValue().isPresent() && d.notNull()));
        features.put("domain column", c -> columns(c).anyMatch(col -> col.type().userTypeName().flatMap(u -> c.schema(u.schema())
                .flatMap(s -> s.object(Domain.KIND, u.name()))).isPresent()));
        features.put("composite column", c -> columns(c).anyMatch(col -> col.type().userTypeName().flatMap(u -> c.schema(u.schema())
                .flatMap(s -> s.object(CompositeType.KIND, u.name()))).isPresent()));
        features.put("sql function with a default", c -> objects(c, Routine.class).anyMatch(r -> r.language().equals("sql")
                && r.arguments().stream().anyMatch(a -> a.defaultValue().isPresent())));
        features.put("plpgsql function returning a user type", c -> objects(c, Routine.class).anyMatch(r -> r.language().equals("plpgsql")
                && r.returns().filter(t -> t.contains(".")).isPresent()));
        features.put("security definer with search_path", c -> objects(c, Routine.class).anyMatch(r -> r.securityDefiner()
                && r.settings().containsKey("search_path")));
        features.put("procedure", c -> objects(c, Routine.class).anyMatch(r -> r.routineKind() == Routine.Kind.PROCEDURE));
        features.put("row trigger with WHEN", c -> objects(c, Trigger.class).anyMatch(t -> t.forEachRow() && t.when().isPresent()));
        features.put("statement trigger", c -> objects(c, Trigger.class).anyMatch(t -> !t.forEachRow()));
        features.put("trigger with UPDATE OF", c -> objects(c, Trigger.class).anyMatch(t -> !t.updateOf().isEmpty()));
        features.put("restrictive policy to roles", c -> objects(c, Policy.class).anyMatch(p -> !p.permissive() && !p.roles().isEmpty()));
        features.put("forced row-level security", c -> tables(c).anyMatch(t -> t.rowLevelSecurity().forced()));
        features.put("unlogged table", c -> tables(c).anyMatch(Table::unlogged));
        features.put("view with security_barrier", c -> schemas(c).anyMatch(s -> s.views().stream().anyMatch(v -> v.options().securityBarrier())));
        features.put("view with a check option", c -> schemas(c).anyMatch(s -> s.views().stream()
                .anyMatch(v -> v.options().checkOption() != dev.strata.model.ViewOptions.CheckOption.NONE)));
        features.put("view with security_invoker", c -> schemas(c).anyMatch(s -> s.views().stream().anyMatch(v -> v.options().securityInvoker())));
        features.put("materialized view WITH NO DATA", c -> objects(c, dev.strata.model.MaterializedView.class).anyMatch(m -> !m.populated()));
        features.put("materialized view with a unique index", c -> objects(c, dev.strata.model.MaterializedView.class)
                .anyMatch(m -> m.indexes().stream().anyMatch(Index::unique)));
        features.put("aggregate", c -> objects(c, dev.strata.model.Aggregate.class).findAny().isPresent());
        features.put("aggregate of *", c -> objects(c, dev.strata.model.Aggregate.class).anyMatch(a -> a.arguments().isEmpty()));
        features.put("table grant with grant option", c -> objects(c, dev.strata.model.Grant.class)
                .anyMatch(g -> g.on() == dev.strata.model.Grant.On.TABLE && g.roles().values().stream().anyMatch(p -> !p.grantable().isEmpty())));
        features.put("column grant", c -> objects(c, dev.strata.model.Grant.class).anyMatch(g -> g.on() == dev.strata.model.Grant.On.COLUMN));
        features.put("grant to PUBLIC", c -> objects(c, dev.strata.model.Grant.class)
                .anyMatch(g -> g.roles().containsKey(dev.strata.model.Grant.PUBLIC)));
        features.put("range partitions", c -> tables(c).anyMatch(t -> t.partitionBy().filter(b -> b.startsWith("RANGE")).isPresent()));
        features.put("list partitions", c -> tables(c).anyMatch(t -> t.partitionBy().filter(b -> b.startsWith("LIST")).isPresent()));
        features.put("hash partitions", c -> tables(c).anyMatch(t -> t.partitionBy().filter(b -> b.startsWith("HASH")).isPresent()));
        features.put("default partition", c -> tables(c).anyMatch(t -> t.partitionOf().filter(p -> p.isDefault()).isPresent()));
        features.put("partition column override", c -> tables(c).anyMatch(t -> t.isPartition() && !t.columns().isEmpty()));
        features.put("index on a partitioned table", c -> tables(c).anyMatch(t -> t.partitioned() && !t.indexes().isEmpty()));
        features.put("primary key on a partitioned table", c -> tables(c).anyMatch(t -> t.partitioned() && t.primaryKey().isPresent()));
        features.put("default privileges", c -> objects(c, dev.strata.model.DefaultPrivileges.class).findAny().isPresent());
        String missing = features.entrySet().stream()
                .filter(e -> sample.stream().noneMatch(e.getValue()))
                .map(Map.Entry::getKey)
                .collect(Collectors.joining(", "));
        assertTrue(missing.isEmpty(), "never generated: " + missing);
    }

    private static Stream<Schema> schemas(Catalog c) {
        return c.schemas().stream();
    }

    private static <T> Stream<T> objects(Catalog c, Class<T> kind) {
        return schemas(c).flatMap(s -> s.objects().stream()).filter(kind::isInstance).map(kind::cast);
    }

    private static Stream<Table> tables(Catalog c) {
        return schemas(c).flatMap(s -> s.tables().stream());
    }

    private static Stream<Column> columns(Catalog c) {
        return tables(c).flatMap(t -> t.columns().stream());
    }

    private static Stream<Index> indexes(Catalog c) {
        return tables(c).flatMap(t -> t.indexes().stream());
    }
}
