package dev.strata.catalog;

import dev.strata.ddl.CreateDdl;
import dev.strata.ddl.SqlRender;
import dev.strata.diff.Differ;
import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import dev.strata.yaml.SchemaWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.catalog;
import static dev.strata.testing.TestCatalogs.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL keeps an index's {@code reloptions} in the order {@code WITH (...)} gave them: Strata reads, writes and
 * emits them in that order, and compares them as a set, as PostgreSQL treats the definition.
 */
class IndexStorageParameterOrderTest {

    private static final String RELOPTIONS = "SELECT reloptions::text FROM pg_class WHERE relname = 't_name_idx'";

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    private static Index nameIndex(Map<String, String> with) {
        return new Index("t_name_idx", false, false, "btree", List.of(IndexKey.column("name")), List.of(), Optional.empty(), with);
    }

    private static Catalog pull(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void pulledStorageParametersKeepTheServersOrderThroughYamlAndDdl(int major) throws SQLException {
        try (var db = TestPostgres.newDatabase(major); var copy = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE t (id bigint PRIMARY KEY, name text)",
                    "CREATE INDEX t_name_idx ON t (name) WITH (fillfactor = 70, deduplicate_items = off)");
            assertEquals(List.of(List.of("{fillfactor=70,deduplicate_items=off}")), db.query(RELOPTIONS));

            Catalog pulled = pull(db);
            Index index = pulled.table(QualifiedName.of("public", "t")).orElseThrow().indexes().getFirst();
            assertEquals(List.of("fillfactor", "deduplicate_items"), List.copyOf(index.storageParameters().keySet()));

            String yaml = String.join("\n", SchemaWriter.files(pulled).values());
            assertTrue(yaml.indexOf("fillfactor") < yaml.indexOf("deduplicate_items"), yaml);
            Catalog reread = SchemaFiles.parse(SchemaWriter.files(pulled)).catalog();
            assertEquals(List.of("fillfactor", "deduplicate_items"), List.copyOf(reread.table(QualifiedName.of("public", "t"))
                    .orElseThrow().indexes().getFirst().storageParameters().keySet()));

            copy.execute(CreateDdl.script(reread));
            assertEquals(db.query(RELOPTIONS), copy.query(RELOPTIONS));
        }
    }

    @Test
    void storageParametersArePrintedInTheOrderGiven() {
        assertEquals("fillfactor = '70', deduplicate_items = 'off'",
                SqlRender.storageParameters(nameIndex(ordered("fillfactor", "70", "deduplicate_items", "off")).storageParameters()));
        assertEquals("deduplicate_items = 'off', fillfactor = '70'",
                SqlRender.storageParameters(nameIndex(ordered("deduplicate_items", "off", "fillfactor", "70")).storageParameters()));
    }

    @Test
    void theSameStorageParametersInAnotherOrderAreNoChange() {
        Index given = nameIndex(ordered("fillfactor", "70", "deduplicate_items", "off"));
        Index other = nameIndex(ordered("deduplicate_items", "off", "fillfactor", "70"));
        assertEquals(given, other);
        Table t = table();
        var result = Differ.diff(catalog(t.withIndexes(List.of(given))), catalog(t.withIndexes(List.of(other))), ExpressionEquality.TEXTUAL);
        assertEquals(List.of(), result.changes());
    }
}
