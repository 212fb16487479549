package dev.strata.plan.recipe;

import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import dev.strata.plan.TableWork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CreateSequenceRecipeTest {

    @Test
    void createsIfMissingWithOptionsAndComment() {
        Sequence s = new Sequence("s", INTEGER, new SequenceOptions(100, 5, 1, 2147483647, 1, false), Optional.empty(),
                Optional.of("ticket numbers"));
        DdlStep step = ddl(plan(catalog(pub()), catalog(pub().withSequences(List.of(s)))), "expand-1");
        assertEquals(List.of("CREATE SEQUENCE IF NOT EXISTS public.s AS integer INCREMENT BY 5 START WITH 100",
                "COMMENT ON SEQUENCE public.s IS 'ticket numbers'"), step.sql());
        assertEquals(Optional.of(List.of("DROP SEQUENCE IF EXISTS public.s")), step.inverseSql());
    }

    @Test
    void serialStyleSequenceComesBeforeItsTableAndIsOwnedAfterIt() {
        Sequence seq = new Sequence("t_id_seq", BIGINT, SequenceOptions.defaultsFor(BIGINT), Optional.of(new Sequence.OwnedBy("t", "id")),
                Optional.empty());
        Table t = Table.of("t", List.of(Column.of("id", BIGINT).withNullable(false)
                .withDefault(Optional.of("nextval('public.t_id_seq'::regclass)"))));
        Plan plan = plan(catalog(pub()), catalog(pub().withSequences(List.of(seq)).withTables(List.of(t))));

        assertEquals(List.of("create sequence public.t_id_seq", "create table public.t",
                "make sequence public.t_id_seq owned by public.t.id"), plan.steps().stream().map(s -> s.summary()).toList());
        DdlStep owned = ddl(plan, "expand-3");
        assertEquals(List.of("ALTER SEQUENCE public.t_id_seq OWNED BY public.t.id"), owned.sql());
        assertEquals(List.of(new LockHold(QualifiedName.of("public", "t_id_seq"), LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY),
                new LockHold(QualifiedName.of("public", "t"), LockMode.ACCESS_SHARE, TableWork.CATALOG_ONLY)), owned.locks());
        assertEquals(Optional.of(List.of("ALTER SEQUENCE public.t_id_seq OWNED BY NONE")), owned.inverseSql());
    }
}
