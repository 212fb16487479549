package dev.strata.testing.generate;

import dev.strata.model.Catalog;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.Table;
import dev.strata.testing.generate.Specs.CatalogSpec;
import dev.strata.testing.generate.Specs.CheckSpec;
import dev.strata.testing.generate.Specs.ColumnHints;
import dev.strata.testing.generate.Specs.ColumnSpec;
import dev.strata.testing.generate.Specs.EnumSpec;
import dev.strata.testing.generate.Specs.Extras;
import dev.strata.testing.generate.Specs.Feature;
import dev.strata.testing.generate.Specs.ForeignKeySpec;
import dev.strata.testing.generate.Specs.IndexSpec;
import dev.strata.testing.generate.Specs.KeySpec;
import dev.strata.testing.generate.Specs.SchemaSpec;
import dev.strata.testing.generate.Specs.SequenceSpec;
import dev.strata.testing.generate.Specs.TableSpec;
import dev.strata.testing.generate.Specs.UniqueSpec;
import dev.strata.testing.generate.Specs.ViewSpec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.List;
import java.util.Optional;

/**
 * jqwik generators of valid schemas in the model's canonical form, so that a generated catalog equals what the
 * catalog reader pulls after the catalog was created in a real database.
 *
 * <p>Generation draws plain values (names, picks, flags) and {@link CatalogBuilder} assembles them; there is no
 * filtering, and every drawn value shrinks on its own (names toward plain ones, features toward none, picks
 * toward the first candidate).
 */
public final class Schemas {

    private Schemas() {}

    /** Catalogs of 1–2 schemas with 1–6 tables each, without planner hints, canonical for the given major. */
    public static Arbitrary<Catalog> catalogs(int major) {
        return catalogs(new GeneratorOptions(major, false));
    }

    /** Catalogs with planner hints on some tables and columns (for YAML, which alone carries hints). */
    public static Arbitrary<Catalog> catalogsWithHints() {
        return catalogs(new GeneratorOptions(18, true));
    }

    public static Arbitrary<Catalog> catalogs(GeneratorOptions options) {
        return Combinators.combine(schemaSpecs(6).list().ofMinSize(1).ofMaxSize(2), extensions())
                .as((schemas, extensions) -> withExtensions(CatalogBuilder.build(new CatalogSpec(schemas), options), extensions));
    }

    /**
     * Extensions that exist on every supported major with these versions, and that create no relation or type whose
     * name a generated table could take: installed in the first schema (an extension exists once per database).
     */
    private static Arbitrary<List<dev.strata.model.SchemaObject>> extensions() {
        var btreeGin = Arbitraries.of("1.3", "1.0", "1.2").map(v -> new dev.strata.model.Extension("btree_gin", java.util.Optional.of(v)));
        var fuzzy = Arbitraries.just(new dev.strata.model.Extension("fuzzystrmatch", java.util.Optional.of("1.1")));
        return Combinators.combine(rarely(), btreeGin, rarely(), fuzzy).as((withGin, gin, withFuzzy, fuzz) -> {
            List<dev.strata.model.SchemaObject> chosen = new java.util.ArrayList<>();
            if (withGin) {
                chosen.add(gin);
            }
            if (withFuzzy) {
                chosen.add(fuzz);
            }
            return List.copyOf(chosen);
        });
    }

    private static Catalog withExtensions(Catalog catalog, List<dev.strata.model.SchemaObject> extensions) {
        if (extensions.isEmpty()) {
            return catalog;
        }
        var first = catalog.schemas().getFirst();
        var schemas = new java.util.ArrayList<>(catalog.schemas());
        List<dev.strata.model.SchemaObject> objects = new java.util.ArrayList<>(first.objects());
        objects.addAll(extensions);
        schemas.set(0, first.withObjects(objects));
        return new Catalog(schemas);
    }

    /**
     * Single tables of schema {@code public} using built-in types only; foreign keys, if any, reference the
     * table itself. The sequence behind a serial-style column is not part of a table, so it is not generated.
     */
    public static Arbitrary<Table> tables(GeneratorOptions options) {
        return schemaSpecs(1)
                .map(s -> new SchemaSpec("public", List.of(), s.tables(), List.of(), List.of(), Specs.KindsSpec.NONE))
                .map(schema -> CatalogBuilder.build(new CatalogSpec(List.of(schema)), options))
                .map(catalog -> catalog.schemas().get(0).tables().stream().filter(t -> !t.isPartition()).findFirst().orElseThrow());
    }

    public static Arbitrary<DataType> builtinTypes() {
        return Arbitraries.of(ColumnTypes.BUILTINS);
    }

    private static Arbitrary<Integer> picks() {
        return Arbitraries.integers().between(0, 9_999);
    }

    private static Arbitrary<Boolean> rarely() {
        return Arbitraries.frequency(Tuple.of(4, false), Tuple.of(1, true));
    }

    private static Arbitrary<Deferrability> deferrability() {
        return Arbitraries.frequency(
                Tuple.of(6, Deferrability.NOT_DEFERRABLE),
                Tuple.of(1, Deferrability.DEFERRABLE_INITIALLY_IMMEDIATE),
                Tuple.of(1, Deferrability.DEFERRABLE_INITIALLY_DEFERRED));
    }

    private static Arbitrary<SchemaSpec> schemaSpecs(int maxTables) {
        Arbitrary<EnumSpec> enums = Combinators.combine(
                        IdentifierPool.objectNames(),
                        IdentifierPool.enumLabels().list().ofMinSize(1).ofMaxSize(4),
                        IdentifierPool.comments().optional(0.3))
                .as(EnumSpec::new);
        Arbitrary<SequenceSpec> sequences = Combinators.combine(
                        IdentifierPool.objectNames(), picks(), picks(), IdentifierPool.comments().optional(0.3))
                .as(SequenceSpec::new);
        Arbitrary<ViewSpec> views = Combinators.combine(
                        IdentifierPool.objectNames(),
                        picks(),
                        picks().list().ofMinSize(1).ofMaxSize(3),
                        picks().optional(0.3),
                        IdentifierPool.comments().optional(0.3),
                        picks())
                .as(ViewSpec::new);
        return Combinators.combine(
                        IdentifierPool.schemaNames(),
                        enums.list().ofMaxSize(2),
                        tableSpecs().list().ofMinSize(1).ofMaxSize(maxTables),
                        sequences.list().ofMaxSize(2),
                        views.list().ofMaxSize(2),
                        kindsSpecs())
                .as(SchemaSpec::new);
    }

    /**
     * Domains, composite types, routines, triggers and policies: each list holds at most one or two and is empty most
     * of the time, so a schema stays small while the kinds, together, appear in about half of the tries.
     */
    private static Arbitrary<Specs.KindsSpec> kindsSpecs() {
        Arbitrary<Specs.NamedPick> namedPicks = Combinators.combine(IdentifierPool.objectNames(), picks()).as(Specs.NamedPick::new);
        Arbitrary<Specs.NamedPick> attributes = Combinators.combine(IdentifierPool.columnNames(), picks()).as(Specs.NamedPick::new);
        Arbitrary<Specs.DomainSpec> domains = Combinators.combine(IdentifierPool.objectNames(), picks(), picks().optional(0.4),
                        rarely(), namedPicks.list().ofMaxSize(2), IdentifierPool.comments().optional(0.2))
                .as(Specs.DomainSpec::new);
        Arbitrary<Specs.CompositeSpec> composites = Combinators.combine(IdentifierPool.objectNames(),
                        attributes.list().ofMinSize(1).ofMaxSize(3), IdentifierPool.comments().optional(0.2))
                .as(Specs.CompositeSpec::new);
        Arbitrary<Specs.ArgumentSpec> arguments = Combinators.combine(IdentifierPool.columnNames().optional(0.8), picks(),
                        rarely())
                .as(Specs.ArgumentSpec::new);
        Arbitrary<Specs.RoutineSpec> routines = Combinators.combine(IdentifierPool.objectNames(), rarely(), picks(), picks(),
                        arguments.list().ofMaxSize(3), picks(), picks().optional(0.3), IdentifierPool.comments().optional(0.2))
                .as(Specs.RoutineSpec::new);
        Arbitrary<Specs.TriggerSpec> triggers = Combinators.combine(IdentifierPool.objectNames(), picks(),
                        Arbitraries.of(true, false), picks(), picks().list().ofMinSize(1).ofMaxSize(2).optional(0.3),
                        Arbitraries.of(true, false), picks().optional(0.4), IdentifierPool.comments().optional(0.2))
                .as(Specs.TriggerSpec::new);
        Arbitrary<Specs.PolicySpec> policies = Combinators.combine(IdentifierPool.objectNames(), picks(), picks(), rarely(),
                        picks(), picks().optional(0.7), picks(), IdentifierPool.comments().optional(0.2))
                .as(Specs.PolicySpec::new);
        return Combinators.combine(
                        domains.list().ofMaxSize(2).optional(0.3).map(o -> o.orElse(List.of())),
                        composites.list().ofMaxSize(1).optional(0.3).map(o -> o.orElse(List.of())),
                        routines.list().ofMaxSize(2).optional(0.3).map(o -> o.orElse(List.of())),
                        triggers.list().ofMaxSize(2).optional(0.3).map(o -> o.orElse(List.of())),
                        policies.list().ofMaxSize(2).optional(0.3).map(o -> o.orElse(List.of())),
                        moreKinds())
                .as(Specs.KindsSpec::new);
    }

    /** Materialized views, aggregates and grants: like the other kinds, each is absent most of the time. */
    private static Arbitrary<Specs.MoreKinds> moreKinds() {
        Arbitrary<Specs.MatViewIndexSpec> matViewIndexes = Combinators.combine(IdentifierPool.objectNames(), picks(), rarely())
                .as(Specs.MatViewIndexSpec::new);
        Arbitrary<Specs.MatViewSpec> matViews = Combinators.combine(IdentifierPool.objectNames(), picks(),
                        picks().list().ofMinSize(1).ofMaxSize(3), picks().optional(0.3),
                        Arbitraries.frequency(Tuple.of(3, true), Tuple.of(1, false)), matViewIndexes.optional(0.6),
                        IdentifierPool.comments().optional(0.2))
                .as(Specs.MatViewSpec::new);
        Arbitrary<Specs.AggregateSpec> aggregates = Combinators.combine(IdentifierPool.objectNames(), picks(), picks(),
                        IdentifierPool.comments().optional(0.2))
                .as(Specs.AggregateSpec::new);
        Arbitrary<Specs.GrantSpec> grant = Combinators.combine(picks(), picks(), picks(), rarely()).as(Specs.GrantSpec::new);
        Arbitrary<Specs.DefaultPrivilegesSpec> defaults = Combinators.combine(picks(), grant.list().ofMinSize(1).ofMaxSize(3))
                .as(Specs.DefaultPrivilegesSpec::new);
        Arbitrary<Specs.GrantsSpec> grants = Combinators.combine(grant.list().ofMaxSize(4), defaults.optional(0.4))
                .as(Specs.GrantsSpec::new);
        return Combinators.combine(
                        matViews.list().ofMaxSize(2).optional(0.25).map(o -> o.orElse(List.of())),
                        aggregates.list().ofMaxSize(2).optional(0.2).map(o -> o.orElse(List.of())),
                        grants.optional(0.2))
                .as(Specs.MoreKinds::new);
    }

    /**
     * Whether a generated catalog manages grants (as {@code manage: { grants: true }} says for a project): it then
     * holds grants or default privileges, and a pull must read them ({@code CatalogReader.read} with nothing skipped).
     */
    public static boolean managesGrants(Catalog catalog) {
        return catalog.schemas().stream().flatMap(s -> s.objects().stream())
                .anyMatch(o -> dev.strata.model.Grant.OPT_IN_KINDS.contains(o.kind()));
    }

    /** The kinds a pull of {@code catalog} skips: the opt-in ones unless the catalog manages grants. */
    public static java.util.Set<String> skippedKinds(Catalog catalog) {
        return managesGrants(catalog) ? java.util.Set.of() : dev.strata.model.Grant.OPT_IN_KINDS;
    }

    private static Arbitrary<TableSpec> tableSpecs() {
        Arbitrary<UniqueSpec> uniques = Combinators.combine(
                        IdentifierPool.objectNames(), picks().list().ofMinSize(1).ofMaxSize(2), rarely(), deferrability(),
                        IdentifierPool.comments().optional(0.2))
                .as(UniqueSpec::new);
        // NOT VALID is legal whatever the rows, so it is drawn freely (jqwik combines at most eight, hence the pair).
        Arbitrary<ForeignKeySpec> foreignKeys = Combinators.combine(
                        Combinators.combine(IdentifierPool.objectNames(), rarely()).as(Tuple::of),
                        picks(),
                        picks(),
                        Arbitraries.of(true, false),
                        Arbitraries.of(ForeignKey.Action.class),
                        Arbitraries.of(ForeignKey.Action.class),
                        Arbitraries.of(ForeignKey.Match.class),
                        deferrability())
                .as((named, target, key, nullable, onDelete, onUpdate, match, deferrable) -> new ForeignKeySpec(named.get1(),
                        target, key, nullable, onDelete, onUpdate, match, deferrable, named.get2(), Optional.empty()));
        // Eight is the most Combinators.combine takes: the comment comes in a second combination.
        foreignKeys = Combinators.combine(foreignKeys, IdentifierPool.comments().optional(0.2)).as(ForeignKeySpec::withComment);
        Arbitrary<CheckSpec> checks = Combinators.combine(IdentifierPool.objectNames(), picks(), picks(), rarely(), rarely(),
                        IdentifierPool.comments().optional(0.2))
                .as(CheckSpec::new);
        Arbitrary<KeySpec> keys = Combinators.combine(picks(), rarely(), rarely(), rarely()).as(KeySpec::new);
        Arbitrary<IndexSpec> indexes = Combinators.combine(
                        IdentifierPool.objectNames(),
                        keys.list().ofMinSize(1).ofMaxSize(3),
                        picks().list().ofMaxSize(1),
                        picks().optional(0.3),
                        rarely(),
                        rarely(),
                        IdentifierPool.comments().optional(0.2))
                .as(IndexSpec::new);
        Arbitrary<Extras> extras = Combinators.combine(
                        IdentifierPool.comments().optional(0.3), IdentifierPool.objectNames().optional(0.2),
                        IdentifierPool.comments().optional(0.2),
                        rarely(),
                        partitionSpecs().optional(0.15))
                .as(Extras::new);
        return Combinators.combine(
                        IdentifierPool.objectNames(),
                        columnSpecs().list().ofMinSize(1).ofMaxSize(6),
                        picks().list().ofMinSize(1).ofMaxSize(2).optional(0.8),
                        uniques.list().ofMaxSize(2),
                        foreignKeys.list().ofMaxSize(2),
                        checks.list().ofMaxSize(2),
                        indexes.list().ofMaxSize(2),
                        extras)
                .as(TableSpec::new);
    }

    private static Arbitrary<Specs.PartitionSpec> partitionSpecs() {
        return Combinators.combine(picks(), Arbitraries.integers().between(1, 3), Arbitraries.of(false, true),
                        picks().optional(0.4))
                .as(Specs.PartitionSpec::new);
    }

    private static Arbitrary<ColumnSpec> columnSpecs() {
        Arbitrary<Feature> features = Arbitraries.frequency(
                Tuple.of(5, Feature.NONE),
                Tuple.of(3, Feature.DEFAULT),
                Tuple.of(1, Feature.IDENTITY),
                Tuple.of(1, Feature.GENERATED),
                Tuple.of(1, Feature.SERIAL));
        Arbitrary<ColumnHints> hints = Combinators.combine(
                        IdentifierPool.columnNames().optional(0.2), rarely(), rarely())
                .as(ColumnHints::new);
        return Combinators.combine(
                        IdentifierPool.columnNames(),
                        picks(),
                        Arbitraries.of(true, false),
                        features,
                        picks(),
                        IdentifierPool.comments().optional(0.2),
                        hints)
                .as(ColumnSpec::new);
    }
}
