package dev.strata.rehearse;

import dev.strata.diagnostics.StrataException;
import dev.strata.expr.AllowedValues;
import dev.strata.expr.Expressions;
import dev.strata.expr.ParseResult;
import dev.strata.expr.SingleStatement;
import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.sql.Identifiers;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Synthetic rows for a rehearsal, on the scratch database only: shaped by production's statistics, never copied
 * from it.
 *
 * <p>Each table is filled by {@code INSERT … SELECT … FROM generate_series} statements whose values are SQL
 * expressions of the row number ({@link ValueShape}): the server generates and checks the rows, nothing travels
 * per row. Parents are filled first. A foreign key picks its parent rows through a numbered copy of the parent's key
 * (a temporary table, {@code rn → key}); a self-reference is NULL at insertion and pointed at an existing row of the
 * table afterwards. Keys stay unique because one column of each key is drawn injectively from the row number (or,
 * for a key made only of foreign keys, the parents are combined in mixed radix); where that cannot be certain (mixed
 * radix, expression or exclusion keys, a column too narrow for the count) whatever a key still rejects is dropped by
 * {@code ON CONFLICT DO NOTHING} and replaced in the next round (elsewhere a plain INSERT spares the probe per key). CHECK constraints filter the candidates
 * ({@code WHERE (check) IS NOT FALSE}, the expression rendered by {@code dev.strata.expr}), and rounds repeat, with
 * more candidates as the rejection rate says, until the count is reached. Identity and sequence-fed columns take
 * their defaults; so does a column with another default whose statistics carry no values (an assumed shape);
 * generated columns are left to the server.
 *
 * <p>What it cannot reproduce: correlations between columns (each is drawn independently), the physical order
 * ({@code correlation}: rows are inserted in row-number order, values placed by hash), TOAST-heavy values (widths
 * are met by padding with hex digits, which compress unlike real text), dead tuples and bloat, values outside the
 * histogram, and CHECK constraints that random values almost never satisfy (the fill then stops with an error).
 */
public final class SyntheticRows {

    private SyntheticRows() {}

    /** Rounds of candidates per table before the fill gives up on a constraint that rejects too much. */
    private static final int MAX_ROUNDS = 12;

    /** The tables plus every table their foreign keys reach (parents must have rows for children to point at). */
    public static Set<QualifiedName> withParents(Catalog catalog, Set<QualifiedName> tables) {
        Set<QualifiedName> closure = new TreeSet<>(tables);
        ArrayDeque<QualifiedName> todo = new ArrayDeque<>(tables);
        while (!todo.isEmpty()) {
            QualifiedName name = todo.pop();
            catalog.table(name).ifPresent(t -> t.foreignKeys().forEach(fk -> {
                if (closure.add(fk.target())) {
                    todo.push(fk.target());
                }
            }));
        }
        return closure;
    }

    /**
     * Fills each table of {@code rows} in the scratch database (whose schema is exactly {@code catalog}, empty),
     * parents first; keys unique, foreign keys pointing at existing parent rows, checks and NOT NULL satisfied;
     * value shapes (null fraction, distinct count, most common values, histogram, width) from the statistics (a
     * table or column without any gets {@link StatisticsReader#assumed}'s). Deterministic for a seed. Each table is
     * analysed afterwards, so the planner sees what a production planner would. Returns what it did.
     */
    public static FillResult fill(Connection scratch, Catalog catalog, Map<QualifiedName, TableStatistics> statistics,
            Map<QualifiedName, Long> rows, long seed) {
        long started = System.nanoTime();
        Map<QualifiedName, Long> filled = new TreeMap<>();
        try {
            boolean autoCommit = scratch.getAutoCommit();
            scratch.setAutoCommit(true);
            try {
                Filler filler = new Filler(scratch, catalog, seed);
                try {
                    for (QualifiedName name : parentsFirst(catalog, rows.keySet())) {
                        Table table = catalog.table(name).orElseThrow(() -> new StrataException(
                                "cannot fill " + name + ": no such table in the schema"));
                        long wanted = Math.max(0, rows.getOrDefault(name, 0L));
                        TableStatistics stats = Optional.ofNullable(statistics.get(name))
                                .orElseGet(() -> StatisticsReader.assumed(table, name, wanted));
                        filled.put(name, filler.fill(name, table, stats, wanted));
                    }
                } finally {
                    filler.dropMaps();
                }
            } finally {
                scratch.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StrataException("cannot fill the scratch database: " + e.getMessage(), e);
        }
        return new FillResult(filled, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Estimated bytes of heap + indexes for n rows of a table, from the statistics' widths (for
     * {@code --max-scratch-gb}). An estimate: a heap tuple is its 24-byte header, its 4-byte line pointer and its
     * values' average widths (as often as they are not NULL), aligned to 8; an index entry is 8 bytes of header, 4 of
     * line pointer and its keys' widths, aligned to 8, in leaves 75 % full (filled by inserts, not built sorted); plus
     * each relation's first pages (free space and visibility maps, an index's meta page and root). TOAST'd values
     * and bloat are left out.
     */
    public static long estimatedBytes(Table table, TableStatistics statistics, long rows) {
        Map<String, Double> width = new HashMap<>();
        for (Column c : table.columns()) {
            Optional<ColumnStatistics> s = statistics.column(c.name());
            double w = s.map(ColumnStatistics::averageWidth).filter(x -> x > 0).orElse(ValueShape.typeWidth(c.type()));
            double nulls = s.map(ColumnStatistics::nullFraction).orElse(0.0);
            width.put(c.name(), w * (1 - nulls));
        }
        double values = width.values().stream().mapToDouble(Double::doubleValue).sum();
        long bitmap = table.columns().stream().anyMatch(Column::nullable) ? (table.columns().size() + 7) / 8 : 0;
        double tuple = align(24 + bitmap + values) + 4;
        // 8192-byte pages keep 24 bytes of header
        double heap = rows * tuple * 8192.0 / 8168.0 + 3 * 8192;
        double indexes = 0;
        for (List<String> key : indexKeys(table)) {
            double keyWidth = key.stream().mapToDouble(k -> width.getOrDefault(k, 8.0)).sum();
            indexes += rows * (align(8 + keyWidth) + 4) / 0.75 + 2 * 8192;
        }
        return Math.round(heap + indexes);
    }

    private static double align(double bytes) {
        return Math.ceil(bytes / 8) * 8;
    }

    /** The columns of every index the table has (an expression key counts as an 8-byte column). */
    private static List<List<String>> indexKeys(Table table) {
        List<List<String>> keys = new ArrayList<>();
        table.primaryKey().ifPresent(pk -> keys.add(pk.columns()));
        table.uniqueConstraints().forEach(u -> keys.add(u.columns()));
        for (Index index : table.indexes()) {
            keys.add(index.keys().stream().map(k -> k.target() instanceof IndexKey.ColumnTarget c ? c.column() : "")
                    .toList());
        }
        table.exclusions().forEach(e -> keys.add(e.elements().stream()
                .map(x -> x.key().target() instanceof IndexKey.ColumnTarget c ? c.column() : "").toList()));
        return keys;
    }

    /** Tables in an order where every parent comes before its children (a cycle broken by name order). */
    static List<QualifiedName> parentsFirst(Catalog catalog, Set<QualifiedName> tables) {
        List<QualifiedName> order = new ArrayList<>();
        Set<QualifiedName> done = new LinkedHashSet<>();
        Set<QualifiedName> visiting = new TreeSet<>();
        for (QualifiedName t : new TreeSet<>(tables)) {
            visit(catalog, tables, t, done, visiting, order);
        }
        return order;
    }

    private static void visit(Catalog catalog, Set<QualifiedName> tables, QualifiedName t, Set<QualifiedName> done,
            Set<QualifiedName> visiting, List<QualifiedName> order) {
        if (done.contains(t) || !visiting.add(t)) {
            return;
        }
        catalog.table(t).ifPresent(table -> table.foreignKeys().stream().map(ForeignKey::target)
                .filter(tables::contains).filter(p -> !p.equals(t)).sorted()
                .forEach(p -> visit(catalog, tables, p, done, visiting, order)));
        visiting.remove(t);
        done.add(t);
        order.add(t);
    }

    /** A deterministic 64-bit seed per (seed, table, column): FNV-1a over the names, mixed by SplitMix64. */
    static long columnSeed(long seed, QualifiedName table, String column) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (table.schema() + "\0" + table.name() + "\0" + column).getBytes(StandardCharsets.UTF_8)) {
            h = (h ^ (b & 0xff)) * 0x100000001b3L;
        }
        long z = seed + h + 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        // Small enough that seed + 1, + 2, + 3 never overflow in SQL
        return (z ^ (z >>> 31)) >>> 2;
    }

    /** One fill's session: numbered parent keys (temporary tables) and the tables filled so far. */
    private static final class Filler {
        private final Connection c;
        private final Catalog catalog;
        private final long seed;
        private final List<String> maps = new ArrayList<>();

        Filler(Connection c, Catalog catalog, long seed) {
            this.c = c;
            this.catalog = catalog;
            this.seed = seed;
        }

        long fill(QualifiedName name, Table table, TableStatistics stats, long wanted) throws SQLException {
            if (wanted == 0) {
                return 0;
            }
            TablePlan plan = TablePlan.of(catalog, name, table, stats, wanted, seed);
            List<ParentMap> parents = new ArrayList<>();
            for (TablePlan.Pick pick : plan.picks()) {
                ParentMap map = map(pick.foreignKey());
                if (map.rows() == 0 && !pick.nullable()) {
                    throw new StrataException("cannot fill " + name + ": its foreign key " + pick.foreignKey().name()
                            + " needs rows in " + pick.foreignKey().target() + ", which has none");
                }
                parents.add(map);
            }
            long inserted = 0;
            long next = 1;
            boolean skipDuplicates = plan.onConflict() && !plan.distinctByConstruction();
            double passRate = 1;
            for (int round = 0; inserted < wanted; round++) {
                if (round == MAX_ROUNDS) {
                    throw new StrataException("cannot fill " + name + ": only " + inserted + " of " + wanted
                            + " generated rows satisfied its keys and checks" + plan.checkNames());
                }
                long missing = wanted - inserted;
                long candidates = round == 0 ? missing : (long) Math.min(Math.ceil(missing / passRate * 1.2) + 16,
                        Math.max(missing, 50L * missing));
                long got;
                try {
                    got = insert(name, plan.insert(parents, next, next + candidates - 1, missing, skipDuplicates));
                } catch (SQLException e) {
                    if (skipDuplicates || !plan.onConflict() || !"23505".equals(e.getSQLState())) {
                        throw e;
                    }
                    // Keys the construction should have kept apart met anyway: the statement inserted nothing
                    skipDuplicates = true;
                    got = insert(name, plan.insert(parents, next, next + candidates - 1, missing, true));
                }
                inserted += got;
                next += candidates;
                passRate = Math.max(0.02, (double) got / candidates);
            }
            for (TablePlan.Pick self : plan.selfReferences()) {
                ParentMap rowsSoFar = map(self.foreignKey());
                try (var st = c.createStatement()) {
                    st.executeUpdate(plan.pointSelfReference(self, rowsSoFar));
                }
            }
            try (var st = c.createStatement()) {
                // The UPDATE left a dead version of each row it pointed: rewrite, or the table would be twice its size.
                st.execute((plan.selfReferences().isEmpty() ? "ANALYZE " : "VACUUM (FULL, ANALYZE) ")
                        + Identifiers.qualified(name));
            }
            return inserted;
        }

        private long insert(QualifiedName name, String sql) throws SQLException {
            if (!SingleStatement.isSingle(sql)) {
                throw new StrataException("cannot fill " + name + ": the generated statement is not one statement");
            }
            try (var st = c.createStatement()) {
                return st.executeUpdate(sql);
            }
        }

        /** The parent's key, numbered 1..n in key order: the rows a foreign key can point at, as of now. */
        private ParentMap map(ForeignKey fk) throws SQLException {
            String name = "strata_parent_" + (maps.size() + 1);
            List<String> keys = new ArrayList<>();
            List<String> conditions = new ArrayList<>();
            for (int i = 0; i < fk.targetColumns().size(); i++) {
                String column = Identifiers.quote(fk.targetColumns().get(i));
                keys.add(column + " AS k" + i);
                conditions.add(column + " IS NOT NULL");
            }
            String order = fk.targetColumns().stream().map(Identifiers::quote).collect(Collectors.joining(", "));
            try (var st = c.createStatement()) {
                st.execute("CREATE TEMPORARY TABLE " + name + " AS SELECT pg_catalog.row_number() OVER (ORDER BY " + order
                        + ") AS rn, " + String.join(", ", keys) + " FROM " + Identifiers.qualified(fk.target())
                        + " WHERE " + String.join(" AND ", conditions));
                maps.add(name);
                st.execute("ANALYZE pg_temp." + name);
                try (var rs = st.executeQuery("SELECT count(*) FROM pg_temp." + name)) {
                    rs.next();
                    return new ParentMap("pg_temp." + name, rs.getLong(1));
                }
            }
        }

        void dropMaps() throws SQLException {
            try (var st = c.createStatement()) {
                for (String map : maps) {
                    st.execute("DROP TABLE IF EXISTS pg_temp." + map);
                }
            }
        }
    }

    /** A numbered copy of a parent's key: {@code rn} 1..rows, {@code k0, k1, …} the key columns. */
    record ParentMap(String table, long rows) {}

    /** How one table is generated: which column is drawn how, and the statements that do it. Pure. */
    record TablePlan(QualifiedName name, Table table, Map<String, String> values, ValueShape.Constants constants, List<Pick> picks,
            List<Pick> selfReferences, List<String> checks, List<String> checkNamesList, boolean onConflict,
            boolean distinctByConstruction, long rows,
            long seed) {

        /**
         * A foreign key whose parent rows are picked. {@code radix}: part of a key made only of foreign keys, its
         * parent is digit {@code (row - 1) / radixBefore % parents} (radixBefore, the product of the parent counts of
         * the radix picks before it, is known per statement); otherwise value numbers spread over the parents.
         */
        record Pick(ForeignKey foreignKey, int index, boolean nullable, double nullFraction, long distinct, long radixBefore,
                boolean radix, long seed) {}

        String checkNames() {
            return checkNamesList.isEmpty() ? "" : " (checks: " + String.join(", ", checkNamesList) + ")";
        }

        static TablePlan of(Catalog catalog, QualifiedName name, Table table, TableStatistics stats, long rows, long seed) {
            Set<String> fkColumns = new LinkedHashSet<>();
            List<ForeignKey> outer = new ArrayList<>();
            List<ForeignKey> self = new ArrayList<>();
            for (ForeignKey fk : table.foreignKeys()) {
                if (fk.columns().stream().anyMatch(fkColumns::contains)) {
                    continue; // a column already fed by another foreign key: that one decides (a documented limit)
                }
                (fk.target().equals(name) ? self : outer).add(fk);
                fkColumns.addAll(fk.columns());
            }
            Map<String, ValueShape.Column> shapes = new LinkedHashMap<>();
            Set<String> defaulted = new TreeSet<>();
            for (Column col : table.columns()) {
                if (col.generatedAs().isPresent() || col.identity().isPresent()
                        || col.defaultValue().filter(d -> d.startsWith("nextval(")).isPresent()) {
                    defaulted.add(col.name());
                    continue;
                }
                ColumnStatistics s = listed(table, col,
                        stats.column(col.name()).orElseGet(() -> StatisticsReader.assumedColumn(table, col)));
                ValueShape.Kind kind = ValueShape.kindOf(col.type());
                List<String> labels = List.of();
                if (kind == ValueShape.Kind.OTHER && col.type().userTypeName().isPresent()) {
                    var e = catalog.enumType(col.type().userTypeName().get());
                    if (e.isPresent()) {
                        kind = ValueShape.Kind.ENUM;
                        labels = e.get().labels();
                    }
                }
                shapes.put(col.name(), new ValueShape.Column(col.name(), col.type(), kind, labels, col.nullable(), s, rows,
                        columnSeed(seed, name, col.name())));
            }
            // Keys: one injective column each, or the foreign keys in mixed radix.
            Set<String> sequenced = new TreeSet<>();
            Set<ForeignKey> radix = new LinkedHashSet<>();
            boolean uncovered = false;
            for (List<String> key : uniqueKeys(table)) {
                if (key.stream().anyMatch(k -> defaulted.contains(k) || sequenced.contains(k))) {
                    continue;
                }
                // The column with room for the most distinct values: a char(2) holds a hundred numbers, a bigint all
                Optional<String> free = key.stream().filter(k -> !fkColumns.contains(k) && shapes.containsKey(k)
                        && ValueShape.sequenceable(shapes.get(k).kind()))
                        .max(java.util.Comparator.comparingDouble(k -> ValueShape.capacity(shapes.get(k))));
                if (free.isPresent()) {
                    sequenced.add(free.get());
                } else {
                    uncovered |= outer.stream().noneMatch(fk -> fk.columns().stream().anyMatch(key::contains));
                    outer.stream().filter(fk -> fk.columns().stream().anyMatch(key::contains)).forEach(radix::add);
                }
            }
            // Then a plain INSERT cannot meet a duplicate, and skips ON CONFLICT's index probe per row and key.
            boolean distinctByConstruction = !uncovered && radix.isEmpty() && table.exclusions().isEmpty()
                    && table.indexes().stream().noneMatch(i -> i.unique() && i.keys().stream()
                            .anyMatch(k -> k.target() instanceof IndexKey.ExpressionTarget))
                    && sequenced.stream().allMatch(col -> ValueShape.capacity(shapes.get(col)) >= 4.0 * rows);
            List<Pick> picks = new ArrayList<>();
            long radixBefore = 1;
            for (int i = 0; i < outer.size(); i++) {
                ForeignKey fk = outer.get(i);
                boolean nullable = fk.columns().stream().allMatch(k -> table.column(k).map(Column::nullable).orElse(false));
                ColumnStatistics s = stats.column(fk.columns().getFirst())
                        .orElseGet(() -> StatisticsReader.assumedColumn(table, table.column(fk.columns().getFirst()).orElseThrow()));
                boolean inRadix = radix.contains(fk);
                picks.add(new Pick(fk, i, nullable, nullable && !inRadix ? s.nullFraction() : 0, s.distinctValues(rows),
                        inRadix ? radixBefore : 0, inRadix, columnSeed(seed, name, "\0fk\0" + fk.name())));
            }
            List<Pick> selfPicks = new ArrayList<>();
            for (ForeignKey fk : self) {
                boolean nullable = fk.columns().stream().allMatch(k -> table.column(k).map(Column::nullable).orElse(false));
                if (!nullable) {
                    throw new StrataException("cannot fill " + name + ": its foreign key " + fk.name()
                            + " references the table itself with NOT NULL columns, so a first row cannot exist");
                }
                ColumnStatistics s = stats.column(fk.columns().getFirst())
                        .orElseGet(() -> StatisticsReader.assumedColumn(table, table.column(fk.columns().getFirst()).orElseThrow()));
                selfPicks.add(new Pick(fk, -1, true, s.nullFraction(), s.distinctValues(rows), 0, false,
                        columnSeed(seed, name, "\0fk\0" + fk.name())));
            }
            Map<String, String> values = new LinkedHashMap<>();
            ValueShape.Constants constants = new ValueShape.Constants();
            Map<String, String> pickedBy = new HashMap<>();
            for (Pick p : picks) {
                for (int k = 0; k < p.foreignKey().columns().size(); k++) {
                    pickedBy.put(p.foreignKey().columns().get(k), "m" + p.index() + ".k" + k);
                }
            }
            Set<String> selfColumns = self.stream().flatMap(fk -> fk.columns().stream()).collect(Collectors.toSet());
            for (ValueShape.Column shape : shapes.values()) {
                String col = shape.name();
                if (pickedBy.containsKey(col)) {
                    values.put(col, pickedBy.get(col));
                } else if (selfColumns.contains(col)) {
                    values.put(col, "CAST(NULL AS " + shape.sqlType() + ")");
                } else if (sequenced.contains(col)) {
                    values.put(col, ValueShape.sequenced(shape, "g.i"));
                } else {
                    Column model = table.column(col).orElseThrow();
                    boolean valueless = shape.statistics().mostCommonValues().isEmpty()
                            && shape.statistics().histogramBounds().isEmpty();
                    if (model.defaultValue().isPresent() && valueless) {
                        continue; // its default, where no statistics say otherwise
                    }
                    Optional<String> v = ValueShape.shaped(shape, "g.i", constants);
                    if (v.isPresent()) {
                        values.put(col, v.get());
                    } else if (model.defaultValue().isPresent()) {
                        continue;
                    } else if (model.nullable()) {
                        values.put(col, "CAST(NULL AS " + shape.sqlType() + ")");
                    } else {
                        throw new StrataException("cannot fill " + name + ": no statistics to draw values of type "
                                + model.type() + " for NOT NULL column " + col + " from");
                    }
                }
            }
            List<String> checks = new ArrayList<>();
            List<String> checkNames = new ArrayList<>();
            for (CheckConstraint check : table.checks()) {
                if (Expressions.parse(check.expression(), columnNames(table)) instanceof ParseResult.Parsed parsed
                        && values.keySet().containsAll(parsed.expression().columnsRead())) {
                    checks.add(parsed.expression().toPostgres());
                    checkNames.add(check.name());
                }
            }
            boolean deferrable = table.uniqueConstraints().stream().anyMatch(u -> u.deferrability() != Deferrability.NOT_DEFERRABLE)
                    || table.exclusions().stream().anyMatch(e -> e.deferrability() != Deferrability.NOT_DEFERRABLE);
            return new TablePlan(name, table, values, constants, picks, selfPicks, checks, checkNames, !deferrable,
                    distinctByConstruction, rows, seed);
        }

        /**
         * Without values from statistics, a column whose CHECK lists its values ({@code status IN ('new', 'paid')})
         * takes them, evenly: a made-up text would never pass.
         */
        static ColumnStatistics listed(Table table, Column column, ColumnStatistics s) {
            if (!s.mostCommonValues().isEmpty() || !s.histogramBounds().isEmpty()) {
                return s;
            }
            for (CheckConstraint check : table.checks()) {
                Optional<List<String>> allowed = AllowedValues.of(check.expression(), column.name());
                if (allowed.isPresent()) {
                    List<String> values = allowed.get();
                    double each = (1 - s.nullFraction()) / values.size();
                    return new ColumnStatistics(s.column(), s.nullFraction(), values.size(), values,
                            values.stream().map(v -> each).toList(), List.of(), s.averageWidth(), s.correlation());
                }
            }
            return s;
        }

        private static Set<String> columnNames(Table table) {
            return table.columns().stream().map(Column::name).collect(Collectors.toSet());
        }

        /** Primary key, unique constraints and unique indexes, as the columns each reads. */
        static List<List<String>> uniqueKeys(Table table) {
            List<List<String>> keys = new ArrayList<>();
            table.primaryKey().ifPresent(pk -> keys.add(pk.columns()));
            table.uniqueConstraints().forEach(u -> keys.add(u.columns()));
            Set<String> names = columnNames(table);
            for (Index index : table.indexes()) {
                if (!index.unique()) {
                    continue;
                }
                List<String> columns = new ArrayList<>();
                for (IndexKey k : index.keys()) {
                    switch (k.target()) {
                        case IndexKey.ColumnTarget c -> columns.add(c.column());
                        case IndexKey.ExpressionTarget e -> Expressions.columnReferences(e.sql()).orElse(List.of()).stream()
                                .map(Expressions.NameAt::name).filter(names::contains).forEach(columns::add);
                    }
                }
                if (!columns.isEmpty()) {
                    keys.add(columns);
                }
            }
            return keys;
        }

        /** The parent row number a foreign key picks for row {@code g.i}. */
        private static String rowNumber(Pick p, long parents, String row) {
            if (p.radix()) {
                return "(1 + ((" + row + ") - 1) / " + p.radixBefore() + " % " + parents + ")";
            }
            long distinct = Math.max(1, Math.min(parents, p.distinct()));
            long stride = ValueShape.stride(parents);
            return "(1 + ((" + row + ") - 1) % " + distinct + " * " + stride + " % " + parents + ")";
        }

        /** One round: rows {@code from..to} as candidates, at most {@code limit} inserted. */
        String insert(List<ParentMap> parents, long from, long to, long limit, boolean skipDuplicates) {
            List<String> columns = new ArrayList<>(values.keySet());
            String quotedColumns = columns.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
            StringBuilder inner = new StringBuilder("SELECT g.i");
            long radixBefore = 1;
            for (Pick p : picks) {
                long n = parents.get(p.index()).rows();
                Pick effective = p.radix() ? new Pick(p.foreignKey(), p.index(), p.nullable(), 0, p.distinct(), radixBefore,
                        true, p.seed()) : p;
                if (p.radix()) {
                    radixBefore = Math.multiplyExact(radixBefore, Math.max(1, n));
                }
                String number = n == 0 ? "NULL::int8" : rowNumber(effective, n, "g.i");
                if (effective.nullFraction() > 0 && n > 0) {
                    number = "CASE WHEN " + ValueShape.uniform("g.i", p.seed()) + " < " + ValueShape.number(effective.nullFraction())
                            + " THEN NULL ELSE " + number + " END";
                }
                inner.append(", ").append(number).append(" AS p").append(p.index());
            }
            inner.append(" FROM pg_catalog.generate_series(").append(from).append("::int8, ").append(to)
                    .append("::int8) AS g(i)");
            StringBuilder candidate = new StringBuilder("SELECT ");
            candidate.append(columns.isEmpty() ? "" : columns.stream().map(col -> values.get(col) + " AS " + Identifiers.quote(col))
                    .collect(Collectors.joining(", ")));
            candidate.append(" FROM (").append(inner).append(") AS g").append(constants.join());
            for (Pick p : picks) {
                candidate.append(" LEFT JOIN ").append(parents.get(p.index()).table()).append(" AS m").append(p.index())
                        .append(" ON m").append(p.index()).append(".rn = g.p").append(p.index());
            }
            String where = checks.isEmpty() ? "" : " WHERE " + checks.stream().map(x -> "(" + x + ") IS NOT FALSE")
                    .collect(Collectors.joining(" AND "));
            return "INSERT INTO " + Identifiers.qualified(name) + (columns.isEmpty() ? "" : " (" + quotedColumns + ")")
                    + " SELECT " + (columns.isEmpty() ? "" : quotedColumns) + " FROM (" + candidate + ") AS candidate"
                    + where + " LIMIT " + limit + (skipDuplicates ? " ON CONFLICT DO NOTHING" : "");
        }

        /** Points a nullable self-reference at rows of the table, NULL as often as its statistics say. */
        String pointSelfReference(Pick p, ParentMap map) {
            List<String> cols = p.foreignKey().columns();
            String targets = cols.stream().map(Identifiers::quote).collect(Collectors.joining(", "));
            StringBuilder sources = new StringBuilder();
            for (int k = 0; k < cols.size(); k++) {
                sources.append(k == 0 ? "" : ", ").append("m.k").append(k);
            }
            String number = rowNumber(p, map.rows(), "g.i");
            String keep = p.nullFraction() > 0 ? " AND " + ValueShape.uniform("g.i", p.seed()) + " >= "
                    + ValueShape.number(p.nullFraction()) : "";
            String t = Identifiers.qualified(name);
            return "UPDATE " + t + " AS t SET (" + targets + ") = ROW(" + sources + ") FROM (SELECT ctid AS tid,"
                    + " pg_catalog.row_number() OVER (ORDER BY ctid) AS i FROM " + t + ") AS g JOIN " + map.table()
                    + " AS m ON m.rn = " + number + " WHERE t.ctid = g.tid" + keep;
        }
    }
}
