package dev.strata.diff;

import static dev.strata.diff.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.EnumType;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.model.View;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OrderTest {

    @Test
    void changesComeBySchemaThenKindThenName() {
        var mood = new EnumType("mood", List.of("ok"), Optional.empty());
        var seq = new Sequence("s", BIGINT, SequenceOptions.defaultsFor(BIGINT), Optional.empty(), Optional.empty());
        var a = Table.of("a", List.of(id()));
        var b = Table.of("b", List.of(id()));
        var v = new View("v", "SELECT 1", Optional.empty());
        var desired = catalogOf(
                new Schema("zeta", List.of(), List.of(), List.of(b, a), List.of()),
                new Schema("alpha", List.of(mood), List.of(seq), List.of(b), List.of(v)));
        assertEquals(List.of(
                        new SchemaChange.CreateSchema("alpha"),
                        new EnumChange.CreateEnum(QualifiedName.of("alpha", "mood"), mood),
                        new SequenceChange.CreateSequence(QualifiedName.of("alpha", "s"), seq),
                        new TableChange.CreateTable(QualifiedName.of("alpha", "b"), b),
                        new ViewChange.CreateView(QualifiedName.of("alpha", "v"), v),
                        new SchemaChange.CreateSchema("zeta"),
                        new TableChange.CreateTable(QualifiedName.of("zeta", "a"), a),
                        new TableChange.CreateTable(QualifiedName.of("zeta", "b"), b)),
                changes(Catalog.empty(), desired));
    }

    @Test
    void withinATableRenamesComeFirstThenColumnsThenConstraintsThenIndexes() {
        var index = new Index("t_x_idx", false, false, "btree", List.of(IndexKey.column("x")), List.of(),
                Optional.empty(), Map.of());
        var before = Table.of("old", List.of(id(), column("x", TEXT), column("gone", TEXT)))
                .withUniqueConstraints(List.of(unique("old_x_key", "x")));
        Column y = column("y", TEXT).withRenamedFrom(Optional.of("x"));
        Column added = column("added", TEXT);
        var after = Table.of("t", List.of(id().withComment(Optional.of("key")), y, added))
                .withRenamedFrom(Optional.of("old"))
                .withUniqueConstraints(List.of(unique("t_y_key", "y")))
                .withIndexes(List.of(index));
        assertEquals(List.of(
                        new TableChange.RenameTable(pub("old"), pub("t"), after),
                        new ColumnChange.RenameColumn(pub("t"), column("x", TEXT), y),
                        new ColumnChange.ChangeColumnComment(pub("t"), "id", Optional.empty(), Optional.of("key")),
                        new ColumnChange.AddColumn(pub("t"), added),
                        new ColumnChange.DropColumn(pub("t"), column("gone", TEXT)),
                        new ConstraintChange.RenameConstraint(pub("t"), "old_x_key", "t_y_key"),
                        new IndexChange.CreateIndex(pub("t"), index)),
                changes(catalog(before), catalog(after)));
    }

    @Test
    void describeLinesReadAsPlanSteps() {
        assertEquals("rename column public.users.username to handle",
                new ColumnChange.RenameColumn(pub("users"), column("username", TEXT), column("handle", TEXT)).describe());
        assertEquals("add value 'happy' to enum public.mood after 'ok'",
                new EnumChange.AddEnumValue(pub("mood"), "happy", Optional.empty(), Optional.of("ok")).describe());
        assertEquals("rename table public.accounts to users",
                new TableChange.RenameTable(pub("accounts"), pub("users"), users()).describe());
    }
}
