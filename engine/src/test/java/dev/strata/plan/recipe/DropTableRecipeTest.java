package dev.strata.plan.recipe;

import dev.strata.ddl.Saved;
import dev.strata.model.Column;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.plan.DdlStep;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.TableFacts;
import dev.strata.plan.TableWork;
import dev.strata.diff.ExpressionEquality;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.strata.testing.TestCatalogs.*;
import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DropTableRecipeTest {

    private static final QualifiedName USERS = QualifiedName.of("public", "users");
    private static final QualifiedName SESSIONS = QualifiedName.of("public", "sessions");

    private static Table sessions() {
        return Table.of("sessions", List.of(Column.of("user_id", BIGINT)))
                .withForeignKeys(List.of(new ForeignKey("sessions_user_fk", List.of("user_id"), USERS, List.of("id"),
                        ForeignKey.Action.NO_ACTION, ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE,
                        Deferrability.NOT_DEFERRABLE)));
    }

    @Test
    void movesTheTableToTheArchiveInContractBehindTheReadSwitchGateDestroyingNothing() {
        Plan plan = Planner.plan(new PlanRequest(catalog(table("users"), sessions()), catalog(table("users")), 18,
                Map.of(SESSIONS, new TableFacts(8192, 1200)), "test", List.of(), ExpressionEquality.TEXTUAL));

        assertEquals(List.of("gate-read-switch", "contract-1"), ids(plan));
        assertEquals(GateKind.DEPLOY_READ_SWITCH, plan.gates().get(0).kind());
        assertEquals(List.of("The application no longer uses table public.sessions (CONTRACT moves it to strata_archive)."),
                plan.gates().get(0).instructions());
        DdlStep drop = ddl(plan, "contract-1");
        String archived = DropTableRecipe.archivedName(SESSIONS, sessions()).name();
        assertTrue(archived.matches("public\\.sessions~[0-9a-f]{8}"), archived);
        assertEquals("drop table public.sessions (moved to strata_archive.\"" + archived + "\", recoverable until purged)",
                drop.summary());
        assertEquals(List.of("CREATE SCHEMA IF NOT EXISTS strata_archive",
                "ALTER TABLE public.sessions DROP CONSTRAINT IF EXISTS sessions_user_fk",
                "ALTER TABLE public.sessions RENAME TO \"" + archived + "\"",
                "ALTER TABLE public.\"" + archived + "\" SET SCHEMA strata_archive"), drop.sql());
        assertEquals(Optional.empty(), drop.dataLoss());
        assertEquals(Optional.of(List.of("ALTER TABLE strata_archive.\"" + archived + "\" SET SCHEMA public",
                "ALTER TABLE public.\"" + archived + "\" RENAME TO sessions",
                "ALTER TABLE public.sessions ADD CONSTRAINT sessions_user_fk FOREIGN KEY (user_id) REFERENCES public.users (id) NOT VALID",
                "ALTER TABLE public.sessions VALIDATE CONSTRAINT sessions_user_fk")), drop.inverseSql());
        assertTrue(drop.facts().get(0).contains("recoverable until purged (docs/retention.md#retained-drops)"));
        assertEquals(Optional.of(new dev.strata.plan.Retention.KeptTable(SESSIONS, QualifiedName.of("strata_archive", archived),
                List.of(new Saved("ALTER TABLE public.sessions VALIDATE CONSTRAINT sessions_user_fk")))), drop.retains());
        assertEquals(drop, dev.strata.render.JsonRenderer.read(dev.strata.render.JsonRenderer.render(plan)).steps().getFirst(),
                "the marker survives the JSON plan the state schema records");
    }

    @Test
    void theArchivedNameIsTheSameForTheSameTableAndFitsInSixtyThreeBytes() {
        assertEquals(DropTableRecipe.archivedName(SESSIONS, sessions()), DropTableRecipe.archivedName(SESSIONS, sessions()));
        assertNotEquals(DropTableRecipe.archivedName(SESSIONS, sessions()),
                DropTableRecipe.archivedName(SESSIONS, table("sessions")), "another definition, another name");
        QualifiedName longName = QualifiedName.of("public", "t".repeat(63));
        String archived = DropTableRecipe.archivedName(longName, table("t".repeat(63))).name();
        assertTrue(archived.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 63, archived);
    }

    @Test
    void aTableUsingATypeThePlanDropsIsDestroyedAsBeforeAndSaysWhy() {
        var mood = new dev.strata.model.EnumType("mood", List.of("happy"), Optional.empty());
        Table t = Table.of("t", List.of(dev.strata.model.Column.of("m", dev.strata.model.DataType.userDefined("public", "mood"))));
        Plan plan = plan(catalog(pub().withEnums(List.of(mood)).withTables(List.of(t))), catalog(pub()));

        DdlStep drop = ddl(plan, "contract-1");
        assertEquals(List.of("DROP TABLE IF EXISTS public.t"), drop.sql());
        assertEquals(Optional.of(new dev.strata.plan.DataLoss("table public.t and every row in it", -1)), drop.dataLoss());
        assertEquals("Not kept in strata_archive: its column m uses type public.mood, which this plan drops"
                + " (docs/retention.md#not-retained).", drop.facts().get(0));
    }

    @Test
    void aTableWhoseDefaultCallsASequenceThePlanDropsIsDestroyedAsBefore() {
        var shared = new dev.strata.model.Sequence("shared_seq", BIGINT, dev.strata.model.SequenceOptions.defaultsFor(BIGINT),
                Optional.empty(), Optional.empty());
        Table t = Table.of("t", List.of(dev.strata.model.Column.of("id", BIGINT)
                .withDefault(Optional.of("nextval('public.shared_seq'::regclass)"))));
        Plan plan = plan(catalog(pub().withSequences(List.of(shared)).withTables(List.of(t))), catalog(pub()));

        assertTrue(plan.steps(dev.strata.plan.Phase.CONTRACT).stream().map(s -> (DdlStep) s)
                .anyMatch(s -> s.sql().equals(List.of("DROP TABLE IF EXISTS public.t"))));
    }

    @Test
    void dropNowDestroysTheTableAsBeforeNamingItsRows() {
        Plan plan = Planner.plan(new PlanRequest(catalog(table("users"), sessions()), catalog(table("users")), 18,
                Map.of(SESSIONS, new TableFacts(8192, 1200)), "test", List.of(), ExpressionEquality.TEXTUAL,
                dev.strata.model.TakenNames.none(), List.of(), true));

        DdlStep drop = ddl(plan, "contract-1");
        assertEquals("drop table public.sessions", drop.summary());
        assertEquals(List.of("DROP TABLE IF EXISTS public.sessions"), drop.sql());
        assertEquals(Optional.of(new dev.strata.plan.DataLoss("table public.sessions and every row in it", 1200)), drop.dataLoss());
        assertEquals(Optional.empty(), drop.inverseSql());
        assertEquals(Optional.empty(), drop.retains());
        assertEquals("Not kept in strata_archive: --drop-now asks for the table to be destroyed now"
                + " (docs/retention.md#not-retained).", drop.facts().get(0));
        assertEquals(List.of("The application no longer uses table public.sessions (CONTRACT drops it with its rows)."),
                plan.gates().get(0).instructions());
    }

    @Test
    void locksTheTableAndEveryTableItsForeignKeysReference() {
        DdlStep drop = ddl(plan(catalog(table("users"), sessions()), catalog(table("users"))), "contract-1");
        assertEquals(List.of(new LockHold(SESSIONS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY),
                new LockHold(USERS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), drop.locks());
    }

    @Test
    void foreignKeyBetweenTwoDroppedTablesGoesFirstSoEitherDropOrderWorks() {
        Plan plan = plan(catalog(table("users"), sessions()), catalog(pub()));

        assertEquals(List.of("drop foreign key sessions_user_fk on public.sessions (public.sessions and public.users are both dropped)",
                "drop table public.sessions", "drop table public.users"),
                plan.steps(dev.strata.plan.Phase.CONTRACT).stream().map(s -> s.summary().replaceAll(" \\(moved to .*", ""))
                        .toList());
        assertEquals(List.of("ALTER TABLE public.sessions DROP CONSTRAINT IF EXISTS sessions_user_fk"),
                ddl(plan, "contract-1").sql());
        assertEquals(List.of(new LockHold(SESSIONS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)),
                ddl(plan, "contract-2").locks(), "the referenced table is no longer locked by the drop");
    }
}
