package dev.strata.sql;

import dev.strata.model.DataType;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads type names as people and {@code format_type} write them, and writes them back. One parser
 * serves the YAML reader and the catalog reader, so {@code varchar(20)} in YAML and
 * {@code character varying(20)} from the catalog become the same {@link DataType}.
 */
public final class TypeNames {

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("int", "integer"), Map.entry("int4", "integer"), Map.entry("integer", "integer"),
            Map.entry("smallint", "smallint"), Map.entry("int2", "smallint"),
            Map.entry("bigint", "bigint"), Map.entry("int8", "bigint"),
            Map.entry("real", "real"), Map.entry("float4", "real"),
            Map.entry("double precision", "double precision"), Map.entry("float8", "double precision"),
            Map.entry("numeric", "numeric"), Map.entry("decimal", "numeric"), Map.entry("dec", "numeric"),
            Map.entry("boolean", "boolean"), Map.entry("bool", "boolean"),
            Map.entry("varchar", "character varying"), Map.entry("character varying", "character varying"),
            Map.entry("char varying", "character varying"),
            Map.entry("char", "character"), Map.entry("character", "character"),
            Map.entry("timestamp", "timestamp without time zone"),
            Map.entry("timestamp without time zone", "timestamp without time zone"),
            Map.entry("timestamptz", "timestamp with time zone"),
            Map.entry("timestamp with time zone", "timestamp with time zone"),
            Map.entry("time", "time without time zone"), Map.entry("time without time zone", "time without time zone"),
            Map.entry("timetz", "time with time zone"), Map.entry("time with time zone", "time with time zone"),
            Map.entry("varbit", "bit varying"), Map.entry("bit varying", "bit varying"));

    /** Built-in types whose name is already canonical. */
    private static final Set<String> PLAIN_BUILTINS = Set.of(
            "text", "bpchar", "bit", "date", "interval", "bytea", "uuid", "json", "jsonb", "jsonpath", "xml",
            "inet", "cidr", "macaddr", "macaddr8", "money", "point", "line", "lseg", "box", "path", "polygon",
            "circle", "tsvector", "tsquery", "oid", "regclass", "regtype", "regproc", "regprocedure", "regnamespace",
            "regrole", "regconfig", "pg_lsn", "name", "xid", "xid8", "cid", "tid", "txid_snapshot", "pg_snapshot",
            "int4range", "int8range", "numrange", "tsrange", "tstzrange", "daterange",
            "int4multirange", "int8multirange", "nummultirange", "tsmultirange", "tstzmultirange", "datemultirange");

    private static final Set<String> INTERVAL_FIELDS = Set.of(
            "year", "month", "day", "hour", "minute", "second",
            "year to month", "day to hour", "day to minute", "day to second",
            "hour to minute", "hour to second", "minute to second");

    private static final Map<String, String> SERIALS = Map.of(
            "serial", "integer", "serial4", "integer",
            "bigserial", "bigint", "serial8", "bigint",
            "smallserial", "smallint", "serial2", "smallint");

    private static final Map<String, String> SHORT_SPELLINGS = Map.of(
            "character varying", "varchar",
            "character", "char",
            "timestamp with time zone", "timestamptz",
            "timestamp without time zone", "timestamp",
            "time with time zone", "timetz",
            "time without time zone", "time",
            "bit varying", "varbit");

    private TypeNames() {}

    /** What a type name turned out to be. */
    public sealed interface Parsed permits Builtin, Serial, Named {}

    /** A built-in type, already canonical. */
    public record Builtin(DataType type) implements Parsed {}

    /** {@code serial}, {@code bigserial}, {@code smallserial}: an integer column fed by an owned sequence. */
    public record Serial(DataType integerType) implements Parsed {}

    /** A name that is not built in: an enum or an extension's type, resolved by the caller. */
    public record Named(Optional<String> schema, String name, List<Integer> modifiers, boolean array) implements Parsed {
        public DataType resolve(String schemaName) {
            return new DataType(Optional.of(schemaName), name, modifiers, array);
        }
    }

    /** Raised with a message fit for a user, without location (the caller adds it). */
    public static final class InvalidTypeName extends Exception {
        public InvalidTypeName(String message) {
            super(message);
        }
    }

    public static Parsed parse(String text) throws InvalidTypeName {
        String rest = text.strip();
        if (rest.isEmpty()) {
            throw new InvalidTypeName("type must not be empty");
        }
        boolean array = false;
        while (rest.endsWith("]")) {
            int open = rest.lastIndexOf('[');
            if (open < 0 || !rest.substring(open + 1, rest.length() - 1).strip().matches("\\d*")) {
                throw new InvalidTypeName("malformed array suffix in type '" + text + "'");
            }
            rest = rest.substring(0, open).strip();
            array = true;
        }
        String lower = rest.toLowerCase(Locale.ROOT);
        if (lower.endsWith(" array")) {
            rest = rest.substring(0, rest.length() - " array".length()).strip();
            array = true;
        }

        List<Integer> modifiers = new ArrayList<>();
        int open = indexOutsideQuotes(rest, '(');
        if (open >= 0) {
            int close = rest.indexOf(')', open);
            if (close < 0) {
                throw new InvalidTypeName("unclosed '(' in type '" + text + "'");
            }
            for (String part : rest.substring(open + 1, close).split(",")) {
                try {
                    modifiers.add(Integer.parseInt(part.strip()));
                } catch (NumberFormatException e) {
                    throw new InvalidTypeName("type modifier '" + part.strip() + "' in '" + text + "' is not a whole number");
                }
            }
            rest = (rest.substring(0, open) + " " + rest.substring(close + 1)).strip();
        }

        if (rest.indexOf('"') >= 0 || indexOutsideQuotes(rest, '.') >= 0) {
            List<String> parts = splitQualified(rest, text);
            if (parts.size() == 1 && parts.get(0).equals("char") && rest.startsWith("\"")) {
                return new Builtin(new DataType(Optional.empty(), "\"char\"", modifiers, array));
            }
            if (parts.size() == 2 && parts.get(0).equals("pg_catalog")) {
                return parse(Identifiers.quote(parts.get(1)) + modsText(modifiers) + (array ? "[]" : ""));
            }
            return parts.size() == 1
                    ? new Named(Optional.empty(), parts.get(0), modifiers, array)
                    : new Named(Optional.of(parts.get(0)), parts.get(1), modifiers, array);
        }

        String words = String.join(" ", rest.toLowerCase(Locale.ROOT).split("\\s+"));
        if (SERIALS.containsKey(words)) {
            if (array || !modifiers.isEmpty()) {
                throw new InvalidTypeName("'" + text + "': serial types take no modifiers and cannot be arrays");
            }
            return new Serial(DataType.builtin(SERIALS.get(words)));
        }
        if (words.equals("float")) {
            if (modifiers.size() > 1) {
                throw new InvalidTypeName("float takes one precision, not '" + text + "'");
            }
            boolean single = !modifiers.isEmpty() && modifiers.get(0) <= 24;
            return builtin(single ? "real" : "double precision", List.of(), array);
        }
        if (words.startsWith("interval")) {
            String fields = words.substring("interval".length()).strip();
            if (!fields.isEmpty() && !INTERVAL_FIELDS.contains(fields)) {
                throw new InvalidTypeName("unknown interval fields '" + fields + "' in '" + text + "'");
            }
            return builtin(fields.isEmpty() ? "interval" : "interval " + fields, modifiers, array);
        }
        String canonical = ALIASES.get(words);
        if (canonical == null && PLAIN_BUILTINS.contains(words)) {
            canonical = words;
        }
        if (canonical != null) {
            if (modifiers.isEmpty() && (canonical.equals("character") || canonical.equals("bit"))) {
                modifiers = List.of(1);
            }
            return builtin(canonical, modifiers, array);
        }
        if (words.contains(" ")) {
            throw new InvalidTypeName("unknown type '" + text + "'");
        }
        return new Named(Optional.empty(), words, modifiers, array);
    }

    /** Every built-in spelling the parser accepts, for "did you mean" suggestions. */
    public static Set<String> knownSpellings() {
        var all = new java.util.TreeSet<String>();
        all.addAll(ALIASES.keySet());
        all.addAll(PLAIN_BUILTINS);
        all.addAll(SERIALS.keySet());
        all.add("float");
        return all;
    }

    /** The type as SQL, user-defined names quoted and qualified. */
    public static String sql(DataType type) {
        return type.schema()
                .map(schema -> type.render(Identifiers.qualified(schema, type.name())))
                .orElseGet(() -> type.render(type.name()));
    }

    /**
     * The type as YAML shows it: short common spellings ({@code varchar(20)}, {@code timestamptz}),
     * a user type unqualified when it lives in {@code contextSchema}. Parses back to the same type.
     */
    public static String yamlSpelling(DataType type, String contextSchema) {
        if (type.isBuiltin()) {
            String shortName = SHORT_SPELLINGS.getOrDefault(type.name(), type.name());
            if ((type.name().equals("character") || type.name().equals("bit")) && type.modifiers().equals(List.of(1))) {
                return (type.array() ? type.name() + "(1)[]" : type.name() + "(1)").replace("character", "char");
            }
            var shortType = new DataType(Optional.empty(), shortName, type.modifiers(), type.array());
            return shortType.render(shortName);
        }
        String schema = type.schema().orElseThrow();
        String base = schema.equals(contextSchema) && !needsQualificationInYaml(type.name())
                ? Identifiers.quote(type.name())
                : Identifiers.qualified(schema, type.name());
        return type.render(base);
    }

    /** A bare user type name that collides with a built-in spelling must be written qualified. */
    private static boolean needsQualificationInYaml(String name) {
        return knownSpellings().contains(name) || name.startsWith("interval");
    }

    private static Parsed builtin(String name, List<Integer> modifiers, boolean array) {
        return new Builtin(new DataType(Optional.empty(), name, modifiers, array));
    }

    private static String modsText(List<Integer> modifiers) {
        if (modifiers.isEmpty()) {
            return "";
        }
        return "(" + String.join(",", modifiers.stream().map(String::valueOf).toList()) + ")";
    }

    private static int indexOutsideQuotes(String s, char wanted) {
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == wanted && !quoted) {
                return i;
            }
        }
        return -1;
    }

    /** Splits {@code a.b}, {@code "A"."b.c"}: quoted parts keep their case, bare parts fold to lower case. */
    private static List<String> splitQualified(String s, String original) throws InvalidTypeName {
        List<String> parts = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            StringBuilder part = new StringBuilder();
            if (s.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= s.length()) {
                        throw new InvalidTypeName("unclosed quote in type '" + original + "'");
                    }
                    char c = s.charAt(i);
                    if (c == '"') {
                        if (i + 1 < s.length() && s.charAt(i + 1) == '"') {
                            part.append('"');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    part.append(c);
                    i++;
                }
            } else {
                while (i < s.length() && s.charAt(i) != '.') {
                    part.append(s.charAt(i));
                    i++;
                }
                String bare = part.toString().strip();
                if (!bare.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
                    throw new InvalidTypeName("'" + original + "' is not a valid type name");
                }
                part = new StringBuilder(bare.toLowerCase(Locale.ROOT));
            }
            parts.add(part.toString());
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
            if (i < s.length()) {
                if (s.charAt(i) != '.') {
                    throw new InvalidTypeName("'" + original + "' is not a valid type name");
                }
                i++;
                while (i < s.length() && s.charAt(i) == ' ') {
                    i++;
                }
            }
        }
        if (parts.isEmpty() || parts.size() > 2 || parts.stream().anyMatch(String::isEmpty)) {
            throw new InvalidTypeName("'" + original + "' is not a valid type name");
        }
        return parts;
    }
}
