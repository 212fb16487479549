package dev.strata.plan;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A saved plan keeps the partition a {@code DETACH … CONCURRENTLY} step detaches: {@code apply --plan} and a resumed
 * migration read the step back from JSON, and finish an interrupted detach only if they know which one it was.
 */
class PlanJsonDetachTest {

    private static final String PARENT = """
            tables:
              events:
                partition_by: RANGE (occurred)
                columns:
                  occurred: { type: date, nullable: false }
              events_2026:
                partition_of: { table: events, bound: "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')" }
            """;

    private static Catalog catalog(String yaml) {
        return SchemaFiles.parse(Map.of("public/events.yaml", yaml)).catalog();
    }

    @Test
    void aDetachStepReadBackFromJsonNamesItsParentAndPartition() {
        Catalog current = catalog(PARENT + """
                  events_2025:
                    partition_of: { table: events, bound: "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')" }
                """);
        Plan plan = Planner.plan(new PlanRequest(current, catalog(PARENT), 18, Map.of(), "test", List.of(),
                ExpressionEquality.TEXTUAL));
        List<Optional<PartitionDetach>> detaches = PlanJson.read(PlanJson.write(plan, (p, r) -> "")).steps().stream()
                .filter(s -> s instanceof DdlStep).map(s -> ((DdlStep) s).detach()).filter(Optional::isPresent).toList();
        assertEquals(List.of(Optional.of(new PartitionDetach(QualifiedName.of("public", "events"),
                QualifiedName.of("public", "events_2025")))), detaches);
    }
}
