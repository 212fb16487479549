package dev.strata.plan;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.IndexKey;
import dev.strata.model.QualifiedName;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A plan saved as JSON keeps its preflight checks, so {@code apply --plan} asks the live data what {@code apply
 * --desired} would: each check reads back equal to the one written (the same query), no database needed.
 */
class PlanJsonPreflightChecksTest {

    private static final QualifiedName USERS = QualifiedName.of("public", "users");
    private static final QualifiedName PEOPLE = QualifiedName.of("app", "people");

    /** Every kind of row value: kept under a rename, converted with and without using:, filled, missing. */
    private static final RowSource ROWS = new RowSource(PEOPLE, USERS, List.of("id"), Map.of("handle", "username"), List.of(
            new RowSource.Kept("id", DataType.builtin("bigint"), "id"),
            new RowSource.Kept("handle", DataType.builtin("text"), "username"),
            new RowSource.Converted("age", DataType.builtin("smallint"), "age", DataType.builtin("integer"), Optional.empty()),
            new RowSource.Converted("price", new DataType(Optional.empty(), "numeric", List.of(10, 2), false), "price",
                    DataType.builtin("text"), Optional.of("replace(price, ',', '.')::numeric(10,2)")),
            new RowSource.Filled("tags", new DataType(Optional.of("app"), "tag", List.of(), true), "ARRAY[]::app.tag[]"),
            new RowSource.Missing("serial", DataType.builtin("bigint"))));

    private static final RowSource PARENT = new RowSource(USERS, USERS, List.of(), Map.of(), List.of(
            new RowSource.Kept("id", DataType.builtin("bigint"), "id")));

    private static Plan plan(String fingerprint, List<PreflightCheck> checks) {
        Catalog empty = SchemaFiles.parse(Map.of("s.yaml", "schema: public\n")).catalog();
        return Planner.plan(new PlanRequest(empty, empty, 18, Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL))
                .withCatalogFingerprint(fingerprint).withPreflight(new Preflight(checks, Optional.empty()));
    }

    private static Plan roundTrip(Plan plan) {
        return PlanJson.read(PlanJson.write(plan, (p, r) -> ""));
    }

    private static void assertRoundTrips(PreflightCheck check) {
        Plan read = roundTrip(plan("a".repeat(64), List.of(check)));
        assertEquals(List.of(check), read.preflight().checks());
        assertTrue(read.preflight().findings().isEmpty());
    }

    @Test
    void aNotNullCheckReadsBackEqual() {
        assertRoundTrips(new PreflightCheck.NotNull(ROWS, "handle"));
    }

    @Test
    void aCheckConstraintReadsBackEqualWithItsExpressionText() {
        assertRoundTrips(new PreflightCheck.Check(ROWS, "people_age_check", "(age >= 0) AND (handle <> '')"));
    }

    @Test
    void aUniqueCheckReadsBackEqualWithExpressionKeysAndPredicate() {
        assertRoundTrips(new PreflightCheck.Unique(ROWS, "UNIQUE INDEX", "people_handle_key", List.of(
                new IndexKey(new IndexKey.ExpressionTarget("lower(handle)"), Optional.of("text_pattern_ops"), true, false),
                IndexKey.column("id")), Optional.of("age > 0"), true));
        assertRoundTrips(new PreflightCheck.Unique(ROWS, "PRIMARY KEY", "people_pkey", List.of(IndexKey.column("id")),
                Optional.empty(), false));
    }

    @Test
    void aForeignKeyCheckReadsBackEqualWithAndWithoutItsParent() {
        ForeignKey fk = new ForeignKey("people_id_fkey", List.of("id"), USERS, List.of("id"), ForeignKey.Action.CASCADE,
                ForeignKey.Action.SET_NULL, ForeignKey.Match.FULL, Deferrability.DEFERRABLE_INITIALLY_DEFERRED);
        assertRoundTrips(new PreflightCheck.ForeignKey(ROWS, fk, Optional.of(PARENT)));
        assertRoundTrips(new PreflightCheck.ForeignKey(ROWS, fk, Optional.empty()));
    }

    @Test
    void anExclusionCheckReadsBackEqual() {
        assertRoundTrips(new PreflightCheck.Exclusion(ROWS, new ExclusionConstraint("people_excl", "gist", List.of(
                new ExclusionConstraint.Element(IndexKey.column("id"), "="),
                new ExclusionConstraint.Element(IndexKey.expression("int4range(age, age + 1)"), "&&")),
                Optional.of("handle IS NOT NULL"), Deferrability.NOT_DEFERRABLE)));
    }

    @Test
    void aConversionCheckReadsBackEqualWithItsTypesAndUsing() {
        assertRoundTrips(new PreflightCheck.Conversion(ROWS, "price", "price", DataType.builtin("text"),
                new DataType(Optional.empty(), "numeric", List.of(10, 2), false),
                Optional.of("replace(price, ',', '.')::numeric(10,2)")));
        assertRoundTrips(new PreflightCheck.Conversion(ROWS, "age", "age", DataType.builtin("integer"),
                DataType.builtin("smallint"), Optional.empty()));
    }

    @Test
    void theChecksAPlannerDerivesReadBackEqualAndInOrder() {
        Catalog before = SchemaFiles.parse(Map.of("s.yaml", """
                schema: public
                tables:
                  users:
                    columns: { id: { type: bigint, nullable: false }, username: text, age: integer }
                    primary_key: [id]
                """)).catalog();
        Catalog after = SchemaFiles.parse(Map.of("s.yaml", """
                schema: public
                tables:
                  users:
                    columns:
                      id: { type: bigint, nullable: false }
                      handle: { type: text, nullable: false, renamed_from: username }
                      age: { type: smallint }
                      score: { type: integer, nullable: false, backfill: "age * 2" }
                    primary_key: [id]
                    checks: ["age >= 0"]
                    unique: [[handle]]
                """)).catalog();
        Plan plan = Planner.plan(new PlanRequest(before, after, 18, Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL))
                .withCatalogFingerprint("b".repeat(64));
        assertTrue(plan.preflight().checks().size() >= 4, plan.preflight().checks().toString());
        assertEquals(plan.preflight().checks(), roundTrip(plan).preflight().checks());
    }

    @Test
    void aPlanMadeOfflineIsWrittenWithoutItsChecksAsBefore() {
        Plan offline = plan("", List.of(new PreflightCheck.NotNull(ROWS, "handle")));
        String json = PlanJson.write(offline, (p, r) -> "");
        assertFalse(json.contains("preflightChecks"));
        assertEquals(PlanJson.write(plan("", List.of()), (p, r) -> ""), json);
    }

    @Test
    void aPlanSavedBeforeChecksWereKeptReadsWithNone() {
        Plan plan = plan("c".repeat(64), List.of(new PreflightCheck.NotNull(ROWS, "handle")));
        String json = PlanJson.write(plan, (p, r) -> "");
        int at = json.indexOf(",\n  \"preflightChecks\"");
        assertTrue(at > 0);
        String older = json.substring(0, at) + "\n}\n";
        assertEquals(List.of(), PlanJson.read(older).preflight().checks());
    }
}
