package dev.strata.plan.recipe;

import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.TableWork;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AlterSequenceRecipeTest {

    private static final QualifiedName S = QualifiedName.of("public", "s");

    private static Sequence seq(dev.strata.model.DataType type, SequenceOptions options, Optional<Sequence.OwnedBy> owner) {
        return new Sequence("s", type, options, owner, Optional.empty());
    }

    @Test
    void changedOptionsAreSetExplicitlyAndTheOldOnesAreTheInverse() {
        Sequence before = seq(BIGINT, SequenceOptions.defaultsFor(BIGINT), Optional.empty());
        Sequence after = seq(INTEGER, new SequenceOptions(1, 1, 1, 2147483647, 20, true), Optional.empty());
        DdlStep step = ddl(plan(catalog(pub().withSequences(List.of(before))), catalog(pub().withSequences(List.of(after)))), "expand-1");

        assertEquals(Phase.EXPAND, step.phase());
        assertEquals(List.of("ALTER SEQUENCE public.s AS integer MAXVALUE 2147483647 CACHE 20 CYCLE"), step.sql());
        assertEquals(Optional.of(List.of("ALTER SEQUENCE public.s AS bigint MAXVALUE 9223372036854775807 CACHE 1 NO CYCLE")),
                step.inverseSql());
        assertEquals(List.of(new LockHold(S, LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY)), step.locks());
    }

    @Test
    void newOwnerIsSetAfterItsColumnIsCreated() {
        Table t = Table.of("t", List.of(Column.of("n", BIGINT)));
        Sequence before = seq(BIGINT, SequenceOptions.defaultsFor(BIGINT), Optional.empty());
        Sequence after = seq(BIGINT, SequenceOptions.defaultsFor(BIGINT), Optional.of(new Sequence.OwnedBy("t", "n")));
        Plan plan = plan(catalog(pub().withSequences(List.of(before))), catalog(pub().withSequences(List.of(after)).withTables(List.of(t))));

        assertEquals(List.of("create table public.t", "alter sequence public.s"), plan.steps().stream().map(x -> x.summary()).toList());
        assertEquals(List.of("ALTER SEQUENCE public.s OWNED BY public.t.n"), ddl(plan, "expand-2").sql());
        assertEquals(Optional.of(List.of("ALTER SEQUENCE public.s OWNED BY NONE")), ddl(plan, "expand-2").inverseSql());
    }

    @Test
    void aSequenceNamedLikeTheOwnedByClauseKeepsItsNameWhenItsOwnerChanges() {
        Table t = Table.of("t", List.of(Column.of("n", BIGINT)));
        Sequence before = new Sequence("s OWNED BY x", BIGINT, SequenceOptions.defaultsFor(BIGINT), Optional.empty(), Optional.empty());
        Sequence after = new Sequence("s OWNED BY x", BIGINT, SequenceOptions.defaultsFor(BIGINT),
                Optional.of(new Sequence.OwnedBy("t", "n")), Optional.empty());
        Plan plan = plan(catalog(pub().withSequences(List.of(before)).withTables(List.of(t))),
                catalog(pub().withSequences(List.of(after)).withTables(List.of(t))));

        assertEquals(List.of("ALTER SEQUENCE public.\"s OWNED BY x\" OWNED BY public.t.n"), ddl(plan, "expand-1").sql());
        assertEquals(Optional.of(List.of("ALTER SEQUENCE public.\"s OWNED BY x\" OWNED BY NONE")), ddl(plan, "expand-1").inverseSql());
    }
}
