package dev.strata.catalog;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Orders views so that each comes after the views it reads; among ready views, by name. */
final class ViewOrder {

    private ViewOrder() {}

    /**
     * @param reads for each view name, the names of the views it reads (others are ignored)
     * @return every view name in dependency order; a cycle (impossible in PostgreSQL) falls back to name order
     */
    static List<String> order(Map<String, Set<String>> reads) {
        Map<String, Set<String>> pending = new HashMap<>();
        reads.forEach((view, deps) -> {
            Set<String> inside = new HashSet<>(deps);
            inside.retainAll(reads.keySet());
            inside.remove(view);
            pending.put(view, inside);
        });
        List<String> ordered = new ArrayList<>();
        TreeSet<String> remaining = new TreeSet<>(reads.keySet());
        while (!remaining.isEmpty()) {
            String next = remaining.stream()
                    .filter(v -> ordered.containsAll(pending.get(v)))
                    .findFirst()
                    .orElse(remaining.first());
            ordered.add(next);
            remaining.remove(next);
        }
        return List.copyOf(ordered);
    }
}
