package dev.strata.diff;

import static dev.strata.diff.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.diff.EnumChange.*;
import dev.strata.diff.SequenceChange.*;
import dev.strata.diff.ViewChange.*;
import dev.strata.model.Catalog;
import dev.strata.model.DataType;
import dev.strata.model.EnumType;
import dev.strata.model.Schema;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.model.View;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EnumSequenceViewChangesTest {

    private static final DataType MOOD_TYPE = DataType.userDefined("public", "mood");

    private static EnumType mood(String... labels) {
        return new EnumType("mood", List.of(labels), Optional.empty());
    }

    private static Catalog withEnum(EnumType e, Table... tables) {
        return catalogOf(Schema.named("public").withEnums(List.of(e)).withTables(List.of(tables)));
    }

    private static Sequence sequence(String name, Optional<Sequence.OwnedBy> ownedBy) {
        return new Sequence(name, BIGINT, SequenceOptions.defaultsFor(BIGINT), ownedBy, Optional.empty());
    }

    private static Catalog withSequences(List<Sequence> sequences, Table... tables) {
        return catalogOf(Schema.named("public").withSequences(sequences).withTables(List.of(tables)));
    }

    private static Catalog withViews(View... views) {
        return catalogOf(Schema.named("public").withViews(List.of(views)));
    }

    @Test
    void enumCreatedAndDropped() {
        assertEquals(List.of(new CreateEnum(pub("mood"), mood("sad"))), changes(catalog(), withEnum(mood("sad"))));
        assertEquals(List.of(new DropEnum(pub("mood"), mood("sad"))), changes(withEnum(mood("sad")), catalog()));
    }

    @Test
    void appendedLabelIsAddedAfterItsPredecessor() {
        assertEquals(List.of(new AddEnumValue(pub("mood"), "happy", Optional.empty(), Optional.of("ok"))),
                changes(withEnum(mood("sad", "ok")), withEnum(mood("sad", "ok", "happy"))));
    }

    @Test
    void labelsInsertedFirstAndInTheMiddleKeepTheirPlace() {
        assertEquals(List.of(
                        new AddEnumValue(pub("mood"), "awful", Optional.of("sad"), Optional.empty()),
                        new AddEnumValue(pub("mood"), "meh", Optional.empty(), Optional.of("sad"))),
                changes(withEnum(mood("sad", "ok")), withEnum(mood("awful", "sad", "meh", "ok"))));
    }

    @Test
    void removedLabelReplacesTheEnumListingTheColumnsUsingIt() {
        var feelings = Table.of("feelings", List.of(id(), column("now", MOOD_TYPE), column("history", MOOD_TYPE.asArray()),
                column("note", TEXT)));
        assertEquals(List.of(new ReplaceEnum(pub("mood"), mood("sad", "ok"), mood("ok"), List.of(
                        new ColumnUse(pub("feelings"), column("history", MOOD_TYPE.asArray())),
                        new ColumnUse(pub("feelings"), column("now", MOOD_TYPE))))),
                changes(withEnum(mood("sad", "ok"), feelings), withEnum(mood("ok"), feelings)));
    }

    @Test
    void reorderedLabelsReplaceTheEnum() {
        assertEquals(List.of(new ReplaceEnum(pub("mood"), mood("sad", "ok"), mood("ok", "sad"), List.of())),
                changes(withEnum(mood("sad", "ok")), withEnum(mood("ok", "sad"))));
    }

    @Test
    void enumCommentChange() {
        var commented = new EnumType("mood", List.of("sad"), Optional.of("feelings"));
        assertEquals(List.of(new ChangeEnumComment(pub("mood"), Optional.empty(), Optional.of("feelings"))),
                changes(withEnum(mood("sad")), withEnum(commented)));
    }

    @Test
    void sequenceCreatedDroppedAltered() {
        var seq = sequence("invoice_number", Optional.empty());
        var bigger = new Sequence("invoice_number", BIGINT, new SequenceOptions(1000, 1, 1, Long.MAX_VALUE, 1, false),
                Optional.empty(), Optional.empty());
        assertEquals(List.of(new CreateSequence(pub("invoice_number"), seq)),
                changes(catalog(), withSequences(List.of(seq))));
        assertEquals(List.of(new DropSequence(pub("invoice_number"), seq)),
                changes(withSequences(List.of(seq)), catalog()));
        assertEquals(List.of(new AlterSequence(pub("invoice_number"), seq, bigger)),
                changes(withSequences(List.of(seq)), withSequences(List.of(bigger))));
    }

    @Test
    void sequenceCommentChange() {
        var seq = sequence("s", Optional.empty());
        var commented = new Sequence("s", BIGINT, seq.options(), Optional.empty(), Optional.of("numbers"));
        assertEquals(List.of(new ChangeSequenceComment(pub("s"), Optional.empty(), Optional.of("numbers"))),
                changes(withSequences(List.of(seq)), withSequences(List.of(commented))));
    }

    @Test
    void droppedTableDoesNotEmitItsOwnedSequence() {
        var t = Table.of("t", List.of(column("n", INTEGER).withNullable(false)
                .withDefault(Optional.of("nextval('t_n_seq'::regclass)"))));
        var seq = sequence("t_n_seq", Optional.of(new Sequence.OwnedBy("t", "n")));
        assertEquals(List.of(new TableChange.DropTable(pub("t"), t)), changes(withSequences(List.of(seq), t), catalog()));
    }

    @Test
    void droppedColumnDoesNotEmitItsOwnedSequence() {
        var t = Table.of("t", List.of(id(), column("n", INTEGER)));
        var seq = sequence("t_n_seq", Optional.of(new Sequence.OwnedBy("t", "n")));
        assertEquals(List.of(new ColumnChange.DropColumn(pub("t"), column("n", INTEGER))),
                changes(withSequences(List.of(seq), t), withSequences(List.of(), Table.of("t", List.of(id())))));
    }

    @Test
    void sequenceOwnerFollowsTableAndColumnRenames() {
        var t = Table.of("t", List.of(column("n", INTEGER)));
        var renamed = Table.of("u", List.of(column("m", INTEGER).withRenamedFrom(Optional.of("n"))))
                .withRenamedFrom(Optional.of("t"));
        var before = sequence("t_n_seq", Optional.of(new Sequence.OwnedBy("t", "n")));
        var after = sequence("t_n_seq", Optional.of(new Sequence.OwnedBy("u", "m")));
        assertEquals(List.of(
                        new TableChange.RenameTable(pub("t"), pub("u"), renamed),
                        new ColumnChange.RenameColumn(pub("u"), column("n", INTEGER), renamed.columns().get(0))),
                changes(withSequences(List.of(before), t), withSequences(List.of(after), renamed)));
    }

    @Test
    void viewCreatedDroppedReplacedAndCommented() {
        var v = new View("active", "SELECT 1", Optional.empty());
        var v2 = new View("active", "SELECT 2", Optional.empty());
        var commented = new View("active", "SELECT 1", Optional.of("c"));
        assertEquals(List.of(new CreateView(pub("active"), v)), changes(catalog(), withViews(v)));
        assertEquals(List.of(new DropView(pub("active"), v)), changes(withViews(v), catalog()));
        assertEquals(List.of(new ReplaceView(pub("active"), v, v2)), changes(withViews(v), withViews(v2)));
        assertEquals(List.of(new ChangeViewComment(pub("active"), Optional.empty(), Optional.of("c"))),
                changes(withViews(v), withViews(commented)));
    }

    @Test
    void viewsAreDroppedInReverseOrderAndCreatedInDeclaredOrder() {
        var base = new View("zbase", "SELECT 1 AS x", Optional.empty());
        var top = new View("atop", "SELECT x FROM zbase", Optional.empty());
        assertEquals(List.of(new CreateView(pub("zbase"), base), new CreateView(pub("atop"), top)),
                changes(catalog(), withViews(base, top)));
        assertEquals(List.of(new DropView(pub("atop"), top), new DropView(pub("zbase"), base)),
                changes(withViews(base, top), catalog()));
    }
}
