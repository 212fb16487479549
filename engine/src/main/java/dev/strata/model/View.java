package dev.strata.model;

import java.util.Optional;

/** A plain view; its definition is the SELECT text ({@code pg_get_viewdef} when pulled). */
public record View(String name, String definition, Optional<String> comment) {

    public View {
        Names.requireValid(name, "view");
    }
}
