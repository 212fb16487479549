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
            String name, List<EnumSpec> enums, List<TableSpec> tables, List<SequenceSpec> sequences, List<ViewSpec> views) {}

    record EnumSpec(String name, List<String> labels, Optional<String> comment) {}

    record SequenceSpec(String name, int typePick, int optionsPick, Optional<String> comment) {}

    record ViewSpec(String name, int tablePick, List<Integer> columnPicks, Optional<Integer> notNullPick, Optional<String> comment) {}

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
    record Extras(Optional<String> comment, Optional<String> renamedFrom, Optional<String> primaryKeyComment) {}

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
