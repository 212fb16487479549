package dev.strata.model;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Names the live database already uses beyond what the model holds, so that names Strata invents for its
 * temporary objects avoid them: every relation and type name per schema (unmanaged ones included), every
 * function name per schema, and every constraint and trigger name per table (PostgreSQL 18's named NOT NULL
 * constraints included). Whatever holds a name, it is the user's: Strata never takes one over.
 */
public record TakenNames(
        Map<String, SortedSet<String>> relations,
        Map<String, SortedSet<String>> functions,
        Map<QualifiedName, SortedSet<String>> constraints,
        Map<QualifiedName, SortedSet<String>> triggers) {

    public TakenNames {
        relations = copy(relations);
        functions = copy(functions);
        constraints = copy(constraints);
        triggers = copy(triggers);
    }

    /** Nothing known beyond the model (offline plans). */
    public static TakenNames none() {
        return new TakenNames(Map.of(), Map.of(), Map.of(), Map.of());
    }

    public Set<String> relations(String schema) {
        return relations.getOrDefault(schema, Collections.emptySortedSet());
    }

    public Set<String> functions(String schema) {
        return functions.getOrDefault(schema, Collections.emptySortedSet());
    }

    public Set<String> constraints(QualifiedName table) {
        return constraints.getOrDefault(table, Collections.emptySortedSet());
    }

    public Set<String> triggers(QualifiedName table) {
        return triggers.getOrDefault(table, Collections.emptySortedSet());
    }

    private static <K extends Comparable<K>> Map<K, SortedSet<String>> copy(Map<K, SortedSet<String>> names) {
        Map<K, SortedSet<String>> sorted = new TreeMap<>();
        names.forEach((k, v) -> sorted.put(k, Collections.unmodifiableSortedSet(new TreeSet<>(v))));
        return Collections.unmodifiableMap(sorted);
    }
}
