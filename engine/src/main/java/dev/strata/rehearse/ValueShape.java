package dev.strata.rehearse;

import dev.strata.model.DataType;
import dev.strata.sql.Literals;
import dev.strata.sql.TypeNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How one column's synthetic values are drawn, as SQL over a row number: pure, no I/O. Every random choice is a hash
 * of the row number and a seed ({@code hashint8extended}, stable across PostgreSQL versions, as hash partitioning
 * needs it to be), so the same seed gives the same rows.
 *
 * <p>A shaped value is NULL with the column's null fraction; otherwise one of the most common values with their
 * frequencies (a binary search, {@code width_bucket}, over their cumulative frequencies), otherwise the value of a
 * "value number" {@code k} among the column's remaining distinct values: {@code k} cycles through the rows so the
 * distinct count is met (or follows the row number, when production's {@code correlation} says the column is in
 * physical order), and its value sits at an evenly spaced quantile of the histogram, visited in a seed-dependent
 * scattered order (interpolated within a bucket for numbers
 * and times, the bucket's lower bound plus {@code k} for text; a bound itself for any other type). A sequenced value
 * is injective in the row number, for keys.
 *
 * <p>Only values from statistics (most common values, histogram bounds) and enum labels are text from outside; they
 * enter as {@link Literals#quote} literals and are cast to the column's type ({@link TypeNames#sql}).
 */
final class ValueShape {

    private ValueShape() {}

    enum Kind { SMALLINT, INTEGER, BIGINT, NUMERIC, FLOAT, TEXT, BOOLEAN, DATE, TIMESTAMP, TIMESTAMPTZ, TIME, INTERVAL,
        UUID, JSON, BYTEA, ENUM, ARRAY, OTHER }

    /** The kind of a type; a user-defined type is {@link Kind#OTHER} here (the caller knows enums). */
    static Kind kindOf(DataType type) {
        if (type.array()) {
            return Kind.ARRAY;
        }
        if (!type.isBuiltin()) {
            return Kind.OTHER;
        }
        return switch (type.name()) {
            case "smallint" -> Kind.SMALLINT;
            case "integer" -> Kind.INTEGER;
            case "bigint" -> Kind.BIGINT;
            case "numeric" -> Kind.NUMERIC;
            case "real", "double precision" -> Kind.FLOAT;
            case "text", "character varying", "character", "bpchar", "name", "citext" -> Kind.TEXT;
            case "boolean" -> Kind.BOOLEAN;
            case "date" -> Kind.DATE;
            case "timestamp without time zone" -> Kind.TIMESTAMP;
            case "timestamp with time zone" -> Kind.TIMESTAMPTZ;
            case "time without time zone" -> Kind.TIME;
            case "interval" -> Kind.INTERVAL;
            case "uuid" -> Kind.UUID;
            case "json", "jsonb" -> Kind.JSON;
            case "bytea" -> Kind.BYTEA;
            default -> Kind.OTHER;
        };
    }

    /** Stored bytes of a typical value when no statistics say (what {@code avg_width} would be). */
    static int typeWidth(DataType type) {
        return switch (kindOf(type)) {
            case SMALLINT -> 2;
            case INTEGER, DATE, ENUM -> 4;
            case BIGINT, FLOAT, TIMESTAMP, TIMESTAMPTZ, TIME -> type.name().equals("real") ? 4 : 8;
            case BOOLEAN -> 1;
            case UUID, INTERVAL -> 16;
            case NUMERIC -> 8;
            case TEXT -> type.modifiers().isEmpty() ? 16 : Math.min(16, type.modifiers().getFirst()) + 1;
            case JSON -> 32;
            case BYTEA -> 17;
            case ARRAY -> 24;
            case OTHER -> type.isBuiltin() ? 16 : 4;
        };
    }

    /**
     * What a column needs to be drawn. {@code kind} is {@link Kind#ENUM} with its {@code labels} for an enum;
     * {@code rows} is the fill's target (distinct counts given as a fraction scale with it).
     */
    record Column(String name, DataType type, Kind kind, List<String> labels, boolean nullable,
            ColumnStatistics statistics, long rows, long seed) {
        Column {
            labels = List.copyOf(labels);
        }

        String sqlType() {
            return TypeNames.sql(type);
        }

        /** The length limit of varchar(n) / char(n). */
        Optional<Integer> maxLength() {
            return kind == Kind.TEXT && !type.modifiers().isEmpty() ? Optional.of(type.modifiers().getFirst())
                    : Optional.empty();
        }

        double nullFraction() {
            return nullable ? Math.min(1, Math.max(0, statistics.nullFraction())) : 0;
        }

        /** The same numbers drawn as text of the given stored width (the inside of a generated JSON value). */
        Column asText(int width) {
            ColumnStatistics s = new ColumnStatistics(name, statistics.nullFraction(), statistics.distinct(), List.of(),
                    List.of(), List.of(), width, 0);
            return new Column(name, DataType.builtin("text"), Kind.TEXT, List.of(), nullable, s, rows, seed);
        }

        /**
         * Whether production keeps the column in physical order ({@code |correlation| >= 0.5}, a histogram to order
         * by): then value numbers follow the row number, so the synthetic table is ordered by it too.
         */
        boolean ordered() {
            return Math.abs(statistics.correlation()) >= 0.5 && statistics.histogramBounds().size() >= 2;
        }

        /** Distinct values outside the most common ones, at least 1. */
        long restDistinct() {
            return Math.max(1, statistics.distinctValues(rows) - statistics.mostCommonValues().size());
        }
    }

    /**
     * Values computed once per statement, in a one-row subquery {@code v} beside the row numbers: the arrays of
     * most common values and bounds. A cast to timestamptz[] or date[] is only stable (it reads TimeZone, DateStyle),
     * so the server would otherwise parse a histogram's hundred bounds again for every row.
     */
    static final class Constants {
        private final List<String> expressions = new ArrayList<>();

        /** A reference to the expression's value (the same expression, the same reference). */
        String of(String expression) {
            int i = expressions.indexOf(expression);
            if (i < 0) {
                expressions.add(expression);
                i = expressions.size() - 1;
            }
            return "v.c" + i;
        }

        /** {@code CROSS JOIN (SELECT … ) AS v}, or nothing without constants. */
        String join() {
            if (expressions.isEmpty()) {
                return "";
            }
            List<String> columns = new ArrayList<>();
            for (int i = 0; i < expressions.size(); i++) {
                columns.add(expressions.get(i) + " AS c" + i);
            }
            // OFFSET 0 keeps the planner from pulling the expressions up into every row again
            return " CROSS JOIN (SELECT " + String.join(", ", columns) + " OFFSET 0) AS v";
        }
    }

    /** A uniform double in [0, 1) from a bigint SQL expression and a seed. */
    static String uniform(String bigint, long seed) {
        return "((pg_catalog.hashint8extended((" + bigint + ")::int8, " + seed + ") & 4503599627370495)::float8"
                + " / 4503599627370496)";
    }

    /** {@code CASE WHEN <null> THEN NULL ELSE <value> END}, or the value alone for a column without NULLs. */
    static String withNulls(Column c, String row, String value) {
        double nulls = c.nullFraction();
        if (nulls <= 0) {
            return value;
        }
        return "CASE WHEN " + uniform(row, c.seed()) + " < " + number(nulls) + " THEN NULL ELSE " + value + " END";
    }

    /**
     * The column's value for row {@code row} (a bigint SQL expression) shaped by its statistics, or empty when the
     * type has nothing to draw from (no statistics' values, no generic form: only NULL would fit).
     */
    static Optional<String> shaped(Column c, String row, Constants consts) {
        ColumnStatistics s = c.statistics();
        long d = c.restDistinct();
        String k = c.ordered() ? "LEAST(" + d + ", 1 + ((" + row + ") - 1) * " + d + " / " + Math.max(1, c.rows()) + ")"
                : "(1 + ((" + row + ") - 1) % " + d + ")";
        Optional<String> rest = rest(c, k, consts);
        List<String> mcv = s.mostCommonValues();
        double nonNull = Math.max(1e-9, 1 - c.nullFraction());
        if (mcv.isEmpty()) {
            return rest.map(v -> withNulls(c, row, v));
        }
        List<String> cumulative = new ArrayList<>();
        double sum = 0;
        for (double f : s.mostCommonFrequencies()) {
            sum += f / nonNull;
            cumulative.add(number(Math.min(1, sum)));
        }
        String u = uniform(row, c.seed() + 1);
        String common = "CAST(" + consts.of(textArray(mcv)) + "[pg_catalog.width_bucket(" + u + ", ARRAY["
                + String.join(", ", cumulative) + "]::float8[]) + 1] AS " + c.sqlType() + ")";
        // Without a value of its own the rest repeats the most common values evenly.
        String otherwise = rest.orElse("CAST(" + consts.of(textArray(mcv)) + "[1 + ((" + k + ") - 1) % " + mcv.size() + "] AS "
                + c.sqlType() + ")");
        return Optional.of(withNulls(c, row, sum >= 1 ? common
                : "CASE WHEN " + u + " < " + number(Math.min(1, sum)) + " THEN " + common + " ELSE " + otherwise + " END"));
    }

    /** The value of value number {@code k} outside the most common values. */
    private static Optional<String> rest(Column c, String k, Constants consts) {
        List<String> bounds = c.statistics().histogramBounds();
        // Value numbers sit at evenly spaced quantiles, visited in a scattered order: as many values as the
        // histogram's range holds stay apart (a hash would collide like birthdays), and k's order is not value order.
        long d = c.restDistinct();
        String q = "(((((" + k + ") - 1) * " + stride(d) + " + " + Math.floorMod(c.seed(), d) + ") % " + d + " + 0.5) / " + d
                + ")::float8";
        if (c.ordered()) {
            q = c.statistics().correlation() > 0 ? "(((" + k + ") - 0.5) / " + d + ")::float8"
                    : "((" + d + " - (" + k + ") + 0.5) / " + d + ")::float8";
        }
        String type = c.sqlType();
        if (bounds.size() >= 2) {
            int buckets = bounds.size() - 1;
            String pos = "(" + q + " * " + buckets + ")";
            String lo = "[1 + pg_catalog.floor(" + pos + ")::int]";
            String hi = "[2 + pg_catalog.floor(" + pos + ")::int]";
            String frac = "(" + pos + " - pg_catalog.floor(" + pos + "))";
            switch (c.kind()) {
                case SMALLINT, INTEGER, BIGINT, NUMERIC, FLOAT -> {
                    String b = consts.of(textArray(bounds) + "::numeric[]");
                    return Optional.of("CAST(" + b + lo + " + (" + b + hi + " - " + b + lo + ") * " + frac + "::numeric AS "
                            + type + ")");
                }
                case DATE -> {
                    String b = consts.of(textArray(bounds) + "::date[]");
                    return Optional.of(b + lo + " + pg_catalog.round((" + b + hi + " - " + b + lo + ") * " + frac + ")::int");
                }
                case TIMESTAMP, TIMESTAMPTZ, TIME, INTERVAL -> {
                    String b = consts.of(textArray(bounds) + "::" + type + "[]");
                    return Optional.of("CAST(" + b + lo + " + (" + b + hi + " - " + b + lo + ") * " + frac + " AS " + type + ")");
                }
                case TEXT -> {
                    String prefix = consts.of(textArray(bounds)) + "[1 + pg_catalog.floor(" + q + " * " + bounds.size() + ")::int]";
                    return Optional.of(text(c, prefix, k, true));
                }
                default -> {
                    return Optional.of("CAST(" + consts.of(textArray(bounds)) + "[1 + pg_catalog.floor(" + q + " * " + bounds.size()
                            + ")::int] AS " + type + ")");
                }
            }
        }
        return generic(c, k, consts);
    }

    /** A value of value number {@code k} from the type alone (no histogram). */
    private static Optional<String> generic(Column c, String k, Constants consts) {
        String type = c.sqlType();
        return switch (c.kind()) {
            case SMALLINT -> Optional.of("CAST(1 + ((" + k + ") - 1) % 32767 AS " + type + ")");
            case INTEGER -> Optional.of("CAST(1 + ((" + k + ") - 1) % 2147483647 AS " + type + ")");
            case BIGINT, FLOAT -> Optional.of("CAST(" + k + " AS " + type + ")");
            case NUMERIC -> Optional.of("CAST(" + numericCap(c, k) + " AS " + type + ")");
            case TEXT -> Optional.of(text(c, "'v'", k, false));
            case BOOLEAN -> Optional.of("((" + k + ") % 2 = 0)");
            case DATE -> Optional.of("(DATE '2000-01-01' + ((" + k + ") % 36500)::int)");
            case TIMESTAMP -> Optional.of("CAST(TIMESTAMP '2000-01-01 00:00:00' + (" + k + ") * INTERVAL '1 minute' AS " + type + ")");
            case TIMESTAMPTZ -> Optional.of("CAST(TIMESTAMPTZ '2000-01-01 00:00:00+00' + (" + k + ") * INTERVAL '1 minute' AS " + type + ")");
            case TIME -> Optional.of("CAST(TIME '00:00' + (" + k + ") * INTERVAL '1 second' AS " + type + ")");
            case INTERVAL -> Optional.of("CAST((" + k + ") * INTERVAL '1 second' AS " + type + ")");
            case UUID -> Optional.of(uuid(c, k));
            case JSON -> Optional.of("CAST(pg_catalog.json_build_object('v', " + text(c.asText(Math.max(2, c.statistics()
                    .averageWidth() - 10)), "'v'", k, false) + ") AS " + type + ")");
            case BYTEA -> Optional.of("pg_catalog.decode(pg_catalog.md5((" + k + ")::text), 'hex')");
            case ENUM -> c.labels().isEmpty() ? Optional.empty()
                    : Optional.of("CAST(" + consts.of(textArray(c.labels())) + "[1 + ((" + k + ") - 1) % " + c.labels().size() + "] AS "
                            + type + ")");
            case ARRAY -> Optional.of("CAST('{}' AS " + type + ")");
            case OTHER -> Optional.empty();
        };
    }

    /** A step coprime to n near its golden section: {@code i * stride % n} visits 0..n-1 once each, scattered. */
    static long stride(long n) {
        long s = Math.max(1, Math.round(n * 0.6180339887));
        while (gcd(s, n) != 1) {
            s++;
        }
        return s;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    /** Whether {@link #sequenced} can give the kind a value per row number. */
    static boolean sequenceable(Kind kind) {
        return switch (kind) {
            case SMALLINT, INTEGER, BIGINT, NUMERIC, FLOAT, TEXT, DATE, TIMESTAMP, TIMESTAMPTZ, TIME, INTERVAL, UUID,
                 JSON, BYTEA -> true;
            case BOOLEAN, ENUM, ARRAY, OTHER -> false;
        };
    }

    /** How many values {@link #sequenced} can tell apart (about: the base-10 digits that fit). */
    static double capacity(Column c) {
        return switch (c.kind()) {
            case SMALLINT -> 32767;
            case INTEGER -> Integer.MAX_VALUE;
            case NUMERIC -> c.type().modifiers().isEmpty() ? Double.MAX_VALUE
                    : Math.pow(10, c.type().modifiers().getFirst() - (c.type().modifiers().size() > 1 ? c.type().modifiers().get(1) : 0));
            case TEXT -> c.maxLength().map(n -> Math.pow(10, n)).orElse(Double.MAX_VALUE);
            case TIME -> 86_400e6;
            default -> Double.MAX_VALUE;
        };
    }

    /** A value injective in the row number (for a key column), NULL as often as the statistics say when nullable. */
    static String sequenced(Column c, String row) {
        String type = c.sqlType();
        String value = switch (c.kind()) {
            case SMALLINT, INTEGER, BIGINT, FLOAT -> "CAST(" + row + " AS " + type + ")";
            case NUMERIC -> "CAST(" + numericCap(c, row) + " AS " + type + ")";
            case TEXT -> text(c, "''", row, false);
            case DATE -> "(DATE '2000-01-01' + (" + row + ")::int)";
            case TIMESTAMP -> "CAST(TIMESTAMP '2000-01-01 00:00:00' + (" + row + ") * INTERVAL '1 second' AS " + type + ")";
            case TIMESTAMPTZ -> "CAST(TIMESTAMPTZ '2000-01-01 00:00:00+00' + (" + row + ") * INTERVAL '1 second' AS " + type + ")";
            case TIME -> "CAST(TIME '00:00' + (" + row + ") * INTERVAL '1 microsecond' AS " + type + ")";
            case INTERVAL -> "CAST((" + row + ") * INTERVAL '1 second' AS " + type + ")";
            case UUID -> uuid(c, row);
            case JSON -> "CAST(pg_catalog.json_build_object('id', " + row + ") AS " + type + ")";
            case BYTEA -> "pg_catalog.int8send((" + row + ")::int8)";
            case BOOLEAN, ENUM, ARRAY, OTHER -> throw new IllegalArgumentException("a " + c.kind() + " cannot be sequenced");
        };
        return withNulls(c, row, value);
    }

    /** numeric(p, s) holds integers below 10^(p - s): wrap the number there. */
    private static String numericCap(Column c, String n) {
        List<Integer> mods = c.type().modifiers();
        if (mods.isEmpty()) {
            return "(" + n + ")";
        }
        int digits = mods.getFirst() - (mods.size() > 1 ? mods.get(1) : 0);
        if (digits >= 18) {
            return "(" + n + ")";
        }
        long cap = digits <= 0 ? 1 : (long) Math.pow(10, digits) - 1;
        return digits <= 0 ? "0" : "(1 + ((" + n + ") - 1) % " + cap + ")";
    }

    private static String uuid(Column c, String n) {
        return "CAST(pg_catalog.md5((" + n + ")::text || '/" + c.seed() + "') AS uuid)";
    }

    /**
     * Text for number {@code n} after a prefix, padded towards the column's average width with hex digits. Under a
     * length limit a histogram bound comes first (a char(2) country code stays a bound), a made-up prefix last (so
     * truncation keeps the numbers apart).
     */
    private static String text(Column c, String prefix, String n, boolean prefixFirst) {
        int width = textWidth(c.statistics().averageWidth());
        String pad = "pg_catalog.md5((" + n + ")::text)";
        Optional<Integer> limit = c.maxLength();
        String base = limit.isPresent() && !prefixFirst ? "((" + n + ")::text || ' ' || " + prefix + ")"
                : "(" + prefix + " || (" + n + ")::text)";
        if (limit.isPresent()) {
            width = Math.min(width, limit.get());
        }
        String padded = "pg_catalog.rpad(" + base + ", GREATEST(" + width + ", pg_catalog.length(" + base + ")), "
                + pad + ")";
        String value = limit.isPresent() ? "pg_catalog.left(" + padded + ", " + limit.get() + ")" : padded;
        return "CAST(" + value + " AS " + c.sqlType() + ")";
    }

    /** Characters of a text whose stored width ({@code avg_width}) is given: less the varlena header. */
    static int textWidth(int averageWidth) {
        if (averageWidth <= 0) {
            return 8;
        }
        return Math.max(1, averageWidth > 127 ? averageWidth - 4 : averageWidth - 1);
    }

    static String textArray(List<String> values) {
        return "ARRAY[" + values.stream().map(Literals::quote).collect(Collectors.joining(", ")) + "]::text[]";
    }

    /** A double as SQL: finite, in plain notation. */
    static String number(double d) {
        if (!Double.isFinite(d)) {
            throw new IllegalArgumentException("not a finite number: " + d);
        }
        return new java.math.BigDecimal(d).round(java.math.MathContext.DECIMAL64).toPlainString();
    }
}
