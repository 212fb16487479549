package dev.strata.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An index that is not the implementation of a constraint (those belong to the constraint).
 *
 * @param include           {@code INCLUDE} columns
 * @param where             the partial-index predicate
 * @param storageParameters {@code WITH (...)} parameters in the order they were given, the order PostgreSQL keeps in
 *                          {@code reloptions} and prints back; {@link Map#equals} compares them as a set, as PostgreSQL
 *                          treats the definition, so two indexes that differ only in that order are the same index
 * @param comment           {@code COMMENT ON INDEX}; not part of the definition (a changed one replaces nothing)
 */
public record Index(
        String name,
        boolean unique,
        boolean nullsNotDistinct,
        String method,
        List<IndexKey> keys,
        List<String> include,
        Optional<String> where,
        Map<String, String> storageParameters,
        Optional<String> comment) {

    public Index {
        Names.requireValid(name, "index");
        keys = List.copyOf(keys);
        include = List.copyOf(include);
        storageParameters = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(storageParameters));
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("index " + name + " needs at least one key");
        }
        if (nullsNotDistinct && !unique) {
            throw new IllegalArgumentException("index " + name + ": NULLS NOT DISTINCT needs a unique index");
        }
    }

    /** Without a comment. */
    public Index(String name, boolean unique, boolean nullsNotDistinct, String method, List<IndexKey> keys,
                 List<String> include, Optional<String> where, Map<String, String> storageParameters) {
        this(name, unique, nullsNotDistinct, method, keys, include, where, storageParameters, Optional.empty());
    }

    public Index withComment(Optional<String> newComment) {
        return new Index(name, unique, nullsNotDistinct, method, keys, include, where, storageParameters, newComment);
    }

    /** Columns read by the keys that name a column directly (not those inside expressions). */
    public List<String> keyColumns() {
        return keys.stream()
                .map(IndexKey::target)
                .filter(t -> t instanceof IndexKey.ColumnTarget)
                .map(t -> ((IndexKey.ColumnTarget) t).column())
                .toList();
    }
}
