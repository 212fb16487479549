package dev.strata.model;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A column type in canonical form: built-in types carry the name {@code format_type} prints
 * ({@code character varying}, {@code timestamp with time zone}) and no schema; user-defined types
 * (enums, extension types) are always schema-qualified. PostgreSQL does not enforce array
 * dimensions, so an array is just an array.
 */
public record DataType(Optional<String> schema, String name, List<Integer> modifiers, boolean array) {

    public DataType {
        schema.ifPresent(s -> Names.requireValid(s, "type schema"));
        Names.requireValid(name, "type");
        modifiers = List.copyOf(modifiers);
    }

    public static DataType builtin(String name, Integer... modifiers) {
        return new DataType(Optional.empty(), name, List.of(modifiers), false);
    }

    public static DataType userDefined(String schema, String name) {
        return new DataType(Optional.of(schema), name, List.of(), false);
    }

    public DataType asArray() {
        return new DataType(schema, name, modifiers, true);
    }

    public DataType elementType() {
        return new DataType(schema, name, modifiers, false);
    }

    public boolean isBuiltin() {
        return schema.isEmpty();
    }

    public Optional<QualifiedName> userTypeName() {
        return schema.map(s -> new QualifiedName(s, name));
    }

    /**
     * The type as {@code format_type} would print it, with a user type's names left unquoted; SQL
     * rendering quotes them through {@code dev.strata.sql.TypeNames}.
     */
    @Override
    public String toString() {
        return render(schema.map(s -> s + "." + name).orElse(name));
    }

    /** Places the modifiers the way PostgreSQL spells them around an already rendered base name. */
    public String render(String renderedBaseName) {
        String mods = modifiers.isEmpty()
                ? ""
                : modifiers.stream().map(String::valueOf).collect(Collectors.joining(",", "(", ")"));
        String base;
        if (!mods.isEmpty() && isBuiltin() && (name.startsWith("timestamp ") || name.startsWith("time "))) {
            int space = renderedBaseName.indexOf(' ');
            base = renderedBaseName.substring(0, space) + mods + renderedBaseName.substring(space);
        } else {
            base = renderedBaseName + mods;
        }
        return array ? base + "[]" : base;
    }
}
