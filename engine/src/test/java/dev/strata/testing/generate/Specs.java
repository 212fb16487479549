package dev.strata.testing.generate;

import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;

import java.util.List;
import java.util.Optional;

/**
 * The random choices behind a generated catalog, as plain values. References to other parts ("the third
 * column", "some table") are non-negative picks that {@link CatalogBuilder} resolves modulo what exists, so
 * every combination builds a valid catalog and jqwik can shrink each choice on its own.
 */
final class Specs {

    private Specs() {}

    record CatalogSpec(List<SchemaSpec> schemas) {}

    record SchemaSpec(
            String name, List<EnumSpec> enums, List<TableSpec> tables, List<SequenceSpec> sequences, List<ViewSpec> views,
            KindsSpec kinds) {}

    /** The objects managed as a whole: each list is short and often empty, so most schemas stay small. */
    record KindsSpec(List<DomainSpec> domains, List<CompositeSpec> composites, List<RoutineSpec> routines,
                     List<TriggerSpec> triggers, List<PolicySpec> policies, MoreKinds more) {
        static final KindsSpec NONE = new KindsSpec(List.of(), List.of(), List.of(), List.of(), List.of(), MoreKinds.NONE);
    }

    /** The kinds that did not fit into {@link KindsSpec}'s combinator: materialized views, aggregates, grants. */
    record MoreKinds(List<MatViewSpec> matViews, List<AggregateSpec> aggregates, Optional<GrantsSpec> grants) {
        static final MoreKinds NONE = new MoreKinds(List.of(), List.of(), Optional.empty());
    }

    /**
     * A materialized view over a table of its schema (the columns picked, optionally only rows where one is not null),
     * {@code WITH NO DATA} unless {@code populated}, with an index on one of its columns when {@code index} is drawn.
     */
    record MatViewSpec(String name, int tablePick, List<Integer> columnPicks, Optional<Integer> notNullPick,
                       boolean populated, Optional<MatViewIndexSpec> index, Optional<String> comment) {}

    record MatViewIndexSpec(String name, int columnPick, boolean unique) {}

    /** An aggregate over a SQL state function made for it; {@code shape} picks the pair, {@code parallelPick} PARALLEL. */
    record AggregateSpec(String name, int shape, int parallelPick, Optional<String> comment) {}

    /**
     * The catalog manages grants ({@code manage: { grants: true }}): privileges on objects of the schema for the test
     * servers' fixed roles, and default privileges of one of those roles in the schema.
     */
    record GrantsSpec(List<GrantSpec> grants, Optional<DefaultPrivilegesSpec> defaults) {}

    /** {@code objectPick} picks the object (table, column, view, sequence, routine, type, schema), the rest the bits. */
    record GrantSpec(int objectPick, int rolePick, int privilegesPick, boolean grantable) {}

    record DefaultPrivilegesSpec(int rolePick, List<GrantSpec> grants) {}

    record DomainSpec(String name, int basePick, Optional<Integer> defaultPick, boolean notNull, List<NamedPick> checks,
                      Optional<String> comment) {}

    /** A name and a pick: a domain's check (name, template) or a composite type's attribute (name, type). */
    record NamedPick(String name, int pick) {}

    record CompositeSpec(String name, List<NamedPick> attributes, Optional<String> comment) {}

    /** A function or a procedure; {@code shape} picks language and body, {@code flags} volatility, STRICT, SECURITY DEFINER. */
    record RoutineSpec(String name, boolean procedure, int resultPick, int shape, List<ArgumentSpec> arguments, int flags,
                       Optional<Integer> searchPathPick, Optional<String> comment) {}

    record ArgumentSpec(Optional<String> name, int typePick, boolean withDefault) {}

    /** A trigger on a table of its schema calling the schema's generated trigger function. */
    record TriggerSpec(String name, int tablePick, boolean before, int eventsPick, Optional<List<Integer>> updateOfPicks,
                       boolean forEachRow, Optional<Integer> whenPick, Optional<String> comment) {}

    /** A policy on a table of its schema, whose row-level security {@code rlsPick} switches. */
    record PolicySpec(String name, int tablePick, int commandPick, boolean restrictive, int rolesPick,
                      Optional<Integer> expressionPick, int rlsPick, Optional<String> comment) {}

    record EnumSpec(String name, List<String> labels, Optional<String> comment) {}

    record SequenceSpec(String name, int typePick, int optionsPick, Optional<String> comment) {}

    /** {@code optionsPick}: none most of the time, else {@code security_barrier}, {@code check_option}, {@code security_invoker}. */
    record ViewSpec(String name, int tablePick, List<Integer> columnPicks, Optional<Integer> notNullPick, Optional<String> comment,
                    int optionsPick) {}

    record TableSpec(
            String name,
            List<ColumnSpec> columns,
            Optional<List<Integer>> primaryKey,
            List<UniqueSpec> uniques,
            List<ForeignKeySpec> foreignKeys,
            List<CheckSpec> checks,
            List<IndexSpec> indexes,
            Extras extras) {}

    /** What did not fit into {@link TableSpec}'s eight combinator slots. */
    record Extras(Optional<String> comment, Optional<String> renamedFrom, Optional<String> primaryKeyComment, boolean unlogged,
                  Optional<PartitionSpec> partition) {}

    /**
     * The table is partitioned: {@code strategyPick} picks RANGE (date or integer), LIST (text or integer) or HASH
     * (modulus 2..4) over a key column of its own, {@code count} partitions (1..3) with non-overlapping bounds, a DEFAULT
     * partition when {@code withDefault} (not for HASH), and a column override (a default or NOT NULL) on the first
     * partition when {@code overridePick} is present.
     */
    record PartitionSpec(int strategyPick, int count, boolean withDefault, Optional<Integer> overridePick) {}

    enum Feature { NONE, DEFAULT, IDENTITY, GENERATED, SERIAL }

    record ColumnSpec(String name, int typePick, boolean nullable, Feature feature, int featurePick, Optional<String> comment, ColumnHints hints) {}

    record ColumnHints(Optional<String> renamedFrom, boolean using, boolean backfill) {}

    record UniqueSpec(String name, List<Integer> columnPicks, boolean nullsNotDistinct, Deferrability deferrability,
                      Optional<String> comment) {}

    record ForeignKeySpec(
            String name,
            int targetPick,
            int keyPick,
            boolean nullable,
            ForeignKey.Action onDelete,
            ForeignKey.Action onUpdate,
            ForeignKey.Match match,
            Deferrability deferrability,
            boolean notValid,
            Optional<String> comment) {

        ForeignKeySpec withComment(Optional<String> newComment) {
            return new ForeignKeySpec(name, targetPick, keyPick, nullable, onDelete, onUpdate, match, deferrability, notValid,
                    newComment);
        }
    }

    record CheckSpec(String name, int columnPick, int templatePick, boolean noInherit, boolean notValid,
                     Optional<String> comment) {}

    record IndexSpec(String name, List<KeySpec> keys, List<Integer> includePicks, Optional<Integer> wherePick, boolean unique, boolean nullsNotDistinct,
                     Optional<String> comment) {}

    record KeySpec(int columnPick, boolean expression, boolean descending, boolean nullsFirst) {}
}
