package dev.strata.testing.generate;

import dev.strata.model.DataType;

import java.util.List;

/** The built-in column types the generators use, in canonical ({@code format_type}) form. */
public final class ColumnTypes {

    /** Plain integer types come first so that shrinking lands on them. */
    public static final List<DataType> BUILTINS = List.of(
            DataType.builtin("integer"),
            DataType.builtin("text"),
            DataType.builtin("bigint"),
            DataType.builtin("smallint"),
            DataType.builtin("character varying", 40),
            DataType.builtin("numeric", 12, 2),
            DataType.builtin("boolean"),
            DataType.builtin("timestamp with time zone"),
            DataType.builtin("timestamp without time zone", 3),
            DataType.builtin("date"),
            DataType.builtin("uuid"),
            DataType.builtin("jsonb"),
            DataType.builtin("bytea"),
            DataType.builtin("text").asArray(),
            DataType.builtin("double precision"));

    private ColumnTypes() {}

    /** smallint, integer or bigint: what identities and sequences may be. */
    public static boolean isSequenceType(DataType type) {
        return type.isBuiltin() && !type.array() && type.modifiers().isEmpty()
                && (type.name().equals("smallint") || type.name().equals("integer") || type.name().equals("bigint"));
    }
}
