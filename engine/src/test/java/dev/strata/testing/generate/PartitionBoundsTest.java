package dev.strata.testing.generate;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.PartitionOf;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every bound the generators write ({@link CatalogBuilder#bound}) is spelled as {@code pg_get_expr(relpartbound, oid)}
 * prints it on 14 and 18: created, pulled back equal.
 */
class PartitionBoundsTest {

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void generatedBoundsAreSpelledAsTheServerPrintsThem(int major) throws Exception {
        List<Table> tables = new ArrayList<>();
        addTree(tables, "by_date", "RANGE", DataType.builtin("date"), 4);
        addTree(tables, "by_number", "RANGE", DataType.builtin("integer"), 4);
        addTree(tables, "by_region", "LIST", DataType.builtin("text"), 4);
        addTree(tables, "by_code", "LIST", DataType.builtin("integer"), 4);
        addTree(tables, "by_hash", "HASH", DataType.builtin("integer"), 4);
        Catalog model = new Catalog(List.of(Schema.named("public").withTables(tables)));
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(model));
            try (var c = db.connect()) {
                assertEquals(model, CatalogReader.read(c, List.of("public")).catalog());
            }
        }
    }

    private static void addTree(List<Table> tables, String name, String strategy, DataType type, int modulus) {
        tables.add(Table.of(name, List.of(Column.of("k", type).withNullable(false))).withPartitionBy(Optional.of(strategy + " (k)")));
        for (int i = 0; i < 3; i++) {
            tables.add(Table.of(name + "_p" + i, List.of()).withPartitionOf(Optional.of(
                    new PartitionOf(QualifiedName.of("public", name), CatalogBuilder.bound(strategy, type, i, modulus)))));
        }
        if (!strategy.equals("HASH")) {
            tables.add(Table.of(name + "_pd", List.of()).withPartitionOf(Optional.of(new PartitionOf(QualifiedName.of("public", name), "DEFAULT"))));
        }
    }
}
