package dev.strata.testing.generate;

import dev.strata.model.DataType;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;
import dev.strata.sql.TypeNames;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * SQL expression templates written exactly as the catalog reader stores what PostgreSQL prints back with
 * {@code search_path = ''}: defaults as {@code pg_get_expr}; checks, generation expressions, partial-index
 * predicates and index key expressions as PostgreSQL prints them but without the one pair of parentheses that
 * wraps the whole expression (the model's convention: the DDL writer puts them back where the grammar needs
 * them); views as {@code pg_get_viewdef(oid, true)} trimmed of surrounding whitespace and the final semicolon.
 * Generated models compare with pulled ones by {@code equals}, so any drift here breaks the round trip;
 * {@code CanonicalExpressionsTest} pins every template against what the catalog reader reads from real servers.
 */
public final class CanonicalSql {

    private CanonicalSql() {}

    /** Column defaults a column of this type may have; empty when the type has none here. */
    public static List<String> defaults(DataType type) {
        if (!type.isBuiltin()) {
            return List.of();
        }
        if (type.array()) {
            return type.name().equals("text") ? List.of("'{}'::text[]", "'{a,b}'::text[]") : List.of();
        }
        return switch (type.name()) {
            case "integer", "bigint" -> List.of("0", "42");
            case "smallint" -> List.of("7");
            case "numeric" -> List.of("0");
            case "double precision" -> List.of("1.5");
            case "text" -> List.of("'abc'::text", "''::text", "'it''s ☕'::text");
            case "character varying" -> List.of("'x'::character varying");
            case "boolean" -> List.of("true", "false");
            case "timestamp with time zone" -> List.of("now()", "CURRENT_TIMESTAMP");
            case "timestamp without time zone" -> List.of("CURRENT_TIMESTAMP");
            case "date" -> List.of("'2000-01-01'::date", "CURRENT_DATE");
            case "uuid" -> List.of("gen_random_uuid()");
            case "jsonb" -> List.of("'{}'::jsonb");
            case "bytea" -> List.of("'\\x00'::bytea");
            default -> List.of();
        };
    }

    /** A default of an enum column: one of its labels. */
    public static String enumDefault(DataType enumType, String label) {
        return Literals.quote(label) + "::" + TypeNames.sql(enumType);
    }

    /** {@code nextval('schema.sequence'::regclass)}, the default a serial-style column gets. */
    public static String nextval(String schema, String sequence) {
        return "nextval(" + Literals.quote(Identifiers.qualified(schema, sequence)) + "::regclass)";
    }

    /** Check expressions over one column of this type (the last one applies to every type). */
    public static List<String> checks(String column, DataType type) {
        String c = Identifiers.quote(column);
        String notNull = c + " IS NOT NULL";
        if (!type.isBuiltin() || type.array()) {
            return List.of(notNull);
        }
        return switch (type.name()) {
            case "integer", "bigint", "smallint" -> List.of(c + " > 0", "(" + c + " >= 0) AND (" + c + " <= 100)", notNull);
            case "numeric" -> List.of(c + " >= (0)::numeric", notNull);
            case "double precision" -> List.of(c + " > (0)::double precision", notNull);
            case "text" -> List.of("length(" + c + ") > 0", c + " <> ''::text", notNull);
            case "character varying" -> List.of("length((" + c + ")::text) > 0", notNull);
            case "date" -> List.of(c + " > '2000-01-01'::date", notNull);
            case "jsonb" -> List.of("jsonb_typeof(" + c + ") = 'object'::text", notNull);
            default -> List.of(notNull);
        };
    }

    /**
     * Checks of a domain over {@code base}, as {@code pg_get_expr} prints a domain constraint: on {@code VALUE}, with
     * the parentheses around the whole expression (the catalog reader keeps them for domains).
     */
    public static List<String> domainChecks(DataType base) {
        return switch (base.name()) {
            case "integer", "bigint" -> List.of("(VALUE > 0)", "((VALUE >= 0) AND (VALUE <= 1000000))");
            case "numeric" -> List.of("(VALUE >= (0)::numeric)");
            case "text" -> List.of("(length(VALUE) > 0)", "(VALUE <> 'it''s'::text)");
            case "character varying" -> List.of("(length((VALUE)::text) > 0)");
            case "date" -> List.of("(VALUE > '2000-01-01'::date)");
            default -> List.of("(VALUE IS NOT NULL)");
        };
    }

    /** A stored generation expression over a plain column of the same type, if this type has one here. */
    public static Optional<String> generated(String source, DataType type) {
        String c = Identifiers.quote(source);
        if (!type.isBuiltin() || type.array()) {
            return Optional.empty();
        }
        return switch (type.name()) {
            case "integer", "bigint" -> Optional.of(c + " * 2");
            case "numeric" -> Optional.of(c + " * (2)::numeric");
            case "text" -> Optional.of("lower(" + c + ")");
            default -> Optional.empty();
        };
    }

    /** An index key expression over a column of this type, if this type has one here. */
    public static Optional<String> indexExpression(String column, DataType type) {
        String c = Identifiers.quote(column);
        if (!type.isBuiltin() || type.array()) {
            return Optional.empty();
        }
        return switch (type.name()) {
            case "text" -> Optional.of("lower(" + c + ")");
            case "integer" -> Optional.of(c + " + 1");
            default -> Optional.empty();
        };
    }

    /** Partial-index predicates over a column of this type (the first applies to every type). */
    public static List<String> predicates(String column, DataType type) {
        String c = Identifiers.quote(column);
        String notNull = c + " IS NOT NULL";
        if (type.isBuiltin() && !type.array() && type.name().equals("boolean")) {
            return List.of(notNull, c);
        }
        if (type.isBuiltin() && !type.array() && type.name().equals("integer")) {
            return List.of(notNull, c + " > 0");
        }
        return List.of(notNull);
    }

    /**
     * The body of {@code CREATE VIEW ... AS SELECT columns FROM schema.table [WHERE column IS NOT NULL]}.
     * PostgreSQL 16 stopped qualifying column references when the query reads one relation.
     */
    public static String viewDefinition(
            int major, String schema, String table, List<String> columns, Optional<String> notNullColumn) {
        String qualifier = major >= 16 ? "" : Identifiers.quote(table) + ".";
        String select = columns.stream().map(c -> qualifier + Identifiers.quote(c)).collect(Collectors.joining(",\n    "));
        String where = notNullColumn.map(c -> "\n  WHERE " + qualifier + Identifiers.quote(c) + " IS NOT NULL").orElse("");
        return "SELECT " + select + "\n   FROM " + Identifiers.qualified(schema, table) + where;
    }

    /**
     * A NULL of a type (its name as SQL) as PostgreSQL prints an argument's default: a domain is reached through its base
     * type (without modifiers), so {@code NULL::d} over {@code varchar(40)} prints as {@code (NULL::character varying)::d}.
     */
    public static String nullOf(String type, Optional<DataType> domainBase) {
        return domainBase.map(b -> "(NULL::" + b.name() + ")::" + type).orElse("NULL::" + type);
    }
}
