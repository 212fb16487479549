package dev.strata.roundtrip;

import dev.strata.model.Catalog;

/**
 * Every fresh database already has an empty {@code public} schema, so a pulled catalog may show {@code public}
 * although the generated model never mentioned it, and a model whose {@code public} holds nothing has nothing to
 * create there. An empty {@code public} therefore carries no information; dropping it on both sides lets the
 * properties compare what the schemas actually hold.
 */
final class FreshPublicSchema {

    private FreshPublicSchema() {}

    static Catalog withoutEmptyPublic(Catalog catalog) {
        return new Catalog(catalog.schemas().stream()
                .filter(s -> !(s.name().equals("public") && s.isEmpty()))
                .toList());
    }
}
