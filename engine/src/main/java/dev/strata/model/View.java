package dev.strata.model;

import java.util.Optional;

/** A plain view; its definition is the SELECT text ({@code pg_get_viewdef} when pulled). */
public record View(String name, String definition, Optional<String> comment, ViewOptions options) {

    public View {
        Names.requireValid(name, "view");
    }

    /** A view without options. */
    public View(String name, String definition, Optional<String> comment) {
        this(name, definition, comment, ViewOptions.NONE);
    }

    public View withOptions(ViewOptions newOptions) {
        return new View(name, definition, comment, newOptions);
    }

    /** A record's text, without {@code options} while there are none: saved plans' catalog fingerprints hash it. */
    @Override
    public String toString() {
        return "View[name=" + name + ", definition=" + definition + ", comment=" + comment
                + (options.isNone() ? "" : ", options=" + options) + "]";
    }
}
