package dev.strata.cli;

import dev.strata.model.Catalog;
import dev.strata.model.Schema;

import java.util.function.ToIntFunction;

/** "2 schemas, 5 tables, 1 enum, 0 sequences, 1 view, 2 extensions": what a catalog holds, for one line of output. */
final class CatalogSummary {

    private CatalogSummary() {}

    static String of(Catalog catalog) {
        var parts = new java.util.ArrayList<>(java.util.List.of(
                count(catalog.schemas().size(), "schema"),
                count(sum(catalog, s -> s.tables().size()), "table"),
                count(sum(catalog, s -> s.enums().size()), "enum"),
                count(sum(catalog, s -> s.sequences().size()), "sequence"),
                count(sum(catalog, s -> s.views().size()), "view")));
        // Kinds managed as a whole are named only when there are some, so the line stays short for a plain schema.
        var kinds = new java.util.TreeMap<String, Integer>();
        catalog.schemas().forEach(s -> s.objects().forEach(o -> kinds.merge(o.kind(), 1, Integer::sum)));
        kinds.forEach((kind, n) -> parts.add(count(n, kind)));
        return String.join(", ", parts);
    }

    private static int sum(Catalog catalog, ToIntFunction<Schema> size) {
        return catalog.schemas().stream().mapToInt(size).sum();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
