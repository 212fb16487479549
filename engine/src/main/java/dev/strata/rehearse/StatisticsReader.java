package dev.strata.rehearse;

import dev.strata.diagnostics.StrataException;
import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.sql.Identifiers;

import java.math.BigDecimal;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The statistics synthetic rows are shaped by, from production.
 *
 * <p>{@link #read} sends only catalog queries: {@code pg_class} ({@code reltuples}, {@code relpages}) and
 * {@code pg_stats}, in one {@code READ ONLY} transaction under {@code SET LOCAL statement_timeout}, rolled back at the
 * end. No row of user data leaves the server: a table that was never analysed ({@code reltuples = -1}) is counted
 * with {@code count(*)}, which the server computes and answers with one number (0 when the role may not read it),
 * and has no column statistics.
 * A role that may only SELECT suffices; {@code pg_stats} shows such a role only the columns it may read, so columns it
 * may not read are absent from {@link TableStatistics#columns()} (the generator then assumes their shape from the type).
 *
 * <p>{@link #sampled} is the only path that reads rows: it computes the same statistics from a
 * {@code TABLESAMPLE SYSTEM} sample, for when the user asks for it explicitly ({@code --sample PCT}).
 */
public final class StatisticsReader {

    private StatisticsReader() {}

    private static final String TABLES_SQL = """
            SELECT n.nspname::text AS nspname, c.relname::text AS relname, c.reltuples::float8 AS reltuples,
                   c.relpages::bigint AS relpages,
                   pg_catalog.has_table_privilege(c.oid, 'SELECT') AS readable
            FROM pg_catalog.pg_class c
            JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
            JOIN ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) AS wanted(nspname, relname)
              ON wanted.nspname = n.nspname AND wanted.relname = c.relname
            WHERE c.relkind IN ('r', 'p')
            """;

    // pg_stats keeps a partitioned or inherited table's whole-tree statistics apart (inherited = true); a plain
    // table's own come first, a partitioned table has only the tree's.
    private static final String COLUMNS_SQL = """
            SELECT DISTINCT ON (s.schemaname, s.tablename, a.attnum)
                   s.schemaname::text AS nspname, s.tablename::text AS relname, s.attname::text AS attname,
                   s.null_frac::float8 AS null_frac, s.n_distinct::float8 AS n_distinct,
                   s.most_common_vals::text::text[] AS mcv, s.most_common_freqs::float8[] AS mcf,
                   s.histogram_bounds::text::text[] AS histogram, s.avg_width AS avg_width,
                   coalesce(s.correlation, 0)::float8 AS correlation
            FROM pg_catalog.pg_stats s
            JOIN ROWS FROM (pg_catalog.unnest(?::text[]), pg_catalog.unnest(?::text[])) AS wanted(nspname, relname)
              ON wanted.nspname = s.schemaname AND wanted.relname = s.tablename
            JOIN pg_catalog.pg_namespace n ON n.nspname = s.schemaname
            JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = s.tablename
            JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attname = s.attname
            ORDER BY s.schemaname, s.tablename, a.attnum, s.inherited
            """;

    /**
     * Catalog and planner statistics only, never a row: a read-only transaction under {@code SET LOCAL
     * statement_timeout}. Tables that do not exist (or are not tables) are absent from the result.
     */
    public static Map<QualifiedName, TableStatistics> read(Connection production, Set<QualifiedName> tables,
            Duration statementTimeout) {
        return readOnly(production, statementTimeout, "read the statistics", () -> {
            Map<QualifiedName, Found> found = tables(production, tables);
            Map<QualifiedName, List<ColumnStatistics>> columns = new TreeMap<>();
            try (PreparedStatement st = production.prepareStatement(COLUMNS_SQL)) {
                bindNames(production, st, found.keySet());
                try (ResultSet rs = st.executeQuery()) {
                    while (rs.next()) {
                        QualifiedName table = new QualifiedName(rs.getString("nspname"), rs.getString("relname"));
                        columns.computeIfAbsent(table, t -> new ArrayList<>()).add(new ColumnStatistics(
                                rs.getString("attname"), rs.getDouble("null_frac"), rs.getDouble("n_distinct"),
                                strings(rs.getArray("mcv")), doubles(rs.getArray("mcf")),
                                strings(rs.getArray("histogram")), rs.getInt("avg_width"), rs.getDouble("correlation")));
                    }
                }
            }
            Map<QualifiedName, TableStatistics> result = new TreeMap<>();
            for (Found f : found.values()) {
                // A table never analysed has no column statistics worth the name even if a stale row survived.
                List<ColumnStatistics> cols = f.analysed() ? columns.getOrDefault(f.name(), List.of()) : List.of();
                result.put(f.name(), new TableStatistics(f.name(), rows(production, f), f.pages(), cols));
            }
            return Collections.unmodifiableMap(result);
        });
    }

    /**
     * The statistics computed from a {@code TABLESAMPLE SYSTEM (percent)} sample of each table instead of
     * {@code pg_stats}: <b>the only path that reads rows</b> (inside the server: only aggregates, the most common
     * values and histogram bounds of the sample come back), for {@code --sample PCT}. Read-only transaction under
     * {@code SET LOCAL statement_timeout}; only the columns the role may read. The sample is {@code REPEATABLE}, so
     * every column sees the same rows. {@code rows} and {@code pages} come from {@code pg_class} as in {@link #read}.
     * Columns whose type has no equality or ordering get only what can be computed (null fraction, width).
     */
    public static Map<QualifiedName, TableStatistics> sampled(Connection production, Set<QualifiedName> tables,
            double percent, Duration statementTimeout) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("sample percentage must be in (0, 100], not " + percent);
        }
        return readOnly(production, statementTimeout, "sample the tables", () -> {
            Map<QualifiedName, TableStatistics> result = new TreeMap<>();
            for (Found f : tables(production, tables).values()) {
                long rows = rows(production, f);
                List<ColumnStatistics> cols = new ArrayList<>();
                for (String column : readableColumns(production, f.name())) {
                    cols.add(Sample.column(production, f.name(), column, percent, rows));
                }
                result.put(f.name(), new TableStatistics(f.name(), rows, f.pages(), cols));
            }
            return Collections.unmodifiableMap(result);
        });
    }

    /**
     * No statistics at all ({@code --from DIR --rows T=N}): shapes from the column types and constraints only.
     * Key columns (primary key, single-column unique) are distinct per row; booleans take 2 values, enums their
     * labels; other columns half as many distinct values as rows; nullable columns are NULL in
     * {@value #ASSUMED_NULL_FRACTION} of the rows; widths are the types' (a text 16 bytes, a varchar(n) up to n).
     */
    public static TableStatistics assumed(Table table, QualifiedName name, long rows) {
        List<ColumnStatistics> columns = new ArrayList<>();
        for (Column c : table.columns()) {
            columns.add(assumedColumn(table, c));
        }
        return new TableStatistics(name, rows, 0, columns);
    }

    static final double ASSUMED_NULL_FRACTION = 0.1;

    static ColumnStatistics assumedColumn(Table table, Column c) {
        boolean key = table.primaryKey().filter(pk -> pk.columns().equals(List.of(c.name()))).isPresent()
                || table.uniqueConstraints().stream().anyMatch(u -> u.columns().equals(List.of(c.name())))
                || table.indexes().stream().anyMatch(i -> i.unique() && i.where().isEmpty()
                        && i.keyColumns().equals(List.of(c.name())) && i.keys().size() == 1)
                || c.identity().isPresent();
        double distinct = key ? -1 : switch (ValueShape.kindOf(c.type())) {
            case BOOLEAN -> 2;
            default -> -0.5;
        };
        double nulls = c.nullable() && !key ? ASSUMED_NULL_FRACTION : 0;
        return new ColumnStatistics(c.name(), nulls, distinct, List.of(), List.of(), List.of(),
                ValueShape.typeWidth(c.type()), 0);
    }

    private record Found(QualifiedName name, double reltuples, long pages, boolean readable) {
        boolean analysed() {
            return reltuples >= 0;
        }
    }

    private static Map<QualifiedName, Found> tables(Connection c, Set<QualifiedName> tables) throws SQLException {
        Map<QualifiedName, Found> found = new TreeMap<>();
        try (PreparedStatement st = c.prepareStatement(TABLES_SQL)) {
            bindNames(c, st, tables);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    QualifiedName name = new QualifiedName(rs.getString("nspname"), rs.getString("relname"));
                    found.put(name, new Found(name, rs.getDouble("reltuples"), rs.getLong("relpages"),
                            rs.getBoolean("readable")));
                }
            }
        }
        return found;
    }

    /** reltuples; -1 (PostgreSQL 14+: never analysed nor vacuumed) is counted when the role may read the table. */
    private static long rows(Connection c, Found f) throws SQLException {
        if (f.analysed()) {
            return Math.round(f.reltuples());
        }
        if (!f.readable()) {
            return 0;
        }
        try (var st = c.createStatement();
                var rs = st.executeQuery("SELECT count(*) FROM " + Identifiers.qualified(f.name()))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static List<String> readableColumns(Connection c, QualifiedName table) throws SQLException {
        String sql = """
                SELECT a.attname::text FROM pg_catalog.pg_attribute a
                JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
                JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
                  AND pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT')
                ORDER BY a.attnum
                """;
        List<String> names = new ArrayList<>();
        try (PreparedStatement st = c.prepareStatement(sql)) {
            st.setString(1, table.schema());
            st.setString(2, table.name());
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }

    private static void bindNames(Connection c, PreparedStatement st, Set<QualifiedName> tables) throws SQLException {
        st.setArray(1, c.createArrayOf("text", tables.stream().map(QualifiedName::schema).toArray()));
        st.setArray(2, c.createArrayOf("text", tables.stream().map(QualifiedName::name).toArray()));
    }

    static List<String> strings(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(String::valueOf).toList();
    }

    static List<Double> doubles(Array array) throws SQLException {
        if (array == null) {
            return List.of();
        }
        return Arrays.stream((Object[]) array.getArray()).map(o -> ((Number) o).doubleValue()).toList();
    }

    @FunctionalInterface
    private interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in a READ ONLY transaction under the timeout, always rolled back; autocommit restored. */
    private static <T> T readOnly(Connection c, Duration timeout, String what, Work<T> work) {
        try {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                try (var st = c.createStatement()) {
                    st.execute("SET TRANSACTION READ ONLY");
                    st.execute("SET LOCAL statement_timeout = " + Math.max(1, timeout.toMillis()));
                }
                return work.run();
            } finally {
                c.rollback();
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StrataException("cannot " + what + ": " + e.getMessage(), e);
        }
    }

    /** The statistics of one column from a repeatable sample, each question in a savepoint (a type may lack it). */
    private static final class Sample {

        /** The sample's seed: the same rows for every query of one read. */
        private static final int REPEATABLE = 20_240_101;

        /** As ANALYZE's default statistics target: up to 100 most common values, 101 histogram bounds. */
        private static final int TARGET = 100;

        static ColumnStatistics column(Connection c, QualifiedName table, String column, double percent, long rows)
                throws SQLException {
            String from = " FROM " + Identifiers.qualified(table) + " TABLESAMPLE SYSTEM ("
                    + BigDecimal.valueOf(percent).toPlainString() + ") REPEATABLE (" + REPEATABLE + ")";
            String sample = "SELECT " + Identifiers.quote(column) + " AS v" + from;
            List<Object> basics = first(c, "SELECT count(*), count(v), coalesce(avg(pg_catalog.pg_column_size(v))"
                    + " FILTER (WHERE v IS NOT NULL), 0)::int FROM (" + sample + ") AS s", 3);
            long n = ((Number) basics.get(0)).longValue();
            long nonNull = ((Number) basics.get(1)).longValue();
            int width = ((Number) basics.get(2)).intValue();
            double nullFraction = n == 0 ? 0 : (double) (n - nonNull) / n;
            double distinct = 0;
            List<String> mcv = List.of();
            List<Double> mcf = List.of();
            List<String> histogram = List.of();
            double correlation = 0;
            Optional<List<Object>> groups = question(c, "SELECT count(*), count(*) FILTER (WHERE g.c = 1) FROM"
                    + " (SELECT count(*) AS c FROM (" + sample + ") AS s WHERE v IS NOT NULL GROUP BY v) AS g", 2);
            if (groups.isPresent() && nonNull > 0) {
                long d = ((Number) groups.get().get(0)).longValue();
                long f1 = ((Number) groups.get().get(1)).longValue();
                distinct = Sample.distinct(n, nonNull, d, f1, rows, nullFraction);
                double average = (double) nonNull / d;
                // As ANALYZE: every value is a most common one when the sample saw each more than once and they fit
                // the list; otherwise those more common than 1.25 times the average.
                double threshold = f1 == 0 && d <= TARGET ? 1 : Math.max(1, 1.25 * average);
                var common = question(c, "SELECT pg_catalog.array_agg(v ORDER BY c DESC, v), pg_catalog.array_agg(c"
                        + " ORDER BY c DESC, v) FROM (SELECT v::text AS v, count(*) AS c FROM (" + sample + ") AS s"
                        + " WHERE v IS NOT NULL GROUP BY v HAVING count(*) > "
                        + BigDecimal.valueOf(threshold).toPlainString() + " ORDER BY count(*) DESC, v::text LIMIT "
                        + TARGET + ") AS m", 2);
                if (common.isPresent() && common.get().get(0) != null) {
                    mcv = texts(common.get().get(0));
                    mcf = ((List<?>) common.get().get(1)).stream().map(x -> ((Number) x).doubleValue() / n).toList();
                }
                if (mcv.size() < d) {
                    var bounds = question(c, "SELECT (pg_catalog.percentile_disc(ARRAY(SELECT g / " + TARGET
                            + ".0 FROM pg_catalog.generate_series(0, " + TARGET + ") AS g)::float8[]) WITHIN GROUP"
                            + " (ORDER BY v))::text::text[] FROM (" + sample + ") AS s WHERE v IS NOT NULL AND NOT"
                            + " (v::text = ANY (?::text[]))", 1, c.createArrayOf("text", mcv.toArray()));
                    if (bounds.isPresent() && bounds.get().get(0) != null) {
                        // percentile_disc repeats a value that spans several buckets; pg_stats' bounds are distinct
                        histogram = List.copyOf(new LinkedHashSet<>(texts(bounds.get().get(0))));
                    }
                    // ctid needs a SELECT on the whole table: a role with column privileges gets no correlation
                    var corr = question(c, "SELECT coalesce(pg_catalog.corr(p, r), 0) FROM (SELECT"
                            + " pg_catalog.row_number() OVER (ORDER BY ctid) AS p, pg_catalog.rank() OVER"
                            + " (ORDER BY " + Identifiers.quote(column) + ") AS r" + from + " WHERE "
                            + Identifiers.quote(column) + " IS NOT NULL) AS o", 1);
                    if (corr.isPresent()) {
                        correlation = ((Number) corr.get().get(0)).doubleValue();
                    }
                }
            }
            return new ColumnStatistics(column, nullFraction, distinct, mcv, mcf, histogram.size() < 2 ? List.of()
                    : histogram, width, correlation);
        }

        /**
         * ANALYZE's estimator (Haas and Stokes' Duj1): n·d / (n − f1 + f1·n/N) from the sample's distinct values
         * and those seen once; stored, as ANALYZE does, as a fraction of the rows (negative) when above 10 % of them.
         */
        static double distinct(long sampleRows, long nonNull, long d, long f1, long totalRows, double nullFraction) {
            if (f1 == d && d == nonNull) {
                return -(1 - nullFraction);
            }
            double total = Math.max(totalRows, sampleRows);
            double estimate = f1 == d ? d : sampleRows * (double) d / (sampleRows - f1 + f1 * sampleRows / total);
            estimate = Math.max(d, Math.min(estimate, total * (1 - nullFraction)));
            return estimate > 0.1 * total ? -(estimate / total) : Math.round(estimate);
        }

        private static List<String> texts(Object list) {
            return ((List<?>) list).stream().map(String::valueOf).toList();
        }

        private static List<Object> first(Connection c, String sql, int columns) throws SQLException {
            try (PreparedStatement st = c.prepareStatement(sql); ResultSet rs = st.executeQuery()) {
                rs.next();
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(rs.getObject(i));
                }
                return row;
            }
        }

        /** The first row of a query in a savepoint; empty when the server refuses it (say, json has no equality). */
        private static Optional<List<Object>> question(Connection c, String sql, int columns, Object... parameters)
                throws SQLException {
            Savepoint savepoint = c.setSavepoint();
            try (PreparedStatement st = c.prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    st.setObject(i + 1, parameters[i]);
                }
                try (ResultSet rs = st.executeQuery()) {
                    rs.next();
                    List<Object> row = new ArrayList<>();
                    for (int i = 1; i <= columns; i++) {
                        Object value = rs.getObject(i);
                        row.add(value instanceof Array a ? Arrays.asList((Object[]) a.getArray()) : value);
                    }
                    c.releaseSavepoint(savepoint);
                    return Optional.of(row);
                }
            } catch (SQLException e) {
                if ("57014".equals(e.getSQLState())) {
                    throw e; // the statement timeout: the user's bound, not a type's limit
                }
                c.rollback(savepoint);
                return Optional.empty();
            }
        }
    }
}
