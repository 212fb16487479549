package dev.strata.ddl;

import dev.strata.model.Deferrability;
import dev.strata.model.IndexKey;
import dev.strata.model.Table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Within one {@code CREATE TABLE} (or one {@code ALTER TABLE}), PostgreSQL silently drops a primary key,
 * unique or exclusion constraint whose index would be identical to an earlier one's, keeping the primary key
 * first (parse_utilcmd.c, {@code transformIndexConstraints}, meant for {@code UNIQUE PRIMARY KEY}). Added by
 * separate statements such twins coexist, and the catalog reader reads both, so a model may hold them; the
 * DDL must then add every twin after the first by a statement of its own.
 *
 * <p>PostgreSQL compares parse trees; this compares the model's canonical text, which is what a pulled model
 * holds.
 */
final class TwinConstraints {

    private TwinConstraints() {}

    /** What PostgreSQL compares: keys, operators, method, predicate, NULLS NOT DISTINCT and deferrability. */
    private record Shape(String method, List<IndexKey> keys, List<String> operators, Optional<String> where,
            boolean nullsNotDistinct, Deferrability deferrability) {}

    /** Names of the unique and exclusion constraints PostgreSQL would merge into an earlier one of the table. */
    static Set<String> of(Table table) {
        Set<Shape> seen = new HashSet<>();
        Set<String> twins = new HashSet<>();
        table.primaryKey().ifPresent(pk -> seen.add(new Shape(method(pk.withoutOverlaps()), keys(pk.columns()), List.of(),
                Optional.empty(), false, Deferrability.NOT_DEFERRABLE)));
        table.uniqueConstraints().forEach(u -> {
            if (!seen.add(new Shape(method(u.withoutOverlaps()), keys(u.columns()), List.of(), Optional.empty(), u.nullsNotDistinct(),
                    u.deferrability()))) {
                twins.add(u.name());
            }
        });
        table.exclusions().forEach(x -> {
            List<IndexKey> keys = new ArrayList<>();
            List<String> operators = new ArrayList<>();
            x.elements().forEach(e -> {
                keys.add(e.key());
                operators.add(e.operator());
            });
            if (!seen.add(new Shape(x.method(), keys, operators, x.where(), false, x.deferrability()))) {
                twins.add(x.name());
            }
        });
        return twins;
    }

    /** A temporal key (WITHOUT OVERLAPS) is a GiST index, never the twin of a B-tree key on the same columns. */
    private static String method(boolean withoutOverlaps) {
        return withoutOverlaps ? "gist (without overlaps)" : "btree";
    }

    private static List<IndexKey> keys(List<String> columns) {
        return columns.stream().map(IndexKey::column).toList();
    }
}
