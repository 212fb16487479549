package dev.strata.plan.recipe;

import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.plan.DataLoss;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Plan;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

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

        assertTrue(sync.statements().getFirst().startsWith("DO $strata$\nBEGIN\n  PERFORM CAST(CAST(NULL::numeric(10,3) AS numeric(10,1)) AS numeric(10,3));"),
                sync.statements().getFirst());
        assertTrue(sync.statements().get(1).contains(
                "IF NEW.v__strata_new IS NOT NULL AND CAST(NEW.v__strata_new AS numeric(10,3)) IS DISTINCT FROM NEW.v THEN"),
                sync.statements().get(1));
        assertTrue(sync.statements().get(1).contains("RAISE EXCEPTION USING ERRCODE = '22003'"), sync.statements().get(1));
    }

    @Test
    void aWideningConversionIsCheckedButNotDataLoss() {
        Plan plan = retype(INTEGER, Column.of("v", BIGINT));

        assertEquals(List.of(), losses(plan));
        assertTrue(syncStep(plan).statements().get(1).contains("IS DISTINCT FROM NEW.v THEN"));
    }

    @Test
    void aUsingExpressionStatesTheConversionSoItIsNeitherDataLossNorChecked() {
        Plan plan = retype(TEXT, Column.of("v", DataType.builtin("character varying", 64)).withUsing(Optional.of("left(v, 64)")));

        assertEquals(List.of(), losses(plan));
        assertFalse(syncStep(plan).statements().stream().anyMatch(s -> s.contains("RAISE EXCEPTION")));
    }
}
