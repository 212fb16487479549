package dev.strata.render;

import dev.strata.model.DataType;

import javax.lang.model.SourceVersion;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How database names and types appear in generated application code: language types for a column type,
 * identifiers made from column names, and string literals holding SQL. Generated code must compile
 * whatever the column is called.
 */
final class CodeNames {

    private static final Map<String, String> JAVA_TYPES = Map.ofEntries(
            Map.entry("bigint", "Long"),
            Map.entry("integer", "Integer"),
            Map.entry("smallint", "Short"),
            Map.entry("text", "String"),
            Map.entry("character varying", "String"),
            Map.entry("character", "String"),
            Map.entry("numeric", "BigDecimal"),
            Map.entry("boolean", "Boolean"),
            Map.entry("real", "Float"),
            Map.entry("double precision", "Double"),
            Map.entry("timestamp with time zone", "OffsetDateTime"),
            Map.entry("timestamp without time zone", "LocalDateTime"),
            Map.entry("date", "LocalDate"),
            Map.entry("uuid", "UUID"),
            Map.entry("jsonb", "String"),
            Map.entry("json", "String"),
            Map.entry("bytea", "byte[]"));

    private static final Map<String, String> JAVA_IMPORTS = Map.of(
            "BigDecimal", "java.math.BigDecimal",
            "OffsetDateTime", "java.time.OffsetDateTime",
            "LocalDateTime", "java.time.LocalDateTime",
            "LocalDate", "java.time.LocalDate",
            "UUID", "java.util.UUID");

    // psycopg 3 returns json and jsonb already parsed, so they are "object" on the Python side.
    private static final Map<String, String> PYTHON_TYPES = Map.ofEntries(
            Map.entry("bigint", "int"),
            Map.entry("integer", "int"),
            Map.entry("smallint", "int"),
            Map.entry("text", "str"),
            Map.entry("character varying", "str"),
            Map.entry("character", "str"),
            Map.entry("numeric", "Decimal"),
            Map.entry("boolean", "bool"),
            Map.entry("real", "float"),
            Map.entry("double precision", "float"),
            Map.entry("timestamp with time zone", "datetime"),
            Map.entry("timestamp without time zone", "datetime"),
            Map.entry("date", "date"),
            Map.entry("uuid", "UUID"),
            Map.entry("bytea", "bytes"));

    private static final Map<String, String> PYTHON_IMPORTS = Map.of(
            "Decimal", "from decimal import Decimal",
            "datetime", "from datetime import datetime",
            "date", "from datetime import date",
            "UUID", "from uuid import UUID");

    private static final Set<String> PYTHON_KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert",
            "async", "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for",
            "from", "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise",
            "return", "try", "while", "with", "yield", "conn");

    private CodeNames() {}

    static String javaType(DataType type) {
        return type.isBuiltin() && !type.array() ? JAVA_TYPES.getOrDefault(type.name(), "Object") : "Object";
    }

    static String javaImport(String javaType) {
        return JAVA_IMPORTS.getOrDefault(javaType, "");
    }

    static String pythonType(DataType type) {
        return type.isBuiltin() && !type.array() ? PYTHON_TYPES.getOrDefault(type.name(), "object") : "object";
    }

    static String pythonImport(String pythonType) {
        return PYTHON_IMPORTS.getOrDefault(pythonType, "");
    }

    static boolean isJson(DataType type) {
        return type.isBuiltin() && !type.array() && (type.name().equals("jsonb") || type.name().equals("json"));
    }

    /** {@code user_name} → {@code userName}; anything that is no Java identifier gets a prefix or suffix. */
    static String javaField(String column) {
        String camel = words(column, false);
        if (camel.isEmpty() || !Character.isJavaIdentifierStart(camel.charAt(0))) {
            camel = "column" + words(column, true);
        }
        return SourceVersion.isKeyword(camel) || camel.equals("column") ? camel + "Value" : camel;
    }

    /** {@code users} → {@code Users}, {@code order_items} → {@code OrderItems}. */
    static String javaClass(String table) {
        String pascal = words(table, true);
        return pascal.isEmpty() || !Character.isJavaIdentifierStart(pascal.charAt(0)) ? "Table" + pascal : pascal;
    }

    /** {@code Naïve Name} → {@code naive_name}-like snake case of the ASCII letters and digits. */
    static String pythonName(String column) {
        String snake = column.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        if (snake.isEmpty() || Character.isDigit(snake.charAt(0))) {
            snake = "column_" + snake;
        }
        return PYTHON_KEYWORDS.contains(snake) ? snake + "_value" : snake;
    }

    private static String words(String name, boolean capitalizeFirst) {
        StringBuilder out = new StringBuilder();
        boolean upper = capitalizeFirst;
        for (char c : name.toCharArray()) {
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
                out.append(upper ? Character.toUpperCase(c) : out.isEmpty() ? Character.toLowerCase(c) : c);
                upper = false;
            } else {
                upper = !out.isEmpty() || capitalizeFirst;
            }
        }
        return out.toString();
    }

    /** The contents of a Java string literal (without the quotes). */
    static String javaString(String text) {
        // Octal, never a backslash-u escape: javac would translate that before lexing the literal.
        return escaped(text, "\\%03o");
    }

    /** Text safe inside a Java line comment: one line, and no backslash-u sequence javac would translate. */
    static String javaComment(String text) {
        return oneLine(text).replace("\\", "\\\\");
    }

    /** The contents of a double-quoted Python string literal. */
    static String pythonString(String text) {
        return escaped(text, "\\x%02x");
    }

    /** Backslash escapes shared by Java and Python string literals; other control characters as {@code controlEscape}. */
    private static String escaped(String text, String controlEscape) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(c < 0x20 ? String.format(controlEscape, (int) c) : String.valueOf(c));
            }
        }
        return out.toString();
    }

    static String oneLine(String text) {
        return text.replaceAll("[\\r\\n\\u2028\\u2029\\u0085]+", " ");
    }
}
