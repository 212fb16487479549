package dev.strata.rehearse;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The value-shape logic without a database. */
class ValueShapeTest {

    static ColumnStatistics stats(double nulls, double distinct, List<String> mcv, List<Double> mcf, List<String> bounds,
            int width) {
        return new ColumnStatistics("c", nulls, distinct, mcv, mcf, bounds, width, 0);
    }

    @Test
    void distinctValuesResolvePgStatsConventionsAtAGivenRowCount() {
        assertEquals(1000, stats(0, -1, List.of(), List.of(), List.of(), 4).distinctValues(1000), "-1: every row");
        assertEquals(500, stats(0.2, -0.5, List.of(), List.of(), List.of(), 4).distinctValues(1000),
                "a fraction of all rows");
        assertEquals(400, stats(0.6, -0.5, List.of(), List.of(), List.of(), 4).distinctValues(1000),
                "at most the non-null rows");
        assertEquals(7, stats(0, 7, List.of(), List.of(), List.of(), 4).distinctValues(1_000_000), "a count stays a count");
        assertEquals(10, stats(0, 7000, List.of(), List.of(), List.of(), 4).distinctValues(10), "never more than rows");
        assertEquals(900, stats(0.1, 0, List.of(), List.of(), List.of(), 4).distinctValues(1000), "unknown: every value");
        assertEquals(1, stats(1, -1, List.of(), List.of(), List.of(), 4).distinctValues(1000), "at least one");
    }

    @Test
    void aStrideVisitsEveryResidueOnce() {
        for (long n : List.of(1L, 2L, 10L, 97L, 1000L, 4096L)) {
            long stride = ValueShape.stride(n);
            Set<Long> seen = new HashSet<>();
            for (long i = 0; i < n; i++) {
                seen.add(i * stride % n);
            }
            assertEquals(n, seen.size(), "n = " + n);
        }
    }

    @Test
    void textWidthIsTheStoredWidthLessTheVarlenaHeader() {
        assertEquals(9, ValueShape.textWidth(10));
        assertEquals(196, ValueShape.textWidth(200), "over 127 bytes the header is 4");
        assertEquals(8, ValueShape.textWidth(0), "unknown");
    }

    @Test
    void numbersAreRenderedPlainAndFinite() {
        assertEquals("0.25", ValueShape.number(0.25));
        assertFalse(ValueShape.number(1e-7).contains("E"));
        assertTrue(ValueShape.number(1e-7).startsWith("0.0000001"));
    }

    @Test
    void valuesFromStatisticsEnterOnlyAsQuotedLiteralsCastToTheColumnType() {
        var bad = "x'); DROP TABLE t; --";
        var column = new ValueShape.Column("c", DataType.builtin("text"), ValueShape.Kind.TEXT, List.of(), true,
                stats(0.1, 5, List.of(bad, "b"), List.of(0.5, 0.2), List.of("a\\b", "m", "z"), 6), 100, 7);
        var constants = new ValueShape.Constants();
        String sql = ValueShape.shaped(column, "g.i", constants).orElseThrow() + constants.join();
        assertTrue(sql.contains("'x''); DROP TABLE t; --'"), sql);
        assertTrue(sql.contains("E'a\\\\b'"), "a backslash as an escape string: " + sql);
        assertTrue(dev.strata.expr.SingleStatement.isSingle("SELECT " + sql), sql);
    }

    @Test
    void kindsAndSequenceability() {
        assertEquals(ValueShape.Kind.TEXT, ValueShape.kindOf(DataType.builtin("character varying", 20)));
        assertEquals(ValueShape.Kind.TIMESTAMPTZ, ValueShape.kindOf(DataType.builtin("timestamp with time zone")));
        assertEquals(ValueShape.Kind.ARRAY, ValueShape.kindOf(DataType.builtin("integer").asArray()));
        assertEquals(ValueShape.Kind.OTHER, ValueShape.kindOf(DataType.userDefined("s", "mood")));
        assertFalse(ValueShape.sequenceable(ValueShape.Kind.BOOLEAN));
        assertTrue(ValueShape.sequenceable(ValueShape.Kind.UUID));
        var char2 = new ValueShape.Column("c", DataType.builtin("character", 2), ValueShape.Kind.TEXT, List.of(), false,
                stats(0, -1, List.of(), List.of(), List.of(), 3), 10, 1);
        var integer = new ValueShape.Column("c", DataType.builtin("integer"), ValueShape.Kind.INTEGER, List.of(), false,
                stats(0, -1, List.of(), List.of(), List.of(), 4), 10, 1);
        assertTrue(ValueShape.capacity(integer) > ValueShape.capacity(char2), "a key's integer is sequenced before its char(2)");
    }

    static final QualifiedName A = QualifiedName.of("s", "a");
    static final QualifiedName B = QualifiedName.of("s", "b");
    static final QualifiedName C = QualifiedName.of("s", "c");
    static final QualifiedName D = QualifiedName.of("s", "d");

    static Table table(String name, String... parents) {
        Table t = Table.of(name, List.of(Column.of("id", DataType.builtin("integer")).withNullable(false),
                Column.of("p", DataType.builtin("integer"))))
                .withPrimaryKey(Optional.of(new PrimaryKey(name + "_pkey", List.of("id"))));
        List<ForeignKey> fks = new java.util.ArrayList<>();
        for (String p : parents) {
            fks.add(new ForeignKey(name + "_" + p + "_fkey", List.of("p"), QualifiedName.of("s", p), List.of("id"),
                    ForeignKey.Action.NO_ACTION, ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE,
                    Deferrability.NOT_DEFERRABLE));
        }
        return t.withForeignKeys(fks);
    }

    static final Catalog CATALOG = new Catalog(List.of(Schema.named("s").withTables(List.of(
            table("a"), table("b", "a"), table("c", "b", "c"), table("d")))));

    @Test
    void withParentsFollowsForeignKeysTransitively() {
        assertEquals(Set.of(A, B, C), SyntheticRows.withParents(CATALOG, Set.of(C)));
        assertEquals(Set.of(D), SyntheticRows.withParents(CATALOG, Set.of(D)));
    }

    @Test
    void parentsComeFirstAndASelfReferenceIsNoCycle() {
        assertEquals(List.of(A, B, C, D), SyntheticRows.parentsFirst(CATALOG, Set.of(D, C, B, A)));
    }

    @Test
    void columnSeedsAreStableAndDiffer() {
        long one = SyntheticRows.columnSeed(42, A, "x");
        assertEquals(one, SyntheticRows.columnSeed(42, A, "x"));
        assertNotEquals(one, SyntheticRows.columnSeed(43, A, "x"));
        assertNotEquals(one, SyntheticRows.columnSeed(42, A, "y"));
        assertTrue(one >= 0 && one < Long.MAX_VALUE / 2, "room for seed + 3 in SQL");
    }

    @Test
    void assumedShapesComeFromTypesAndConstraints() {
        Table t = Table.of("t", List.of(Column.of("id", DataType.builtin("bigint")).withNullable(false),
                        Column.of("email", DataType.builtin("text")).withNullable(false),
                        Column.of("flag", DataType.builtin("boolean")),
                        Column.of("name", DataType.builtin("character varying", 40))))
                .withPrimaryKey(Optional.of(new PrimaryKey("t_pkey", List.of("id"))))
                .withUniqueConstraints(List.of(new UniqueConstraint("t_email_key", List.of("email"), false,
                        Deferrability.NOT_DEFERRABLE)));
        TableStatistics s = StatisticsReader.assumed(t, QualifiedName.of("public", "t"), 5000);
        assertEquals(5000, s.rows());
        assertEquals(-1, s.column("id").orElseThrow().distinct());
        assertEquals(-1, s.column("email").orElseThrow().distinct());
        assertEquals(0, s.column("email").orElseThrow().nullFraction());
        assertEquals(2, s.column("flag").orElseThrow().distinct());
        assertEquals(StatisticsReader.ASSUMED_NULL_FRACTION, s.column("flag").orElseThrow().nullFraction());
        assertEquals(8, s.column("id").orElseThrow().averageWidth());
        assertEquals(17, s.column("name").orElseThrow().averageWidth());
    }

    @Test
    void theSizeEstimateGrowsWithRowsWidthsAndIndexes() {
        Table t = table("a");
        TableStatistics narrow = StatisticsReader.assumed(t, A, 1000);
        long small = SyntheticRows.estimatedBytes(t, narrow, 1_000);
        long large = SyntheticRows.estimatedBytes(t, narrow, 1_000_000);
        assertTrue(large > 500 * small, small + " vs " + large);
        // 1M rows of (int, int): tuples of 24 + 1 + 8 → 40 bytes + 4 of pointer; a 16-byte index entry + 4 at 75 %
        assertEquals(1_000_000 * (44 * 8192.0 / 8168 + 20 / 0.75), large, large * 0.01);
        var wide = new TableStatistics(A, 1000, 0, List.of(new ColumnStatistics("p", 0, -1, List.of(), List.of(),
                List.of(), 400, 0)));
        assertTrue(SyntheticRows.estimatedBytes(t, wide, 1_000_000) > 5 * large);
        assertTrue(SyntheticRows.estimatedBytes(t.withIndexes(List.of(new dev.strata.model.Index("a_p", false, false,
                "btree", List.of(dev.strata.model.IndexKey.column("p")), List.of(), Optional.empty(), java.util.Map.of()))),
                narrow, 1_000_000) > large);
    }

    @Test
    void aNotNullSelfReferenceIsRefusedWithOneLine() {
        Table t = table("a", "a");
        t = t.withColumns(List.of(t.columns().get(0), t.columns().get(1).withNullable(false)));
        Table tree = t;
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.strata.diagnostics.StrataException.class,
                () -> SyntheticRows.TablePlan.of(CATALOG, A, tree, StatisticsReader.assumed(tree, A, 10), 10, 1));
        assertEquals("cannot fill s.a: its foreign key a_a_fkey references the table itself with NOT NULL columns,"
                + " so a first row cannot exist", e.getMessage());
    }

    @Test
    void keysAreSequencedInTheirWidestColumnAndForeignKeysOnlyKeysInMixedRadix() {
        Table joined = Table.of("j", List.of(Column.of("x", DataType.builtin("integer")).withNullable(false),
                        Column.of("y", DataType.builtin("integer")).withNullable(false)))
                .withPrimaryKey(Optional.of(new PrimaryKey("j_pkey", List.of("x", "y"))))
                .withForeignKeys(List.of(
                        new ForeignKey("j_x", List.of("x"), A, List.of("id"), ForeignKey.Action.NO_ACTION,
                                ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE, Deferrability.NOT_DEFERRABLE),
                        new ForeignKey("j_y", List.of("y"), B, List.of("id"), ForeignKey.Action.NO_ACTION,
                                ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE, Deferrability.NOT_DEFERRABLE)));
        var plan = SyntheticRows.TablePlan.of(CATALOG, QualifiedName.of("s", "j"), joined,
                StatisticsReader.assumed(joined, QualifiedName.of("s", "j"), 100), 100, 1);
        assertTrue(plan.picks().stream().allMatch(SyntheticRows.TablePlan.Pick::radix));
        assertFalse(plan.distinctByConstruction(), "mixed radix may run out of parents: ON CONFLICT");
        String sql = plan.insert(List.of(new SyntheticRows.ParentMap("pg_temp.x", 10), new SyntheticRows.ParentMap("pg_temp.y", 20)),
                1, 100, 100, true);
        assertTrue(sql.contains("(1 + ((g.i) - 1) / 1 % 10)") && sql.contains("(1 + ((g.i) - 1) / 10 % 20)"), sql);
        assertTrue(sql.endsWith("ON CONFLICT DO NOTHING"), sql);

        Table region = Table.of("r", List.of(Column.of("country", DataType.builtin("character", 2)).withNullable(false),
                        Column.of("code", DataType.builtin("integer")).withNullable(false)))
                .withPrimaryKey(Optional.of(new PrimaryKey("r_pkey", List.of("country", "code"))));
        var regions = SyntheticRows.TablePlan.of(CATALOG, QualifiedName.of("s", "r"), region,
                StatisticsReader.assumed(region, QualifiedName.of("s", "r"), 100), 100, 1);
        assertEquals("CAST(g.i AS integer)", regions.values().get("code"), "the integer, not the char(2)");
        assertTrue(regions.distinctByConstruction());
    }
}
