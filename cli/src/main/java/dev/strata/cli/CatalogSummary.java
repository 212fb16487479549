package dev.strata.cli;

import dev.strata.model.Catalog;
import dev.strata.model.Schema;

import java.util.function.ToIntFunction;

/** "2 schemas, 5 tables, 1 enum, 0 sequences, 1 view": what a catalog holds, for one line of output. */
final class CatalogSummary {

    private CatalogSummary() {}

    static String of(Catalog catalog) {
        return String.join(", ",
                count(catalog.schemas().size(), "schema"),
                count(sum(catalog, s -> s.tables().size()), "table"),
                count(sum(catalog, s -> s.enums().size()), "enum"),
                count(sum(catalog, s -> s.sequences().size()), "sequence"),
                count(sum(catalog, s -> s.views().size()), "view"));
    }

    private static int sum(Catalog catalog, ToIntFunction<Schema> size) {
        return catalog.schemas().stream().mapToInt(size).sum();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
