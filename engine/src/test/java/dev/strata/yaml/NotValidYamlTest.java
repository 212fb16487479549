package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code not_valid: true} on a check or foreign key: read, refused when not a boolean, written only when true. */
class NotValidYamlTest {

    private static final String YAML = """
            schema: public
            tables:
              accounts:
                columns: { id: { type: bigint, nullable: false } }
                primary_key: [id]
              orders:
                columns: { id: { type: bigint, nullable: false }, account_id: bigint, total: integer }
                primary_key: [id]
                checks:
                  - { expression: "total >= 0", not_valid: true }
                  - "total < 1000"
                foreign_keys:
                  - { columns: [account_id], references: { table: accounts }, not_valid: true }
            """;

    private static Table orders(Catalog catalog) {
        return catalog.table(QualifiedName.of("public", "orders")).orElseThrow();
    }

    @Test
    void notValidIsReadOnChecksAndForeignKeysAndDefaultsToValid() {
        Table orders = orders(SchemaFiles.parse(Map.of("s.yaml", YAML)).catalog());
        assertEquals(List.of("orders_total_check", "orders_total_check1"), orders.checks().stream().map(c -> c.name()).toList());
        assertFalse(orders.checks().get(0).valid());
        assertTrue(orders.checks().get(1).valid());
        assertFalse(orders.foreignKeys().getFirst().valid());
    }

    @Test
    void notValidThatIsNoBooleanIsReportedAtItsPosition() {
        var e = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("s.yaml",
                YAML.replace("accounts }, not_valid: true", "accounts }, not_valid: maybe"))));
        assertEquals(List.of("s.yaml:13:78: expected true or false"), e.diagnostics().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void theWriterWritesNotValidOnlyForConstraintsThatAreNotValidAndReadsBackTheSameModel() {
        Catalog catalog = SchemaFiles.parse(Map.of("s.yaml", YAML)).catalog();
        var files = SchemaWriter.files(catalog);
        String orders = files.get("public/orders.yaml");
        assertTrue(orders.endsWith("""
                    primary_key: [id]
                    foreign_keys: [{columns: [account_id], references: {table: accounts}, not_valid: true}]
                    checks: [{expression: total >= 0, not_valid: true}, total < 1000]
                """), orders);
        assertFalse(files.get("public/accounts.yaml").contains("not_valid"));
        assertEquals(catalog, SchemaFiles.parse(files).catalog());
    }
}
