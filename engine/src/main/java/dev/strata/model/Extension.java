package dev.strata.model;

import java.util.Optional;

/**
 * An extension installed in the schema it belongs to ({@code CREATE EXTENSION … WITH SCHEMA}). The objects it owns are
 * the extension's, not the project's: they stay out of the model. Without a declared version, whatever version is
 * installed satisfies the declaration, and a new one gets the extension's default version. Its comment is the
 * extension author's ({@code CREATE EXTENSION} sets it from the control file), so it is not part of the declaration.
 */
public record Extension(String name, Optional<String> version) implements SchemaObject {

    public static final String KIND = "extension";

    public Extension {
        Names.requireValid(name, "extension");
        version.ifPresent(v -> Names.requireValid(v, "extension version"));
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String key() {
        return name;
    }

    @Override
    public boolean satisfiedBy(SchemaObject current, java.util.function.BiPredicate<String, String> sameExpression) {
        return current instanceof Extension e && e.name.equals(name) && (version.isEmpty() || version.equals(e.version));
    }
}
