package dev.strata.plan.recipe;

import dev.strata.model.Column;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.TableWork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CreateTableRecipeTest {

    private static final QualifiedName T = QualifiedName.of("public", "t");

    @Test
    void createsTableIndexesAndCommentsInOneExpandTransaction() {
        Table t = table("t")
                .withIndexes(List.of(new Index("t_name_idx", false, false, "btree", List.of(IndexKey.column("name")),
                        List.of(), Optional.empty(), Map.of())))
                .withComment(Optional.of("people"));
        Plan plan = plan(catalog(pub()), catalog(t));

        DdlStep step = ddl(plan, "expand-1");
        assertEquals(List.of("expand-1"), ids(plan));
        assertEquals(Phase.EXPAND, step.phase());
        assertEquals(List.of("""
                        CREATE TABLE public.t (
                            id bigint NOT NULL,
                            name text,
                            CONSTRAINT t_pkey PRIMARY KEY (id)
                        )""",
                "CREATE INDEX t_name_idx ON public.t USING btree (name)",
                "COMMENT ON TABLE public.t IS 'people'"), step.sql());
        assertEquals(true, step.transactional());
        assertEquals(List.of(new LockHold(T, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), step.locks());
        assertEquals(Optional.of(List.of("DROP TABLE IF EXISTS public.t")), step.inverseSql());
    }

    @Test
    void columnCommentsAreSetWithTheTable() {
        Table t = Table.of("t", List.of(Column.of("note", TEXT).withComment(Optional.of("free text"))));
        DdlStep step = ddl(plan(catalog(pub()), catalog(t)), "expand-1");
        assertEquals("COMMENT ON COLUMN public.t.note IS 'free text'", step.sql().get(1));
    }

    @Test
    void foreignKeyOfNewTableIsItsOwnLaterStepLockingBothTables() {
        Table users = table("users");
        Table orders = Table.of("orders", List.of(Column.of("id", BIGINT).withNullable(false), Column.of("user_id", BIGINT)))
                .withForeignKeys(List.of(new ForeignKey("orders_user_fk", List.of("user_id"), QualifiedName.of("public", "users"),
                        List.of("id"), ForeignKey.Action.NO_ACTION, ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE,
                        Deferrability.NOT_DEFERRABLE)));
        Plan plan = plan(catalog(users), catalog(users, orders));

        assertEquals(List.of("create table public.orders"), plan.changes());
        assertEquals(List.of("expand-1", "expand-2"), ids(plan));
        assertEquals(1, ddl(plan, "expand-1").sql().size(), "the table is created without its foreign key");
        DdlStep fk = ddl(plan, "expand-2");
        assertEquals(List.of("ALTER TABLE public.orders ADD CONSTRAINT orders_user_fk FOREIGN KEY (user_id) REFERENCES public.users (id)"),
                fk.sql());
        assertEquals(List.of(new LockHold(QualifiedName.of("public", "orders"), LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY),
                new LockHold(QualifiedName.of("public", "users"), LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)), fk.locks());
        assertEquals(Optional.of(List.of("ALTER TABLE public.orders DROP CONSTRAINT IF EXISTS orders_user_fk")), fk.inverseSql());
    }

    @Test
    void foreignKeysBetweenTwoNewTablesFollowBothTables() {
        Table a = table("a");
        Table b = Table.of("b", List.of(Column.of("a_id", BIGINT)))
                .withForeignKeys(List.of(new ForeignKey("b_a_fk", List.of("a_id"), QualifiedName.of("public", "a"),
                        List.of("id"), ForeignKey.Action.CASCADE, ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE,
                        Deferrability.NOT_DEFERRABLE)));
        Plan plan = plan(catalog(pub()), catalog(a, b));
        assertEquals(List.of("create table public.a", "create table public.b", "add foreign key b_a_fk on new table public.b"),
                plan.steps().stream().map(s -> s.summary()).toList());
    }
}
