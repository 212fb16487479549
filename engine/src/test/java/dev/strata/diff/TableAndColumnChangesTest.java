package dev.strata.diff;

import static dev.strata.diff.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.diff.ColumnChange.*;
import dev.strata.diff.TableChange.*;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Identity;
import dev.strata.model.Schema;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TableAndColumnChangesTest {

    private static Table usersWith(Column replacement) {
        var columns = users().columns().stream()
                .map(c -> c.name().equals(replacement.name()) ? replacement : c)
                .toList();
        return users().withColumns(columns);
    }

    private static Column email() {
        return users().column("email").orElseThrow();
    }

    @Test
    void missingSchemaIsCreated() {
        var desired = catalogOf(Schema.named("billing"));
        assertEquals(List.of(new SchemaChange.CreateSchema("billing")), changes(Catalog.empty(), desired));
    }

    @Test
    void schemaAbsentFromDesiredIsNotManaged() {
        var current = catalogOf(Schema.named("legacy").withTables(List.of(users())));
        assertEquals(List.of(), changes(current, Catalog.empty()));
    }

    @Test
    void declaredTableIsCreated() {
        assertEquals(List.of(new CreateTable(pub("users"), users())), changes(catalog(), catalog(users())));
    }

    @Test
    void undeclaredTableOfAManagedSchemaIsDropped() {
        assertEquals(List.of(new DropTable(pub("users"), users())), changes(catalog(users()), catalog()));
    }

    @Test
    void tableCommentChange() {
        var desired = users().withComment(Optional.of("People"));
        assertEquals(List.of(new ChangeTableComment(pub("users"), Optional.empty(), Optional.of("People"))),
                changes(catalog(users()), catalog(desired)));
    }

    @Test
    void newColumnIsAdded() {
        var phone = column("phone", TEXT);
        var desired = users().withColumns(List.of(id(), column("username", TEXT), email(), phone));
        assertEquals(List.of(new AddColumn(pub("users"), phone)), changes(catalog(users()), catalog(desired)));
    }

    @Test
    void undeclaredColumnIsDropped() {
        var desired = users().withColumns(List.of(id(), email()));
        assertEquals(List.of(new DropColumn(pub("users"), column("username", TEXT))),
                changes(catalog(users()), catalog(desired)));
    }

    @Test
    void typeChangeCarriesTheUsingHint() {
        var desired = email().withType(DataType.builtin("character varying", 200)).withUsing(Optional.of("left(email, 200)"));
        assertEquals(List.of(new ChangeColumnType(pub("users"), email(), desired, Optional.of("left(email, 200)"))),
                changes(catalog(users()), catalog(usersWith(desired))));
    }

    @Test
    void settingAndDroppingNotNull() {
        var notNull = email().withNullable(false);
        assertEquals(List.of(new SetNotNull(pub("users"), notNull)),
                changes(catalog(users()), catalog(usersWith(notNull))));
        assertEquals(List.of(new DropNotNull(pub("users"), email())),
                changes(catalog(usersWith(notNull)), catalog(users())));
    }

    @Test
    void defaultChangeIsComparedThroughTheExpressionEquality() {
        var withDefault = email().withDefault(Optional.of("'none'::text"));
        assertEquals(List.of(new ChangeDefault(pub("users"), "email", Optional.empty(), Optional.of("'none'::text"))),
                changes(catalog(users()), catalog(usersWith(withDefault))));
        ExpressionEquality anything = (a, b, schema) -> true;
        var spelledOtherwise = email().withDefault(Optional.of("'none'"));
        assertEquals(List.of(), Differ.diff(catalog(usersWith(withDefault)), catalog(usersWith(spelledOtherwise)),
                anything).changes());
    }

    @Test
    void whitespaceAloneIsNotADefaultChange() {
        var a = email().withDefault(Optional.of("lower( 'X' )"));
        var b = email().withDefault(Optional.of("lower(\n  'X' )"));
        assertEquals(List.of(), changes(catalog(usersWith(a)), catalog(usersWith(b))));
    }

    @Test
    void identityAddedToANullableColumnSetsNotNullFirst() {
        var plain = column("n", BIGINT);
        var identity = plain.withNullable(false).withIdentity(Optional.of(
                new Identity(Identity.Generation.ALWAYS, SequenceOptions.defaultsFor(BIGINT))));
        var before = Table.of("t", List.of(plain));
        var after = Table.of("t", List.of(identity));
        assertEquals(List.of(new SetNotNull(pub("t"), identity), new AddIdentity(pub("t"), identity)),
                changes(catalog(before), catalog(after)));
    }

    @Test
    void identityDroppedFromANowNullableColumnDropsNotNullAfter() {
        var identity = column("n", BIGINT).withNullable(false).withIdentity(Optional.of(
                new Identity(Identity.Generation.ALWAYS, SequenceOptions.defaultsFor(BIGINT))));
        var plain = column("n", BIGINT);
        assertEquals(List.of(new DropIdentity(pub("t"), identity), new DropNotNull(pub("t"), plain)),
                changes(catalog(Table.of("t", List.of(identity))), catalog(Table.of("t", List.of(plain)))));
    }

    @Test
    void identityOptionsChange() {
        var always = column("n", BIGINT).withNullable(false).withIdentity(Optional.of(
                new Identity(Identity.Generation.ALWAYS, SequenceOptions.defaultsFor(BIGINT))));
        var byDefault = always.withIdentity(Optional.of(
                new Identity(Identity.Generation.BY_DEFAULT, SequenceOptions.defaultsFor(BIGINT))));
        assertEquals(List.of(new ChangeIdentity(pub("t"), always, byDefault)),
                changes(catalog(Table.of("t", List.of(always))), catalog(Table.of("t", List.of(byDefault)))));
    }

    @Test
    void generatedExpressionAddedChangedDropped() {
        var plain = column("total", INTEGER);
        var generated = plain.withGeneratedAs(Optional.of("price * quantity"));
        var changed = plain.withGeneratedAs(Optional.of("price * quantity * 2"));
        var t = (java.util.function.Function<Column, Catalog>) c -> catalog(Table.of("t", List.of(c)));
        assertEquals(List.of(new ChangeGenerated(pub("t"), plain, generated)), changes(t.apply(plain), t.apply(generated)));
        assertEquals(List.of(new ChangeGenerated(pub("t"), generated, changed)), changes(t.apply(generated), t.apply(changed)));
        assertEquals(List.of(new ChangeGenerated(pub("t"), generated, plain)), changes(t.apply(generated), t.apply(plain)));
    }

    @Test
    void collationChangeIsSeparateFromTheType() {
        var c = email().withCollation(Optional.of("C"));
        assertEquals(List.of(new ChangeCollation(pub("users"), email(), c)),
                changes(catalog(users()), catalog(usersWith(c))));
    }

    @Test
    void columnCommentChange() {
        var c = email().withComment(Optional.of("where we write"));
        assertEquals(List.of(new ChangeColumnComment(pub("users"), "email", Optional.empty(), Optional.of("where we write"))),
                changes(catalog(users()), catalog(usersWith(c))));
    }

    @Test
    void hintsAloneAreNoChange() {
        var hinted = email().withUsing(Optional.of("x")).withBackfill(Optional.of("y")).withRenamedFrom(Optional.of("ghost"));
        assertEquals(List.of(), changes(catalog(users()), catalog(usersWith(hinted).withRenamedFrom(Optional.of("nobody")))));
    }

    @Test
    void columnOrderThatPostgresCannotProduceIsNoChange() {
        var reordered = users().withColumns(List.of(id(), email(), column("username", TEXT)));
        var result = diff(catalog(users()), catalog(reordered));
        assertEquals(List.of(), result.changes());
        // The note saying which order the table keeps is the planner's (plan.ColumnOrder), from its own statements.
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void changesOfOneColumnComeInAFixedOrder() {
        var changed = email().withType(INTEGER).withNullable(false).withDefault(Optional.of("0"))
                .withComment(Optional.of("c"));
        var d = usersWith(changed);
        assertEquals(List.of(
                        new ChangeColumnType(pub("users"), email(), changed, Optional.empty()),
                        new ChangeDefault(pub("users"), "email", Optional.empty(), Optional.of("0")),
                        new SetNotNull(pub("users"), changed),
                        new ChangeColumnComment(pub("users"), "email", Optional.empty(), Optional.of("c"))),
                changes(catalog(users()), catalog(d)));
    }
}
