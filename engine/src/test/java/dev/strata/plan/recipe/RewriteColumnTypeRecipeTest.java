package dev.strata.plan.recipe;

import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.plan.DataLoss;
import dev.strata.plan.DdlStep;
import dev.strata.plan.GateKind;
import dev.strata.plan.Plan;
import dev.strata.render.MarkdownRenderer;
import dev.strata.render.Templates;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.ColumnRecipeFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/** The plan of a rewriting type change says which values may not survive the default conversion. */
class RewriteColumnTypeRecipeTest {

    private static Plan retype(DataType from, Column to) {
        return plan(catalog(table(Column.of("v", from))), catalog(table(to)));
    }

    private static DdlStep syncStep(Plan plan) {
        return ddl(plan).stream().filter(s -> s.summary().startsWith("sync trigger")).findFirst().orElseThrow();
    }

    private static List<DataLoss> losses(Plan plan) {
        return ddl(plan).stream().flatMap(s -> s.dataLoss().stream()).toList();
    }

    @Test
    void aShrinkingConversionIsDataLossOnTheSyncTriggerThatStartsRefusingValues() {
        Plan plan = retype(TEXT, Column.of("v", DataType.builtin("character varying", 64)));

        DataLoss loss = syncStep(plan).dataLoss().orElseThrow();
        assertEquals(DataLoss.Kind.CONVERTS, loss.kind());
        assertEquals("converts column public.t.v from text to character varying(64): values longer than 64 characters do not fit;"
                + " the migration stops at the first such value without changing it (docs/type-changes.md), and from EXPAND on"
                + " writes of such values fail", loss.describe());
        assertEquals(List.of(loss), losses(plan));
    }

    @Test
    void theSyncTriggerChecksTheRoundTripAndAGuardChecksTheCastsExistFirst() {
        DdlStep sync = syncStep(retype(DataType.builtin("numeric", 10, 3), Column.of("v", DataType.builtin("numeric", 10, 1))));

        assertTrue(sync.sql().getFirst().startsWith("DO $strata$\nBEGIN\n  PERFORM CAST(CAST(NULL::numeric(10,3) AS numeric(10,1)) AS numeric(10,3));"),
                sync.sql().getFirst());
        assertTrue(sync.sql().get(1).contains(
                "IF NEW.v__strata_new IS NOT NULL AND CAST(NEW.v__strata_new AS numeric(10,3)) IS DISTINCT FROM NEW.v THEN"),
                sync.sql().get(1));
        assertTrue(sync.sql().get(1).contains("RAISE EXCEPTION USING ERRCODE = '22003'"), sync.sql().get(1));
    }

    @Test
    void aWideningConversionIsCheckedButNotDataLoss() {
        Plan plan = retype(INTEGER, Column.of("v", BIGINT));

        assertEquals(List.of(), losses(plan));
        assertTrue(syncStep(plan).sql().get(1).contains("IS DISTINCT FROM NEW.v THEN"));
    }

    @Test
    void aUsingExpressionStatesTheConversionSoItIsNeitherDataLossNorChecked() {
        Plan plan = retype(TEXT, Column.of("v", DataType.builtin("character varying", 64)).withUsing(Optional.of("left(v, 64)")));

        assertEquals(List.of(), losses(plan));
        assertFalse(syncStep(plan).sql().stream().anyMatch(s -> s.contains("RAISE EXCEPTION")));
    }

    private static List<String> readSwitch(Plan plan) {
        return plan.gates().stream().filter(g -> g.kind() == GateKind.DEPLOY_READ_SWITCH).flatMap(g -> g.instructions().stream())
                .toList();
    }

    private static DdlStep stepStartingWith(Plan plan, String summary) {
        return ddl(plan).stream().filter(s -> s.summary().startsWith(summary)).findFirst().orElseThrow();
    }

    @Test
    void theReadSwitchAsksToReadTheColumnThroughTheCastToListColumnsAndToBindTheNewType() {
        Plan plan = retype(INTEGER, Column.of("v", BIGINT).withNullable(false));

        List<String> gate = readSwitch(plan);
        assertEquals(2, gate.size(), gate.toString());
        assertEquals("The application writes no NULL to public.t.v: the sync trigger copies every value into v__strata_new,"
                + " which CONTRACT makes NOT NULL.", gate.get(0));
        assertEquals("Every statement that returns public.t.v reads it as CAST(v AS bigint) AS v (SELECT lists and RETURNING),"
                + " so its result type is bigint before and after CONTRACT's swap from integer and no prepared statement is"
                + " invalidated; no SELECT * or RETURNING * on public.t; parameters for v are bound as bigint (until the swap"
                + " their values must fit integer). See docs/type-changes.md#prepared-statements.", gate.get(1));
    }

    @Test
    void theSwapAndTheShadowColumnNameWhatBreaksPreparedStatementsThatDoNotReadThroughTheCast() {
        Plan plan = retype(INTEGER, Column.of("v", BIGINT));

        List<String> swap = stepStartingWith(plan, "swap public.t.v").facts();
        assertTrue(swap.stream().anyMatch(f -> f.startsWith("A statement prepared before the swap that returns v without"
                + " CAST(v AS bigint), or uses SELECT * or RETURNING * on public.t, fails once with SQLSTATE 0A000")), swap.toString());
        assertTrue(swap.stream().anyMatch(f -> f.contains("untyped parameter for v keeps the type integer")), swap.toString());
        assertFalse(swap.stream().anyMatch(f -> f.startsWith("With using:")), swap.toString());
        assertTrue(stepStartingWith(plan, "add column public.t.v__strata_new").facts().stream()
                .anyMatch(f -> f.startsWith("A statement prepared before this step with SELECT * or RETURNING * on public.t fails once"
                        + " with SQLSTATE 0A000")));
        assertTrue(plan.gates().stream().flatMap(g -> g.instructions().stream()).noneMatch(i -> i.contains("accepts values")));
    }

    @Test
    void theValuesBeforeAUsingConversionAreCopiedOutBeforeTheSwapAndTheOldCopysDropKeepsThem() {
        Plan plan = retype(TEXT, Column.of("v", INTEGER).withUsing(Optional.of("length(v)")));

        List<String> contract = plan.steps(dev.strata.plan.Phase.CONTRACT).stream().map(dev.strata.plan.Step::summary).toList();
        int create = indexStartingWith(contract, "create strata_archive.");
        int copy = indexStartingWith(contract, "copy public.t.v with the key (id)");
        int swap = indexStartingWith(contract, "swap public.t.v");
        assertTrue(create < copy && copy < swap, contract.toString());
        var kept = (dev.strata.plan.Retention.KeptColumn) stepStartingWith(plan, "drop the old copy").retains().orElseThrow();
        assertEquals(List.of("v", "text", "[id]", "[]"), List.of(kept.column(), kept.type(), kept.key().toString(), kept.rebuild().toString()));
    }

    @Test
    void aCheckedConversionKeepsNoCopyForTheNewColumnHoldsEveryValue() {
        Plan plan = retype(INTEGER, Column.of("v", BIGINT));

        assertTrue(ddl(plan).stream().noneMatch(s -> s.retains().isPresent()), plan.toString());
        assertTrue(plan.steps().stream().noneMatch(s -> s.summary().startsWith("create strata_archive.")));
    }

    private static int indexStartingWith(List<String> summaries, String prefix) {
        for (int i = 0; i < summaries.size(); i++) {
            if (summaries.get(i).startsWith(prefix)) {
                return i;
            }
        }
        throw new AssertionError("no step starting with " + prefix + " in " + summaries);
    }

    @Test
    void withUsingTheSwapSaysTheCastReadsTheOldValuesDifferently() {
        Plan plan = retype(TEXT, Column.of("v", INTEGER).withUsing(Optional.of("length(v)")));

        assertTrue(stepStartingWith(plan, "swap public.t.v").facts().stream().anyMatch(f -> f.startsWith(
                "With using:, until the swap CAST(v AS integer) converts the old values by the cast, not by the using: expression")));
    }

    @Test
    void theMarkdownPlanTitlesATypeChangesCodeWithTheColumnsNameNotTheShadowColumns() {
        String markdown = MarkdownRenderer.render(retype(INTEGER, Column.of("v", BIGINT)), Templates.builtIn());

        assertTrue(markdown.contains("<summary>java-jdbc, read-new: public.t.v</summary>"), markdown);
        assertFalse(markdown.contains("read-new: public.t.v\\_\\_strata"), markdown);
    }
}
