package dev.strata.plan;

import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.model.TakenNames;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GeneratedNamesTest {

    private static final QualifiedName ITEMS = QualifiedName.of("public", "items");
    private static final DataType INT = DataType.builtin("integer");

    private static Catalog catalog(Table... tables) {
        return new Catalog(List.of(Schema.named("public").withTables(List.of(tables))));
    }

    private static Table items(String... columns) {
        List<Column> cols = new ArrayList<>();
        for (String c : columns) {
            cols.add(Column.of(c, INT));
        }
        return Table.of("items", cols);
    }

    private static SortedSet<String> set(String... names) {
        return new TreeSet<>(List.of(names));
    }

    @Test
    void theNaturalNameIsKeptWhenNothingHoldsIt() {
        GeneratedNames names = new GeneratedNames(catalog(items("id", "qty")), catalog(items("id", "qty")), TakenNames.none());
        assertEquals("qty__strata_new", names.column(ITEMS, "qty__strata_new"));
    }

    @Test
    void aColumnDeclaredOnlyInTheDesiredSchemaIsAvoided() {
        GeneratedNames names = new GeneratedNames(catalog(items("id", "qty")),
                catalog(items("id", "qty", "qty__strata_new", "qty__strata_new_2")), TakenNames.none());
        assertEquals("qty__strata_new_3", names.column(ITEMS, "qty__strata_new"));
    }

    @Test
    void aNameGivenEarlierInThePlanIsNotGivenAgain() {
        GeneratedNames names = new GeneratedNames(catalog(items("id")), catalog(items("id")), TakenNames.none());
        String first = names.column(ITEMS, "x__strata_old");
        String second = names.column(ITEMS, "x__strata_old");
        assertEquals(List.of("x__strata_old", "x__strata_old_2"), List.of(first, second));
    }

    @Test
    void syncTriggersOfDifferentTablesWithTheSameNaturalNameGetDifferentFunctions() {
        Table ab = Table.of("a_b", List.of(Column.of("c", INT)));
        Table a = Table.of("a", List.of(Column.of("b_c", INT)));
        GeneratedNames names = new GeneratedNames(catalog(ab, a), catalog(ab, a), TakenNames.none());
        SyncTrigger first = names.syncTrigger(SyncTrigger.derive(QualifiedName.of("public", "a_b"), List.of("c"), "c__strata_new", "c"));
        SyncTrigger second = names.syncTrigger(SyncTrigger.derive(QualifiedName.of("public", "a"), List.of("b_c"), "b_c__strata_new", "b_c"));
        assertEquals("strata_sync_a_b_c__strata_new", first.name());
        assertEquals("strata_sync_a_b_c__strata_new_2", second.name());
    }

    @Test
    void syncTriggerNamesAvoidLiveFunctionsOfTheSchemaAndTriggersOfTheTableUnderItsCurrentName() {
        Table renamed = Table.of("goods", List.of(Column.of("qty", INT))).withRenamedFrom(Optional.of("items"));
        TakenNames live = new TakenNames(Map.of(), Map.of("public", set("strata_sync_goods_qty__strata_new")), Map.of(),
                Map.of(ITEMS, set("strata_sync_goods_qty__strata_new_2")));
        GeneratedNames names = new GeneratedNames(catalog(items("qty")), catalog(renamed), live);
        SyncTrigger t = names.syncTrigger(SyncTrigger.rename(QualifiedName.of("public", "goods"), "qty", "qty__strata_new"));
        assertEquals("strata_sync_goods_qty__strata_new_3", t.name());
        assertTrue(t.createFunction().sql().contains("public.strata_sync_goods_qty__strata_new_3()"), t.createFunction().sql());
    }

    @Test
    void constraintNamesAvoidTheModelsAndPostgresOwnNotNullConstraints() {
        Table current = items("id", "note").withChecks(List.of(new CheckConstraint("items_note_strata_nn", "id > 0", false)));
        TakenNames live = new TakenNames(Map.of(), Map.of(), Map.of(ITEMS, set("items_note_strata_nn_2")), Map.of());
        GeneratedNames names = new GeneratedNames(catalog(current), catalog(current), live);
        assertEquals("items_note_strata_nn_3", names.constraint(ITEMS, "items_note_strata_nn"));
    }

    @Test
    void relationNamesAvoidIndexesAndUnmanagedRelationsOfTheSchema() {
        Table current = items("id").withIndexes(List.of(new Index("items_id_idx__strata_new", false, false, "btree",
                List.of(IndexKey.column("id")), List.of(), Optional.empty(), Map.of())));
        TakenNames live = new TakenNames(Map.of("public", set("items_id_idx__strata_new_2")), Map.of(), Map.of(), Map.of());
        GeneratedNames names = new GeneratedNames(catalog(current), catalog(current), live);
        assertEquals("items_id_idx__strata_new_3", names.relation("public", "items_id_idx__strata_new"));
        assertEquals("items_id_idx__strata_new", names.relation("other", "items_id_idx__strata_new"));
    }

    @Test
    void theSameInputsGiveTheSameNames() {
        Catalog c = catalog(items("id", "qty", "qty__strata_new"));
        List<String> first = new ArrayList<>();
        List<String> second = new ArrayList<>();
        for (List<String> out : List.of(first, second)) {
            GeneratedNames names = new GeneratedNames(c, c, TakenNames.none());
            out.add(names.column(ITEMS, "qty__strata_new"));
            out.add(names.column(ITEMS, "qty__strata_new"));
            out.add(names.constraint(ITEMS, "items_qty_strata_nn"));
        }
        assertEquals(first, second);
    }

    @Test
    void alternativesToAFullLengthMultiByteNameStayWithin63BytesOnCharacterBoundaries() {
        String natural = ShortNames.withSuffix("é".repeat(40), "__strata_new");
        Table t = Table.of("items", List.of(Column.of(natural, INT)));
        GeneratedNames names = new GeneratedNames(catalog(t), catalog(t), TakenNames.none());
        String second = names.column(ITEMS, natural);
        String third = names.column(ITEMS, natural);
        for (String name : List.of(second, third)) {
            assertTrue(name.getBytes(StandardCharsets.UTF_8).length <= 63, name);
            assertTrue(name.startsWith("éé") && name.endsWith(name.equals(second) ? "_2" : "_3"), name);
            assertEquals(name, new String(name.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8));
        }
        assertNotEquals(second, third);
        assertNotEquals(natural, second);
    }
}
