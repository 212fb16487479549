package dev.strata.plan.recipe;

import dev.strata.model.Column;
import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.plan.DataLoss;
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

import static dev.strata.plan.recipe.RecipeTesting.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
    void dropsInContractBehindTheReadSwitchGateNamingItsRows() {
        Plan plan = Planner.plan(new PlanRequest(tables(table("users"), sessions()), tables(table("users")), 18,
                Map.of(SESSIONS, new TableFacts(8192, 1200)), "test", List.of(), ExpressionEquality.TEXTUAL));

        assertEquals(List.of("gate-read-switch", "contract-1"), ids(plan));
        assertEquals(GateKind.DEPLOY_READ_SWITCH, plan.gates().get(0).kind());
        assertEquals(List.of("The application no longer uses table public.sessions (CONTRACT drops it with its rows)."),
                plan.gates().get(0).instructions());
        DdlStep drop = ddl(plan, "contract-1");
        assertEquals(List.of("DROP TABLE IF EXISTS public.sessions"), drop.statements());
        assertEquals(Optional.of(new DataLoss("table public.sessions and every row in it", 1200)), drop.dataLoss());
        assertEquals(Optional.empty(), drop.inverse());
    }

    @Test
    void locksTheTableAndEveryTableItsForeignKeysReference() {
        DdlStep drop = ddl(plan(tables(table("users"), sessions()), tables(table("users"))), "contract-1");
        assertEquals(List.of(new LockHold(SESSIONS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY),
                new LockHold(USERS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), drop.locks());
    }

    @Test
    void foreignKeyBetweenTwoDroppedTablesGoesFirstSoEitherDropOrderWorks() {
        Plan plan = plan(tables(table("users"), sessions()), catalog(pub()));

        assertEquals(List.of("drop foreign key sessions_user_fk on public.sessions (public.sessions and public.users are both dropped)",
                "drop table public.sessions", "drop table public.users"),
                plan.steps(dev.strata.plan.Phase.CONTRACT).stream().map(s -> s.summary()).toList());
        assertEquals(List.of("ALTER TABLE public.sessions DROP CONSTRAINT IF EXISTS sessions_user_fk"),
                ddl(plan, "contract-1").statements());
        assertEquals(List.of(new LockHold(SESSIONS, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)),
                ddl(plan, "contract-2").locks(), "the referenced table is no longer locked by the drop");
    }
}
