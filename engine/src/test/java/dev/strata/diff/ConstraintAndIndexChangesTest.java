package dev.strata.diff;

import static dev.strata.diff.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.diff.ConstraintChange.*;
import dev.strata.diff.IndexChange.*;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Deferrability;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ConstraintAndIndexChangesTest {

    private static final Table ORGS = Table.of("orgs", List.of(id()))
            .withPrimaryKey(Optional.of(new PrimaryKey("orgs_pkey", List.of("id"))));

    private static Table members() {
        return Table.of("members", List.of(id(), column("org_id", BIGINT), column("email", TEXT)));
    }

    private static ForeignKey orgFk(ForeignKey.Action onDelete) {
        return new ForeignKey("members_org_id_fkey", List.of("org_id"), pub("orgs"), List.of("id"), onDelete,
                ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE, Deferrability.NOT_DEFERRABLE);
    }

    private static Index emailIndex(String name, String where) {
        return new Index(name, false, false, "btree", List.of(IndexKey.column("email")), List.of(),
                Optional.ofNullable(where), Map.of());
    }

    @Test
    void primaryKeyAddedAndDropped() {
        var pk = new PrimaryKey("members_pkey", List.of("id"));
        var with = members().withPrimaryKey(Optional.of(pk));
        assertEquals(List.of(new AddPrimaryKey(pub("members"), pk)), changes(catalog(members()), catalog(with)));
        assertEquals(List.of(new DropPrimaryKey(pub("members"), pk)), changes(catalog(with), catalog(members())));
    }

    @Test
    void uniqueAddedAndDropped() {
        var u = unique("members_email_key", "email");
        var with = members().withUniqueConstraints(List.of(u));
        assertEquals(List.of(new AddUnique(pub("members"), u)), changes(catalog(members()), catalog(with)));
        assertEquals(List.of(new DropUnique(pub("members"), u)), changes(catalog(with), catalog(members())));
    }

    @Test
    void foreignKeyAddedAndDropped() {
        var fk = orgFk(ForeignKey.Action.NO_ACTION);
        var with = members().withForeignKeys(List.of(fk));
        assertEquals(List.of(new AddForeignKey(pub("members"), fk)), changes(catalog(ORGS, members()), catalog(ORGS, with)));
        assertEquals(List.of(new DropForeignKey(pub("members"), fk)), changes(catalog(ORGS, with), catalog(ORGS, members())));
    }

    @Test
    void aForeignKeyWhoseActionChangedIsOneReplacement() {
        var before = members().withForeignKeys(List.of(orgFk(ForeignKey.Action.NO_ACTION)));
        var after = members().withForeignKeys(List.of(orgFk(ForeignKey.Action.CASCADE)));
        assertEquals(List.of(new ReplaceForeignKey(pub("members"), orgFk(ForeignKey.Action.NO_ACTION),
                        orgFk(ForeignKey.Action.CASCADE))),
                changes(catalog(ORGS, before), catalog(ORGS, after)));
    }

    @Test
    void checkAddedDroppedAndRenamed() {
        var check = new CheckConstraint("members_email_check", "length(email) > 3", false);
        var renamed = new CheckConstraint("email_long_enough", "length(email) > 3", false);
        var with = members().withChecks(List.of(check));
        assertEquals(List.of(new AddCheck(pub("members"), check)), changes(catalog(members()), catalog(with)));
        assertEquals(List.of(new DropCheck(pub("members"), check)), changes(catalog(with), catalog(members())));
        assertEquals(List.of(new RenameConstraint(pub("members"), "members_email_check", "email_long_enough")),
                changes(catalog(with), catalog(members().withChecks(List.of(renamed)))));
    }

    @Test
    void exclusionAddedAndDropped() {
        var exclusion = new ExclusionConstraint("members_email_excl", "gist",
                List.of(new ExclusionConstraint.Element(IndexKey.column("email"), "=")), Optional.of("email <> ''"),
                Deferrability.NOT_DEFERRABLE);
        var with = members().withExclusions(List.of(exclusion));
        assertEquals(List.of(new AddExclusion(pub("members"), exclusion)), changes(catalog(members()), catalog(with)));
        assertEquals(List.of(new DropExclusion(pub("members"), exclusion)), changes(catalog(with), catalog(members())));
    }

    @Test
    void indexCreatedDroppedRenamedReplaced() {
        var index = emailIndex("members_email_idx", null);
        var with = members().withIndexes(List.of(index));
        assertEquals(List.of(new CreateIndex(pub("members"), index)), changes(catalog(members()), catalog(with)));
        assertEquals(List.of(new DropIndex(pub("members"), index)), changes(catalog(with), catalog(members())));
        assertEquals(List.of(new RenameIndex(pub("members"), "members_email_idx", "by_email")),
                changes(catalog(with), catalog(members().withIndexes(List.of(emailIndex("by_email", null))))));
        var partial = emailIndex("members_email_idx", "email IS NOT NULL");
        assertEquals(List.of(new ReplaceIndex(pub("members"), index, partial)),
                changes(catalog(with), catalog(members().withIndexes(List.of(partial)))));
    }

    @Test
    void indexExpressionsAreComparedThroughTheExpressionEquality() {
        var lower = new Index("members_lower_idx", false, false, "btree", List.of(IndexKey.expression("lower(email)")),
                List.of(), Optional.empty(), Map.of());
        var spaced = new Index("members_lower_idx", false, false, "btree", List.of(IndexKey.expression("lower( email )")),
                List.of(), Optional.empty(), Map.of());
        ExpressionEquality ignoringSpaces = (a, b, s) -> a.replace(" ", "").equals(b.replace(" ", ""));
        assertEquals(List.of(), Differ.diff(catalog(members().withIndexes(List.of(lower))),
                catalog(members().withIndexes(List.of(spaced))), ignoringSpaces).changes());
    }

    @Test
    void droppedColumnTakesItsIndexesAndConstraintsAlong() {
        var before = members()
                .withIndexes(List.of(emailIndex("members_email_idx", null)))
                .withUniqueConstraints(List.of(unique("members_email_key", "email")))
                .withChecks(List.of(new CheckConstraint("members_email_check", "length(email) > 3", false)));
        var after = Table.of("members", List.of(id(), column("org_id", BIGINT)));
        assertEquals(List.of(new ColumnChange.DropColumn(pub("members"), column("email", TEXT))),
                changes(catalog(before), catalog(after)));
    }

    @Test
    void foreignKeyToADroppedTableIsDroppedExplicitly() {
        var with = members().withForeignKeys(List.of(orgFk(ForeignKey.Action.NO_ACTION)));
        assertEquals(List.of(new DropForeignKey(pub("members"), orgFk(ForeignKey.Action.NO_ACTION)),
                        new TableChange.DropTable(pub("orgs"), ORGS)),
                changes(catalog(ORGS, with), catalog(members())));
    }

    @Test
    void droppedTableDoesNotListItsConstraintsOrIndexes() {
        var with = members().withForeignKeys(List.of(orgFk(ForeignKey.Action.NO_ACTION)))
                .withIndexes(List.of(emailIndex("members_email_idx", null)));
        assertEquals(List.of(new TableChange.DropTable(pub("members"), with)), changes(catalog(ORGS, with), catalog(ORGS)));
    }

    @Test
    void anIndexRedeclaredUnderTheNameOfOneADroppedColumnTakesAlongReplacesIt() {
        Table before = Table.of("t", List.of(id(), column("a", TEXT), column("b", TEXT)))
                .withIndexes(List.of(new dev.strata.model.Index("t_a_idx", false, false, "btree",
                        List.of(dev.strata.model.IndexKey.column("a")), List.of(), Optional.of("b IS NOT NULL"), java.util.Map.of())));
        dev.strata.model.Index redeclared = new dev.strata.model.Index("t_a_idx", false, false, "btree",
                List.of(dev.strata.model.IndexKey.column("a")), List.of(), Optional.of("a IS NOT NULL"), java.util.Map.of());
        Table after = Table.of("t", List.of(id(), column("a", TEXT))).withIndexes(List.of(redeclared));
        assertEquals(List.of(new dev.strata.diff.ColumnChange.DropColumn(pub("t"), column("b", TEXT)),
                        new IndexChange.ReplaceIndex(pub("t"), before.indexes().get(0), redeclared)),
                changes(catalog(before), catalog(after)));
    }

    @Test
    void aCheckRedeclaredUnderTheNameOfOneADroppedColumnTakesAlongIsDroppedFirst() {
        var old = new CheckConstraint("t_check", "b <> ''", false);
        var redeclared = new CheckConstraint("t_check", "a <> ''", false);
        Table before = Table.of("t", List.of(id(), column("a", TEXT), column("b", TEXT))).withChecks(List.of(old));
        Table after = Table.of("t", List.of(id(), column("a", TEXT))).withChecks(List.of(redeclared));
        assertEquals(List.of(new dev.strata.diff.ColumnChange.DropColumn(pub("t"), column("b", TEXT)),
                        new ReplaceCheck(pub("t"), old, redeclared)),
                changes(catalog(before), catalog(after)));
    }

    @Test
    void aCheckWhoseExpressionChangedIsOneReplacement() {
        var old = new CheckConstraint("members_email_check", "length(email) > 3", false);
        var changed = new CheckConstraint("members_email_check", "length(email) > 5", false);
        assertEquals(List.of(new ReplaceCheck(pub("members"), old, changed)),
                changes(catalog(members().withChecks(List.of(old))), catalog(members().withChecks(List.of(changed)))));
    }

    @Test
    void aUniqueConstraintWhoseColumnsOrDeferrabilityChangedIsOneReplacement() {
        var old = unique("members_email_key", "email");
        var wider = unique("members_email_key", "email", "org_id");
        var deferrable = new UniqueConstraint("members_email_key", List.of("email"), false, Deferrability.DEFERRABLE_INITIALLY_DEFERRED);
        var with = members().withUniqueConstraints(List.of(old));
        assertEquals(List.of(new ReplaceUnique(pub("members"), old, wider)),
                changes(catalog(with), catalog(members().withUniqueConstraints(List.of(wider)))));
        assertEquals(List.of(new ReplaceUnique(pub("members"), old, deferrable)),
                changes(catalog(with), catalog(members().withUniqueConstraints(List.of(deferrable)))));
    }

    @Test
    void aForeignKeyMadeDeferrableIsOneReplacement() {
        var old = orgFk(ForeignKey.Action.NO_ACTION);
        var deferrable = new ForeignKey(old.name(), old.columns(), old.target(), old.targetColumns(), old.onDelete(),
                old.onUpdate(), old.match(), Deferrability.DEFERRABLE_INITIALLY_IMMEDIATE);
        assertEquals(List.of(new ReplaceForeignKey(pub("members"), old, deferrable)),
                changes(catalog(ORGS, members().withForeignKeys(List.of(old))),
                        catalog(ORGS, members().withForeignKeys(List.of(deferrable)))));
    }

    @Test
    void aPrimaryKeyOnOtherColumnsIsOneReplacementWhateverItsName() {
        var old = new PrimaryKey("members_pkey", List.of("id"));
        var sameName = new PrimaryKey("members_pkey", List.of("id", "org_id"));
        var otherName = new PrimaryKey("members_key", List.of("id", "org_id"));
        var with = members().withPrimaryKey(Optional.of(old));
        assertEquals(List.of(new ReplacePrimaryKey(pub("members"), old, sameName)),
                changes(catalog(with), catalog(members().withPrimaryKey(Optional.of(sameName)))));
        assertEquals(List.of(new ReplacePrimaryKey(pub("members"), old, otherName)),
                changes(catalog(with), catalog(members().withPrimaryKey(Optional.of(otherName)))));
    }

    @Test
    void aPrimaryKeyADroppedColumnTakesAlongIsReplacedByOneUnderAnotherName() {
        var old = new PrimaryKey("t_pkey", List.of("id", "b"));
        var redeclared = new PrimaryKey("t_key", List.of("id", "a"));
        Table before = Table.of("t", List.of(id(), column("a", TEXT), column("b", TEXT))).withPrimaryKey(Optional.of(old));
        Table after = Table.of("t", List.of(id(), column("a", TEXT))).withPrimaryKey(Optional.of(redeclared));
        assertEquals(List.of(new dev.strata.diff.ColumnChange.DropColumn(pub("t"), column("b", TEXT)),
                        new ReplacePrimaryKey(pub("t"), old, redeclared)),
                changes(catalog(before), catalog(after)));
    }

    @Test
    void aUniqueConstraintRenamedAndChangedIsADropAndAnAdd() {
        var old = unique("members_email_key", "email");
        var other = unique("members_email_org_key", "email", "org_id");
        assertEquals(List.of(new DropUnique(pub("members"), old), new AddUnique(pub("members"), other)),
                changes(catalog(members().withUniqueConstraints(List.of(old))),
                        catalog(members().withUniqueConstraints(List.of(other)))));
    }

    @Test
    void anExclusionWhosePredicateChangedIsOneReplacement() {
        var old = new ExclusionConstraint("members_email_excl", "gist",
                List.of(new ExclusionConstraint.Element(IndexKey.column("email"), "=")), Optional.of("email <> ''"),
                Deferrability.NOT_DEFERRABLE);
        var changed = new ExclusionConstraint("members_email_excl", "gist",
                List.of(new ExclusionConstraint.Element(IndexKey.column("email"), "=")), Optional.empty(),
                Deferrability.NOT_DEFERRABLE);
        assertEquals(List.of(new ReplaceExclusion(pub("members"), old, changed)),
                changes(catalog(members().withExclusions(List.of(old))), catalog(members().withExclusions(List.of(changed)))));
    }

    @Test
    void aChangedIndexCommentIsACommentChangeNotAReplacement() {
        var before = members().withIndexes(List.of(emailIndex("members_email_idx", null)));
        var after = members().withIndexes(List.of(emailIndex("members_email_idx", null).withComment(Optional.of("it's for login"))));
        assertEquals(List.of(new ChangeIndexComment(pub("members"), "members_email_idx", Optional.empty(), Optional.of("it's for login"))),
                changes(catalog(before), catalog(after)));
        assertEquals(List.of(new ChangeIndexComment(pub("members"), "members_email_idx", Optional.of("it's for login"), Optional.empty())),
                changes(catalog(after), catalog(before)));
    }

    @Test
    void aChangedConstraintCommentIsACommentChangeForEveryKind() {
        var pk = new PrimaryKey("members_pkey", List.of("id"));
        var check = new CheckConstraint("members_email_check", "email <> ''", false);
        var u = unique("members_email_key", "email");
        var fk = orgFk(ForeignKey.Action.NO_ACTION);
        var before = members().withPrimaryKey(Optional.of(pk)).withChecks(List.of(check)).withUniqueConstraints(List.of(u))
                .withForeignKeys(List.of(fk));
        var after = members().withPrimaryKey(Optional.of(pk.withComment(Optional.of("k"))))
                .withChecks(List.of(check.withComment(Optional.of("c"))))
                .withUniqueConstraints(List.of(u.withComment(Optional.of("u"))))
                .withForeignKeys(List.of(fk.withComment(Optional.of("f"))));
        assertEquals(List.of(
                        new ChangeConstraintComment(pub("members"), "members_pkey", Optional.empty(), Optional.of("k")),
                        new ChangeConstraintComment(pub("members"), "members_email_key", Optional.empty(), Optional.of("u")),
                        new ChangeConstraintComment(pub("members"), "members_org_id_fkey", Optional.empty(), Optional.of("f")),
                        new ChangeConstraintComment(pub("members"), "members_email_check", Optional.empty(), Optional.of("c"))),
                changes(catalog(ORGS, before), catalog(ORGS, after)));
    }

    @Test
    void aReplacedIndexOrConstraintCarriesItsCommentInTheReplacementAlone() {
        var before = members().withIndexes(List.of(emailIndex("members_email_idx", null).withComment(Optional.of("old"))))
                .withChecks(List.of(new CheckConstraint("members_email_check", "email <> ''", false, Optional.of("old"))));
        Index index = emailIndex("members_email_idx", "email IS NOT NULL").withComment(Optional.of("new"));
        CheckConstraint check = new CheckConstraint("members_email_check", "length(email) > 1", false, Optional.of("new"));
        var after = members().withIndexes(List.of(index)).withChecks(List.of(check));
        assertEquals(List.of(new ReplaceCheck(pub("members"), before.checks().getFirst(), check),
                        new ReplaceIndex(pub("members"), before.indexes().getFirst(), index)),
                changes(catalog(before), catalog(after)));
    }

    @Test
    void aRenameKeepsTheCommentSoOnlyADifferentOneIsAChangeUnderTheNewName() {
        var before = members().withIndexes(List.of(emailIndex("members_email_idx", null).withComment(Optional.of("kept"))));
        var same = members().withIndexes(List.of(emailIndex("by_email", null).withComment(Optional.of("kept"))));
        var other = members().withIndexes(List.of(emailIndex("by_email", null).withComment(Optional.of("other"))));
        assertEquals(List.of(new RenameIndex(pub("members"), "members_email_idx", "by_email")),
                changes(catalog(before), catalog(same)));
        assertEquals(List.of(new RenameIndex(pub("members"), "members_email_idx", "by_email"),
                        new ChangeIndexComment(pub("members"), "by_email", Optional.of("kept"), Optional.of("other"))),
                changes(catalog(before), catalog(other)));
    }
}
