package dev.strata.plan.recipe;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.TableWork;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The attach of a new partition states the scan of the DEFAULT partition by the name it has when the step runs. */
class DefaultPartitionScanTest {

    private static final String PARENT = """
            tables:
              events:
                partition_by: RANGE (occurred)
                columns:
                  occurred: { type: date, nullable: false }
              events_2026:
                partition_of: { table: events, bound: "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')" }
            """;

    private static final String Y2025 = """
              events_2025:
                partition_of: { table: events, bound: "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')" }
            """;

    private static Catalog catalog(String yaml) {
        return SchemaFiles.parse(Map.of("public/events.yaml", yaml)).catalog();
    }

    private static List<String> scanned(String current, String desired) {
        Plan plan = Planner.plan(new PlanRequest(catalog(current), catalog(desired), 18, Map.of(), "test", List.of(),
                ExpressionEquality.TEXTUAL));
        DdlStep attach = plan.steps().stream().filter(s -> s.summary().contains("events_2025")).map(s -> (DdlStep) s)
                .findFirst().orElseThrow();
        return attach.locks().stream().filter(l -> l.work() == TableWork.SCAN).map(LockHold::target)
                .map(t -> t.name().toString()).toList();
    }

    @Test
    void aRenamedDefaultPartitionIsScannedByItsNewNameOnly() {
        String current = PARENT + "  events_rest:\n    partition_of: { table: events, bound: DEFAULT }\n";
        String desired = PARENT + Y2025
                + "  events_other:\n    renamed_from: events_rest\n    partition_of: { table: events, bound: DEFAULT }\n";
        assertEquals(List.of("public.events_other"), scanned(current, desired));
    }

    @Test
    void aDefaultPartitionThePlanDropsIsStillScanned() {
        String current = PARENT + "  events_rest:\n    partition_of: { table: events, bound: DEFAULT }\n";
        assertEquals(List.of("public.events_rest"), scanned(current, PARENT + Y2025));
    }
}
