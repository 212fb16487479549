package dev.strata.catalog;

import dev.strata.model.DataType;
import dev.strata.sql.TypeNames;

import java.sql.SQLException;
import java.util.Optional;

/** Turns {@code format_type} output (printed with an empty search_path) into a {@link DataType}. */
final class TypeResolution {

    private TypeResolution() {}

    /**
     * With {@code search_path = ''} only {@code pg_catalog} types print unqualified, so a bare name
     * the parser does not know is still a built-in one.
     */
    static DataType resolve(String formatted) throws SQLException {
        TypeNames.Parsed parsed;
        try {
            parsed = TypeNames.parse(formatted);
        } catch (TypeNames.InvalidTypeName e) {
            throw new SQLException("unexpected type name from format_type: " + formatted, e);
        }
        return switch (parsed) {
            case TypeNames.Builtin b -> b.type();
            case TypeNames.Serial s -> s.integerType();
            case TypeNames.Named n -> n.schema()
                    .map(n::resolve)
                    .orElseGet(() -> new DataType(Optional.empty(), n.name(), n.modifiers(), n.array()));
        };
    }
}
