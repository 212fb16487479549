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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL 18's temporal keys in YAML: {@code without_overlaps: true} on a primary key or unique constraint,
 * {@code period: true} on a foreign key; read, written back and checked against each other.
 */
class TemporalKeyYamlTest {

    private static final String YAML = """
            schema: public
            tables:
              prices:
                columns:
                  product_id: { type: integer, nullable: false }
                  valid: { type: tsrange, nullable: false }
                  shop: integer
                primary_key: { columns: [product_id, valid], without_overlaps: true }
                unique:
                  - { columns: [shop, valid], without_overlaps: true }
              adjustments:
                columns:
                  id: { type: integer, nullable: false }
                  product_id: { type: integer, nullable: false }
                  during: { type: tsrange, nullable: false }
                primary_key: [id]
                foreign_keys:
                  - { columns: [product_id, during], references: { table: prices }, period: true }
            """;

    private static Table table(Catalog catalog, String name) {
        return catalog.table(QualifiedName.of("public", name)).orElseThrow();
    }

    private static List<String> errors(String yaml) {
        var e = assertThrows(InvalidInputException.class, () -> SchemaFiles.parse(Map.of("s.yaml", yaml)));
        return e.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void withoutOverlapsAndPeriodAreReadOntoTheKeysAndTheForeignKey() {
        Catalog catalog = SchemaFiles.parse(Map.of("s.yaml", YAML)).catalog();
        Table prices = table(catalog, "prices");
        assertTrue(prices.primaryKey().orElseThrow().withoutOverlaps());
        assertEquals("prices_shop_valid_key", prices.uniqueConstraints().getFirst().name());
        assertTrue(prices.uniqueConstraints().getFirst().withoutOverlaps());
        var fk = table(catalog, "adjustments").foreignKeys().getFirst();
        assertTrue(fk.period());
        assertEquals(List.of("product_id", "valid"), fk.targetColumns());
    }

    @Test
    void theWriterWritesTheTemporalKeysAndReadsBackTheSameModel() {
        Catalog catalog = SchemaFiles.parse(Map.of("s.yaml", YAML)).catalog();
        var files = SchemaWriter.files(catalog);
        assertTrue(files.get("public/prices.yaml").contains(
                "primary_key: {columns: [product_id, valid], without_overlaps: true}"), files.get("public/prices.yaml"));
        assertTrue(files.get("public/adjustments.yaml").contains("period: true"), files.get("public/adjustments.yaml"));
        assertEquals(catalog, SchemaFiles.parse(files).catalog());
    }

    @Test
    void aForeignKeyToATemporalKeyWithoutPeriodIsRefused() {
        assertEquals(List.of("s.yaml:18:9: foreign key references the key (product_id, valid) of table 'public.prices',"
                        + " which has without_overlaps: true; the foreign key needs period: true"),
                errors(YAML.replace(", period: true", "")));
    }

    @Test
    void aPeriodForeignKeyToAPlainKeyIsRefused() {
        assertEquals(List.of("s.yaml:18:9: foreign key with period: true references columns (product_id, valid) of table"
                        + " 'public.prices', which are not a key with without_overlaps: true ending in 'valid'"),
                errors(YAML.replace("valid], without_overlaps: true }\n    unique", "valid] }\n    unique")));
    }

    @Test
    void aTemporalKeyOfOneColumnIsRefused() {
        assertEquals(List.of("s.yaml:10:9: unique constraint 'prices_valid_key' of table 'prices': without_overlaps needs"
                        + " at least two columns (the last one a range or multirange)"),
                errors(YAML.replace("[shop, valid], without", "[valid], without")));
    }
}
