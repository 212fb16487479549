package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.model.Column;
import dev.strata.model.PartitionOf;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** partition_by and partition_of read into the model: a partition's canonical overrides, and each user error located. */
class PartitionYamlTest {

    private static final String PARENT = """
            tables:
              orders:
                partition_by: LIST (region)
                columns:
                  id: { type: bigint, nullable: false }
                  region: { type: text, nullable: false }
                  priority: { type: integer, default: '0' }
                  notes: text
            """;

    private static Table table(String yaml, String name) {
        return SchemaFiles.parse(Map.of("s.yaml", yaml)).catalog().table(QualifiedName.of("public", name)).orElseThrow();
    }

    private static List<String> errors(String yaml) {
        var e = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("s.yaml", yaml)));
        return e.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void partitionKeepsOnlyWhatItOverridesAndAnOverrideWithoutDefaultKeepsTheParents() {
        Table us = table(PARENT + """
                  orders_us:
                    partition_of: { table: orders, bound: "FOR VALUES IN ('us')" }
                    columns:
                      id: { type: bigint, nullable: false }
                      priority: { type: integer, nullable: false }
                      notes: { type: text, default: "'none'::text" }
                """, "orders_us");
        assertEquals(Optional.of(new PartitionOf(QualifiedName.of("public", "orders"), "FOR VALUES IN ('us')")), us.partitionOf());
        assertEquals(List.of("priority", "notes"), us.columns().stream().map(Column::name).toList(),
                "id repeats the parent: no override");
        assertEquals(Optional.of("0"), us.column("priority").orElseThrow().defaultValue());
        assertEquals(Optional.of("'none'::text"), us.column("notes").orElseThrow().defaultValue());
    }

    @Test
    void overrideDoesNotTakeTheParentColumnsPlannerHints() {
        Table eu = table("""
                tables:
                  orders:
                    partition_by: LIST (region)
                    columns:
                      region: { type: text, nullable: false }
                      priority: { type: integer, backfill: '0' }
                  orders_eu:
                    partition_of: { table: orders, bound: "FOR VALUES IN ('eu')" }
                    columns:
                      priority: { type: integer, nullable: false }
                """, "orders_eu");
        assertEquals(List.of(Column.of("priority", dev.strata.model.DataType.builtin("integer")).withNullable(false)), eu.columns());
    }

    @Test
    void partitionOfAnUnknownTableIsReportedWithASuggestion() {
        assertEquals(List.of("s.yaml:10:28: partition 'orders_eu' is a partition of unknown table 'public.order'; did you mean 'orders'?"),
                errors(PARENT + """
                          orders_eu:
                            partition_of: { table: order, bound: "FOR VALUES IN ('eu')" }
                        """));
    }

    @Test
    void partitionOfATableWithoutPartitionByIsReported() {
        assertEquals(List.of("s.yaml:5:28: partition 'p1' names table 'public.plain', which is not partitioned: give it partition_by"),
                errors("""
                        tables:
                          plain:
                            columns: { id: bigint }
                          p1:
                            partition_of: { table: plain, bound: DEFAULT }
                        """));
    }

    @Test
    void partitionColumnTheParentLacksIsReported() {
        assertEquals(List.of("s.yaml:12:7: column 'extra' of partition 'orders_eu' is not a column of its parent: a partition"
                        + " lists only the parent's columns it overrides"),
                errors(PARENT + """
                          orders_eu:
                            partition_of: { table: orders, bound: "FOR VALUES IN ('eu')" }
                            columns:
                              extra: text
                        """));
    }
}
