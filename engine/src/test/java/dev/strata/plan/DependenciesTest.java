package dev.strata.plan;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.ConstraintClause;

import dev.strata.ddl.IndexStatement;
import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.ddl.ViewStatement;
import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.QualifiedName;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What statements create, drop and need, from the statement values and the model: pure. */
class DependenciesTest {

    private static final QualifiedName ITEMS = QualifiedName.of("public", "items");

    private static Catalog catalog(String yaml) {
        return SchemaFiles.parse(Map.of("schema.yaml", yaml)).catalog();
    }

    private static final Catalog CURRENT = catalog("""
            tables:
              items:
                columns: { id: int, sku: text, note: text }
                checks:
                  - { name: note_short, expression: length(note) < 100 }
                indexes:
                  - { name: items_sku_idx, columns: [sku] }
            views:
              skus: "SELECT id, sku FROM public.items"
            """);
    private static final Catalog DESIRED = catalog("tables:\n  items:\n    columns: { id: int }\n");
    private static final Dependencies DEPENDENCIES = new Dependencies(CURRENT, DESIRED);

    private static final Dependencies.Effects DROP_SKU = DEPENDENCIES.of(List.of(
            TableStatement.Alter.of(ITEMS, new TableAction.DropColumn("sku", false))));
    private static final Dependencies.Effects DROP_NOTE = DEPENDENCIES.of(List.of(
            TableStatement.Alter.of(ITEMS, new TableAction.DropColumn("note", false))));

    @Test
    void anIndexReadingADroppedColumnIsDroppedBeforeIt() {
        var dropIndex = DEPENDENCIES.of(List.of(new IndexStatement.Drop(QualifiedName.of("public", "items_sku_idx"),
                true, true)));
        assertTrue(StepGraph.before(dropIndex, DROP_SKU));
        assertFalse(StepGraph.before(DROP_SKU, dropIndex));
        assertFalse(StepGraph.before(dropIndex, DROP_NOTE));
    }

    @Test
    void aCheckReadingADroppedColumnIsDroppedBeforeIt() {
        var dropCheck = DEPENDENCIES.of(List.of(TableStatement.Alter.of(ITEMS,
                new TableAction.DropConstraint("note_short", true))));
        assertTrue(StepGraph.before(dropCheck, DROP_NOTE));
        assertFalse(StepGraph.before(dropCheck, DROP_SKU));
    }

    @Test
    void aViewReadingADroppedColumnIsDroppedBeforeIt() {
        var dropView = DEPENDENCIES.of(List.of(new ViewStatement.Drop(QualifiedName.of("public", "skus"), true)));
        assertEquals(Set.of(new ObjectRef.Table(ITEMS), new ObjectRef.Column(ITEMS, "id"),
                new ObjectRef.Column(ITEMS, "sku")), dropView.droppedReads());
        assertTrue(StepGraph.before(dropView, DROP_SKU));
        assertFalse(StepGraph.before(dropView, DROP_NOTE));
    }

    @Test
    void aCommentOnAnIndexOrAConstraintComesAfterTheStatementThatCreatesIt() {
        var createIndex = DEPENDENCIES.of(List.of(new IndexStatement.Create(ITEMS,
                new Index("items_id_idx", false, false, "btree", List.of(IndexKey.column("id")), List.of(), Optional.empty(),
                        Map.of()), true, true)));
        var commentIndex = DEPENDENCIES.of(List.of(CommentOn.index(ITEMS, "items_id_idx", Optional.of("by id"))));
        assertEquals(Set.of(new ObjectRef.Index(QualifiedName.of("public", "items_id_idx"))), commentIndex.needs());
        assertTrue(StepGraph.before(createIndex, commentIndex));
        assertFalse(StepGraph.before(commentIndex, createIndex));

        QualifiedName renamed = QualifiedName.of("public", "goods");
        var renameTable = DEPENDENCIES.of(List.of(TableStatement.Alter.of(ITEMS, new TableAction.RenameTo("goods"))));
        var addCheck = DEPENDENCIES.of(List.of(TableStatement.Alter.of(renamed, new TableAction.AddConstraint(
                new ConstraintClause.Check(new CheckConstraint("id_positive", "id > 0", false)), true))));
        var commentCheck = DEPENDENCIES.of(List.of(CommentOn.constraint(renamed, "id_positive", Optional.of("no zero"))));
        assertEquals(Set.of(new ObjectRef.Table(renamed), new ObjectRef.Constraint(renamed, "id_positive")), commentCheck.needs());
        assertTrue(StepGraph.before(addCheck, commentCheck));
        assertTrue(StepGraph.before(renameTable, commentCheck));
        assertFalse(StepGraph.before(commentCheck, addCheck));
    }
}
