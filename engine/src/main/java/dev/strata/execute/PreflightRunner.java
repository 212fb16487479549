package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.IndexKey;
import dev.strata.plan.Conversion;
import dev.strata.plan.Preflight;
import dev.strata.plan.PreflightCheck;
import dev.strata.plan.PreflightFinding;
import dev.strata.plan.RowSource;
import dev.strata.sql.Identifiers;
import dev.strata.sql.OperatorNames;
import dev.strata.sql.TypeNames;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Runs a plan's {@link PreflightCheck}s against the live data: each query in its own {@code READ ONLY} transaction
 * (always rolled back) under {@code statement_timeout}, so preflight can neither write nor run unbounded, and may run
 * on a replica. A check that cannot run (timeout, missing privilege, an error) is reported as not checked, never as
 * passed.
 *
 * <p>A conversion that fails raises an error rather than returning rows, and PostgreSQL 14 has no way to catch it in a
 * plain query ({@code pg_input_is_valid} is 16+, and judges text input only, not casts from other types or
 * {@code using:} expressions). So the whole table is tried first (one scan: the usual, passing case); when that
 * raises a data exception, the table is bisected by physical position ({@code ctid} ranges, a TID range scan each)
 * in fresh read-only transactions until each failing row is alone, up to {@link #BISECTION_QUERIES} queries; beyond
 * them the count is a lower bound.
 */
public final class PreflightRunner {

    /** The default bound of each preflight query ({@code --preflight-timeout}). */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    /** Queries one conversion check may spend isolating failing rows. */
    static final int BISECTION_QUERIES = 400;

    /** Positions per heap page in a bisection range: more than any page holds (MaxHeapTuplesPerPage, 32 kB pages). */
    private static final long PER_PAGE = 2048;

    private static final String QUERY_CANCELED = "57014";

    /** Keys of failing rows a bisection keeps, to show the first {@link PreflightFinding#EXAMPLES} in key order. */
    private static final int KEYS_KEPT = 100;

    private final Connection connection;
    private final Duration timeout;

    public PreflightRunner(Connection connection, Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the preflight timeout must be positive");
        }
        this.connection = connection;
        this.timeout = timeout;
    }

    /** Runs every check of {@code preflight}; the connection is left in autocommit mode. */
    public Preflight run(Preflight preflight) {
        List<PreflightFinding> findings = new ArrayList<>();
        try {
            Session.standardStrings(connection);
            for (PreflightCheck check : preflight.checks()) {
                findings.add(run(check));
            }
            // What fails first comes first.
            findings.sort(java.util.Comparator.comparing(PreflightFinding::phase));
        } catch (SQLException e) {
            throw new StrataException("preflight failed: " + Executor.firstLine(e), e);
        } finally {
            Session.rollbackQuietly(connection);
            Session.autoCommitQuietly(connection);
        }
        return preflight.withFindings(findings);
    }

    private PreflightFinding run(PreflightCheck check) throws SQLException {
        try {
            return switch (check) {
                case PreflightCheck.NotNull n -> rowsWhere(n, l1(n.rows()) + " WHERE r." + q(n.column()) + " IS NULL",
                        "have NULL " + n.column());
                case PreflightCheck.Check c -> rowsWhere(c, l1(c.rows()) + " WHERE NOT (" + c.expression() + ")",
                        "violate CHECK " + c.name() + " (" + c.expression() + ")");
                case PreflightCheck.Unique u -> unique(u);
                case PreflightCheck.ForeignKey f -> foreignKey(f);
                case PreflightCheck.Exclusion e -> exclusion(e);
                case PreflightCheck.Conversion c -> conversion(c);
            };
        } catch (SQLException e) {
            return PreflightFinding.notChecked(check, reason(e));
        }
    }

    private String reason(SQLException e) {
        return QUERY_CANCELED.equals(e.getSQLState()) ? "timed out after " + seconds(timeout)
                : Executor.firstLine(e).replaceFirst("^ERROR:\\s+", "");
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Rows of {@code from} (an {@code r} relation with its filter) in key order: count and examples. */
    private PreflightFinding rowsWhere(PreflightCheck check, String fromWhere, String violation) throws SQLException {
        Aliases a = Aliases.of(check.rows());
        Counted found = counted("SELECT count(*) OVER (), CAST(r." + q(a.key) + " AS text) " + fromWhere
                + " ORDER BY r." + q(a.key) + " LIMIT " + PreflightFinding.EXAMPLES, List.of());
        return found.rows == 0 ? PreflightFinding.passes(check)
                : PreflightFinding.fails(check, found.rows, false, violation, labelled(check.rows(), found.examples));
    }

    private PreflightFinding unique(PreflightCheck.Unique u) throws SQLException {
        Aliases a = Aliases.of(u.rows());
        List<String> keys = u.keys().stream().map(PreflightRunner::key).toList();
        String value = keys.size() == 1 ? keys.getFirst() : "ROW(" + String.join(", ", keys) + ")";
        List<String> conditions = new ArrayList<>();
        if (!u.nullsNotDistinct()) {
            keys.forEach(k -> conditions.add(k + " IS NOT NULL"));
        }
        u.where().ifPresent(w -> conditions.add("(" + w + ")"));
        String sql = "SELECT count(*) OVER (), sum(g.n) OVER (), g.v, g.k FROM (SELECT CAST(" + value + " AS text) AS v,"
                + " count(*) AS n, (array_agg(CAST(r." + q(a.key) + " AS text) ORDER BY r." + q(a.key) + "))[1:"
                + PreflightFinding.EXAMPLES + "] AS k " + l1(u.rows())
                + (conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions))
                + " GROUP BY " + String.join(", ", keys) + " HAVING count(*) > 1) AS g ORDER BY g.v LIMIT "
                + PreflightFinding.EXAMPLES;
        long groups = 0;
        long rows = 0;
        List<String> examples = new ArrayList<>();
        try (PreparedStatement st = begin(sql); ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
                groups = rs.getLong(1);
                rows = rs.getLong(2);
                List<String> named = List.of((String[]) rs.getArray(4).getArray());
                examples.add(rs.getString(3) + " (" + String.join(", ", labelled(u.rows(), named)) + ")");
            }
        } finally {
            connection.rollback();
        }
        if (rows == 0) {
            return PreflightFinding.passes(u);
        }
        String label = u.keys().size() == 1 ? keyLabel(u.keys().getFirst()) : "(" + u.keys().stream()
                .map(PreflightRunner::keyLabel).collect(Collectors.joining(", ")) + ")";
        return PreflightFinding.fails(u, rows, false, "share a value of " + label + " with another row ("
                + groups + (groups == 1 ? " value" : " values") + ", " + u.describe() + ")", examples);
    }

    private PreflightFinding foreignKey(PreflightCheck.ForeignKey f) throws SQLException {
        ForeignKey fk = f.foreignKey();
        if (f.parent().isEmpty()) {
            return PreflightFinding.notChecked(f, "the referenced table " + fk.target() + " is new in this plan");
        }
        List<String> child = fk.columns().stream().map(c -> "r." + q(c)).toList();
        String matches = IntStream.range(0, child.size())
                .mapToObj(i -> "p." + q(fk.targetColumns().get(i)) + " = " + child.get(i))
                .collect(Collectors.joining(" AND "));
        String orphan = child.stream().map(c -> c + " IS NOT NULL").collect(Collectors.joining(" AND "))
                + " AND NOT EXISTS (SELECT 1 " + l1(f.parent().get(), "p") + " WHERE " + matches + ")";
        String condition = fk.match() == ForeignKey.Match.FULL
                ? "(" + orphan + ") OR (num_nulls(" + String.join(", ", child) + ") > 0 AND num_nonnulls("
                        + String.join(", ", child) + ") > 0)"
                : orphan;
        return rowsWhere(f, l1(f.rows()) + " WHERE " + condition, "reference no row of " + fk.target() + " "
                + "(" + String.join(", ", fk.columns()) + ")");
    }

    private PreflightFinding exclusion(PreflightCheck.Exclusion e) throws SQLException {
        Aliases a = Aliases.of(e.rows());
        ExclusionConstraint x = e.exclusion();
        List<String> values = new ArrayList<>();
        List<String> conflicts = new ArrayList<>();
        for (int i = 0; i < x.elements().size(); i++) {
            ExclusionConstraint.Element element = x.elements().get(i);
            values.add(key(element.key()) + " AS v" + i);
            conflicts.add("a.v" + i + " " + operator(element.operator()) + " b.v" + i);
        }
        String sql = "WITH e AS (SELECT r." + q(a.row) + " AS id, r." + q(a.key) + " AS k, " + String.join(", ", values)
                + " " + l1(e.rows()) + x.where().map(w -> " WHERE (" + w + ")").orElse("") + ")"
                + " SELECT count(*) OVER (), CAST(a.k AS text) FROM e AS a WHERE EXISTS (SELECT 1 FROM e AS b WHERE"
                + " b.id <> a.id AND " + String.join(" AND ", conflicts) + ") ORDER BY a.k LIMIT " + PreflightFinding.EXAMPLES;
        Counted found = counted(sql, List.of());
        return found.rows == 0 ? PreflightFinding.passes(e)
                : PreflightFinding.fails(e, found.rows, false, "conflict with another row under EXCLUDE " + x.name(),
                        labelled(e.rows(), found.examples));
    }

    /** {@code OPERATOR(schema.op)} when qualified (only that form is infix), else the bare symbol. */
    private static String operator(String text) {
        OperatorNames.Parsed parsed = OperatorNames.parse(text);
        return parsed.schema().isPresent() ? "OPERATOR(" + parsed.sql() + ")" : parsed.symbol();
    }

    private PreflightFinding conversion(PreflightCheck.Conversion c) throws SQLException {
        Aliases a = Aliases.of(c.rows());
        String source = "s." + q(c.current());
        String to = TypeNames.sql(c.to());
        // The default conversion must convert back unchanged (plan.Conversion); a using: expression only must not fail.
        String condition = c.using().map(u -> "num_nulls(CAST((" + u + ") AS " + to + ")) < 0")
                .orElse(Conversion.lostOnTheWayBack(source, "CAST(" + source + " AS " + to + ")", c.from()));
        String select = "SELECT count(*) OVER (), CAST(s." + q(a.key) + " AS text) FROM (" + l0(c.rows(), a, true)
                + " OFFSET 0) AS s WHERE " + condition + " ORDER BY s." + q(a.key) + " LIMIT " + PreflightFinding.EXAMPLES;
        String violation = "do not convert from " + c.from() + " to " + c.to()
                + c.using().map(u -> " using " + u).orElse(" and back unchanged");
        long pages;
        try (PreparedStatement st = begin("SELECT pg_relation_size(CAST(? AS regclass)) / current_setting('block_size')::bigint")) {
            st.setString(1, Identifiers.qualified(c.rows().current()));
            try (ResultSet rs = st.executeQuery()) {
                rs.next();
                pages = rs.getLong(1);
            }
        } finally {
            connection.rollback();
        }
        Bisection b = new Bisection(select, "SELECT CAST(s." + q(a.key) + " AS text) FROM (" + l0(c.rows(), a, true)
                + ") AS s");
        try {
            Counted whole = b.counted(0, (pages + 1) * PER_PAGE);
            if (whole.rows == 0) {
                return PreflightFinding.passes(c);
            }
            return PreflightFinding.fails(c, whole.rows, false, violation, labelled(c.rows(), whole.examples));
        } catch (SQLException e) {
            if (!dataException(e)) {
                throw e;
            }
        }
        b.bisect(0, (pages + 1) * PER_PAGE);
        // Found in physical order: the examples are the first keys in key order among those found.
        List<String> inKeyOrder = counted("SELECT 1, CAST(s." + q(a.key) + " AS text) FROM (" + l0(c.rows(), a, false)
                + ") AS s WHERE CAST(s." + q(a.key) + " AS text) = ANY (CAST(? AS text[])) ORDER BY s." + q(a.key)
                + " LIMIT " + PreflightFinding.EXAMPLES, List.of(textArray(b.examples))).examples;
        return PreflightFinding.fails(c, b.rows, b.unresolved > 0, violation, labelled(c.rows(), inKeyOrder));
    }

    /** Isolates the rows of a conversion that raise an error by halving ranges of physical positions. */
    private final class Bisection {
        private final String select;
        private final String keyOf;
        long rows;
        int unresolved;
        int queries;
        final List<String> examples = new ArrayList<>();

        Bisection(String select, String keyOf) {
            this.select = select;
            this.keyOf = keyOf;
        }

        Counted counted(long from, long to) throws SQLException {
            queries++;
            return PreflightRunner.this.counted(select, List.of(tid(from), tid(to)));
        }

        void bisect(long from, long to) throws SQLException {
            if (queries >= BISECTION_QUERIES) {
                unresolved++;
                rows++;
                return;
            }
            try {
                Counted found = counted(from, to);
                rows += found.rows;
                add(found.examples);
                return;
            } catch (SQLException e) {
                if (!dataException(e) && !QUERY_CANCELED.equals(e.getSQLState())) {
                    throw e;
                }
                if (QUERY_CANCELED.equals(e.getSQLState())) {
                    unresolved++;
                    rows++;
                    return;
                }
            }
            if (to - from == 1) {
                rows++;
                queries++;
                add(PreflightRunner.this.counted("SELECT 1, k FROM (" + keyOf + ") AS x(k)", List.of(tid(from), tid(to))).examples);
                return;
            }
            long middle = from + (to - from) / 2;
            bisect(from, middle);
            bisect(middle, to);
        }

        private void add(List<String> more) {
            more.stream().limit(KEYS_KEPT - examples.size()).forEach(examples::add);
        }

        private static String tid(long position) {
            return "(" + position / PER_PAGE + "," + position % PER_PAGE + ")";
        }
    }

    /** A text[] literal of {@code values}, bound as a parameter (never part of the statement). */
    private static String textArray(List<String> values) {
        return values.stream().map(v -> "\"" + v.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }

    /** SQLSTATE class 22: a value the conversion rejects (invalid text, out of range, too long). */
    private static boolean dataException(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("22");
    }

    private record Counted(long rows, List<String> examples) {}

    /** Runs a query returning (total count, key text) rows; {@code parameters} are bound as text. */
    private Counted counted(String sql, List<String> parameters) throws SQLException {
        long rows = 0;
        List<String> examples = new ArrayList<>();
        try (PreparedStatement st = begin(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                st.setString(i + 1, parameters.get(i));
            }
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows = rs.getLong(1);
                    examples.add(rs.getString(2));
                }
            }
        } finally {
            connection.rollback();
        }
        return new Counted(rows, examples);
    }

    /** A new read-only transaction bounded by the timeout, and {@code sql} prepared in it. */
    private PreparedStatement begin(String sql) throws SQLException {
        connection.setAutoCommit(false);
        try (var st = connection.createStatement()) {
            st.execute("SET TRANSACTION READ ONLY");
        }
        try (PreparedStatement st = connection.prepareStatement("SELECT set_config('statement_timeout', ?, true)")) {
            st.setString(1, timeout.toMillis() + "ms");
            st.execute();
        }
        return connection.prepareStatement(sql);
    }

    /** Key values as a finding shows them: the first names the key ({@code id 17}, {@code 204}). */
    private static List<String> labelled(RowSource rows, List<String> keys) {
        List<String> out = new ArrayList<>();
        for (String k : keys) {
            out.add(out.isEmpty() ? label(rows) + " " + k : k);
        }
        return out;
    }

    private static String label(RowSource rows) {
        return rows.key().isEmpty() ? "ctid" : rows.key().size() == 1 ? rows.key().getFirst()
                : "(" + String.join(", ", rows.key()) + ")";
    }

    private static String key(IndexKey key) {
        return switch (key.target()) {
            case IndexKey.ColumnTarget c -> "r." + q(c.column());
            case IndexKey.ExpressionTarget e -> "(" + e.sql() + ")";
        };
    }

    private static String keyLabel(IndexKey key) {
        return switch (key.target()) {
            case IndexKey.ColumnTarget c -> c.column();
            case IndexKey.ExpressionTarget e -> "(" + e.sql() + ")";
        };
    }

    /** {@code FROM (rows in the desired shape) AS r}. */
    private static String l1(RowSource rows) {
        return l1(rows, "r");
    }

    private static String l1(RowSource rows, String alias) {
        Aliases a = Aliases.of(rows);
        List<String> columns = new ArrayList<>(List.of("s." + q(a.row) + ", s." + q(a.key)));
        for (RowSource.Value v : rows.columns()) {
            String type = TypeNames.sql(v.type());
            String value = switch (v) {
                case RowSource.Kept k -> "s." + q(k.current());
                case RowSource.Converted c -> c.using().map(u -> "CAST((" + u + ") AS " + type + ")")
                        .orElse("CAST(s." + q(c.current()) + " AS " + type + ")");
                case RowSource.Filled f -> "CAST((" + f.expression() + ") AS " + type + ")";
                case RowSource.Missing m -> "CAST(NULL AS " + type + ")";
            };
            columns.add(value + " AS " + q(v.column()));
        }
        return "FROM (SELECT " + String.join(", ", columns) + " FROM (" + l0(rows, a, false) + ") AS s) AS " + alias;
    }

    /**
     * The current rows with their position and key under {@link Aliases}, and renamed columns also under their desired
     * names ({@code using:} and {@code backfill:} may name either); {@code ranged}: between two positions bound as
     * parameters.
     */
    private static String l0(RowSource rows, Aliases a, boolean ranged) {
        String keyValue = rows.key().isEmpty() ? "t.ctid" : rows.key().size() == 1 ? "t." + q(rows.key().getFirst())
                : "ROW(" + rows.key().stream().map(k -> "t." + q(k)).collect(Collectors.joining(", ")) + ")";
        Set<String> current = new HashSet<>();
        rows.columns().forEach(v -> {
            switch (v) {
                case RowSource.Kept k -> current.add(k.current());
                case RowSource.Converted c -> current.add(c.current());
                default -> { }
            }
        });
        StringBuilder sql = new StringBuilder("SELECT t.*, t.ctid AS " + q(a.row) + ", " + keyValue + " AS " + q(a.key));
        rows.renamed().forEach((desired, was) -> {
            if (!current.contains(desired)) {
                sql.append(", t.").append(q(was)).append(" AS ").append(q(desired));
            }
        });
        sql.append(" FROM ").append(Identifiers.qualified(rows.current())).append(" AS t");
        if (ranged) {
            sql.append(" WHERE t.ctid >= CAST(? AS tid) AND t.ctid < CAST(? AS tid)");
        }
        return sql.toString();
    }

    private static String q(String identifier) {
        return Identifiers.quote(identifier);
    }

    /** The names preflight gives a row's position and key, free of the table's column names. */
    private record Aliases(String row, String key) {
        static Aliases of(RowSource rows) {
            Set<String> taken = new HashSet<>(rows.renamed().keySet());
            rows.renamed().values().forEach(taken::add);
            rows.columns().forEach(v -> taken.add(v.column()));
            rows.key().forEach(taken::add);
            return new Aliases(free("strata_row", taken), free("strata_key", taken));
        }

        private static String free(String base, Set<String> taken) {
            String name = base;
            for (int n = 2; taken.contains(name); n++) {
                name = base + "_" + n;
            }
            return name;
        }
    }
}
