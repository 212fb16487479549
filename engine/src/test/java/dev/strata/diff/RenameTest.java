package dev.strata.diff;

import static dev.strata.diff.Fixtures.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.strata.diff.ColumnChange.*;
import dev.strata.diff.ConstraintChange.*;
import dev.strata.diff.TableChange.*;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.Table;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RenameTest {

    private static Column handle() {
        return column("handle", TEXT).withRenamedFrom(Optional.of("username"));
    }

    private static Table usersWithHandle() {
        return users().withColumns(List.of(id(), handle(), column("email", TEXT)));
    }

    @Test
    void hintedColumnRenameIsARename() {
        assertEquals(List.of(new RenameColumn(pub("users"), column("username", TEXT), handle())),
                changes(catalog(users()), catalog(usersWithHandle())));
    }

    @Test
    void renameAlreadyAppliedIsANoOp() {
        var applied = users().withColumns(List.of(id(), column("handle", TEXT), column("email", TEXT)));
        var result = diff(catalog(applied), catalog(usersWithHandle()));
        assertEquals(List.of(), result.changes());
        assertEquals(List.of(), result.warnings());
    }

    @Test
    void renameWhenBothNamesExistDropsTheOldOneWithAWarning() {
        var both = users().withColumns(List.of(id(), column("username", TEXT), column("handle", TEXT),
                column("email", TEXT)));
        var result = diff(catalog(both), catalog(usersWithHandle()));
        assertEquals(List.of(new DropColumn(pub("users"), column("username", TEXT))), result.changes());
        assertEquals(List.of("column public.users.handle: renamed_from username ignored because both username and "
                + "handle exist; username is dropped as an undeclared object"), result.warnings());
    }

    @Test
    void renamesAreNeverGuessedWithoutAHint() {
        var desired = users().withColumns(List.of(id(), column("handle", TEXT), column("email", TEXT)));
        assertEquals(List.of(new AddColumn(pub("users"), column("handle", TEXT)),
                        new DropColumn(pub("users"), column("username", TEXT))),
                changes(catalog(users()), catalog(desired)));
    }

    @Test
    void renameAndTypeChangeReferToTheDesiredName() {
        var desired = handle().withType(DataType.builtin("character varying", 40));
        var table = users().withColumns(List.of(id(), desired, column("email", TEXT)));
        assertEquals(List.of(
                        new RenameColumn(pub("users"), column("username", TEXT), desired),
                        new ChangeColumnType(pub("users"), column("handle", TEXT), desired, Optional.empty())),
                changes(catalog(users()), catalog(table)));
    }

    @Test
    void renamedColumnKeepsItsUniqueConstraintWhoseDerivedNameFollows() {
        var before = users().withUniqueConstraints(List.of(unique("users_username_key", "username")));
        var after = usersWithHandle().withUniqueConstraints(List.of(unique("users_handle_key", "handle")));
        assertEquals(List.of(
                        new RenameColumn(pub("users"), column("username", TEXT), handle()),
                        new RenameConstraint(pub("users"), "users_username_key", "users_handle_key")),
                changes(catalog(before), catalog(after)));
    }

    @Test
    void renamedColumnKeepsAnExplicitlyNamedConstraintUntouched() {
        var before = users().withUniqueConstraints(List.of(unique("users_login_unique", "username")));
        var after = usersWithHandle().withUniqueConstraints(List.of(unique("users_login_unique", "handle")));
        assertEquals(List.of(new RenameColumn(pub("users"), column("username", TEXT), handle())),
                changes(catalog(before), catalog(after)));
    }

    @Test
    void renamedColumnKeepsChecksAndIndexesThatMentionIt() {
        var check = new CheckConstraint("users_name_check", "length(username) > 2", false);
        var index = new Index("users_lower_idx", false, false, "btree", List.of(IndexKey.expression("lower(username)")),
                List.of(), Optional.of("username IS NOT NULL"), Map.of());
        var before = users().withChecks(List.of(check)).withIndexes(List.of(index));
        var after = usersWithHandle()
                .withChecks(List.of(new CheckConstraint("users_name_check", "length(handle) > 2", false)))
                .withIndexes(List.of(new Index("users_lower_idx", false, false, "btree",
                        List.of(IndexKey.expression("lower(handle)")), List.of(), Optional.of("handle IS NOT NULL"),
                        Map.of())));
        assertEquals(List.of(new RenameColumn(pub("users"), column("username", TEXT), handle())),
                changes(catalog(before), catalog(after)));
    }

    @Test
    void renamedIndexFollowsItsColumn() {
        var before = users().withIndexes(List.of(new Index("users_username_idx", false, false, "btree",
                List.of(IndexKey.column("username")), List.of(), Optional.empty(), Map.of())));
        var after = usersWithHandle().withIndexes(List.of(new Index("users_handle_idx", false, false, "btree",
                List.of(IndexKey.column("handle")), List.of(), Optional.empty(), Map.of())));
        assertEquals(List.of(
                        new RenameColumn(pub("users"), column("username", TEXT), handle()),
                        new IndexChange.RenameIndex(pub("users"), "users_username_idx", "users_handle_idx")),
                changes(catalog(before), catalog(after)));
    }

    @Test
    void hintedTableRenameIsARename() {
        var accounts = users().withName("accounts");
        var desired = users().withRenamedFrom(Optional.of("accounts"));
        assertEquals(List.of(new RenameTable(pub("accounts"), pub("users"), desired)),
                changes(catalog(accounts), catalog(desired)));
    }

    @Test
    void tableRenameAlreadyAppliedIsANoOp() {
        var desired = users().withRenamedFrom(Optional.of("accounts"));
        assertEquals(List.of(), changes(catalog(users()), catalog(desired)));
    }

    @Test
    void tableRenameWhenBothExistDropsTheOldOneWithAWarning() {
        var desired = users().withRenamedFrom(Optional.of("accounts"));
        var result = diff(catalog(users().withName("accounts"), users()), catalog(desired));
        assertEquals(List.of(new DropTable(pub("accounts"), users().withName("accounts"))), result.changes());
        assertEquals(1, result.warnings().size());
    }

    @Test
    void foreignKeysToARenamedTableSurviveTheRename() {
        var fk = new ForeignKey("posts_author_fkey", List.of("author"), pub("accounts"), List.of("id"),
                ForeignKey.Action.NO_ACTION, ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE,
                Deferrability.NOT_DEFERRABLE);
        var fkAfter = new ForeignKey("posts_author_fkey", List.of("author"), pub("users"), List.of("id"),
                ForeignKey.Action.NO_ACTION, ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE,
                Deferrability.NOT_DEFERRABLE);
        var posts = Table.of("posts", List.of(id(), column("author", BIGINT)));
        var accounts = users().withName("accounts")
                .withPrimaryKey(Optional.of(new PrimaryKey("accounts_pkey", List.of("id"))));
        var desiredUsers = users().withRenamedFrom(Optional.of("accounts"));
        assertEquals(List.of(
                        new RenameTable(pub("accounts"), pub("users"), desiredUsers),
                        new RenameConstraint(pub("users"), "accounts_pkey", "users_pkey")),
                changes(catalog(accounts, posts.withForeignKeys(List.of(fk))),
                        catalog(desiredUsers, posts.withForeignKeys(List.of(fkAfter)))));
    }

    @Test
    void foreignKeysToARenamedColumnSurviveTheRename() {
        var target = Table.of("orgs", List.of(column("code", TEXT).withNullable(false)))
                .withUniqueConstraints(List.of(unique("orgs_code_key", "code")));
        var renamedTarget = Table.of("orgs", List.of(column("slug", TEXT).withNullable(false)
                        .withRenamedFrom(Optional.of("code"))))
                .withUniqueConstraints(List.of(unique("orgs_code_key", "slug")));
        var fk = (java.util.function.Function<String, ForeignKey>) col -> new ForeignKey("m_org_fkey",
                List.of("org"), pub("orgs"), List.of(col), ForeignKey.Action.NO_ACTION, ForeignKey.Action.NO_ACTION,
                ForeignKey.Match.SIMPLE, Deferrability.NOT_DEFERRABLE);
        var m = Table.of("m", List.of(column("org", TEXT)));
        assertEquals(List.of(new RenameColumn(pub("orgs"), column("code", TEXT).withNullable(false),
                        renamedTarget.columns().get(0))),
                changes(catalog(m.withForeignKeys(List.of(fk.apply("code"))), target),
                        catalog(m.withForeignKeys(List.of(fk.apply("slug"))), renamedTarget)));
    }
}
