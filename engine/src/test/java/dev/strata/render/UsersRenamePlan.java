package dev.strata.render;

import dev.strata.ddl.Saved;
import dev.strata.ddl.Statement;
import dev.strata.model.DataType;
import dev.strata.model.QualifiedName;
import dev.strata.model.UnmanagedObject;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DataLoss;
import dev.strata.plan.DdlStep;
import dev.strata.plan.DualWrite;
import dev.strata.plan.Gate;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.PhasePlan;
import dev.strata.plan.Plan;
import dev.strata.plan.TableFacts;
import dev.strata.plan.TableWork;
import dev.strata.plan.Undo;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The plan the planner makes for renaming public.users.username to handle (and making it unique and NOT NULL). */
final class UsersRenamePlan {

    static final QualifiedName USERS = QualifiedName.of("public", "users");

    private static final String FUNCTION = """
            CREATE FUNCTION public.strata_sync_users_handle() RETURNS trigger LANGUAGE plpgsql AS $strata$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    IF NEW.handle IS NULL THEN
                        NEW.handle := NEW.username;
                    ELSIF NEW.username IS NULL THEN
                        NEW.username := NEW.handle;
                    END IF;
                ELSIF NEW.username IS DISTINCT FROM OLD.username THEN
                    NEW.handle := NEW.username;
                ELSIF NEW.handle IS DISTINCT FROM OLD.handle THEN
                    NEW.username := NEW.handle;
                END IF;
                RETURN NEW;
            END
            $strata$""";
    private static final String TRIGGER = "CREATE TRIGGER strata_sync_users_handle BEFORE INSERT OR UPDATE ON public.users"
            + " FOR EACH ROW EXECUTE FUNCTION public.strata_sync_users_handle()";
    private static final List<String> DROP_SYNC = List.of(
            "DROP TRIGGER strata_sync_users_handle ON public.users",
            "DROP FUNCTION public.strata_sync_users_handle()");

    private UsersRenamePlan() {}

    private static LockHold lock(LockMode mode, TableWork work) {
        return new LockHold(USERS, mode, work);
    }

    private static DdlStep ddl(String id, Phase phase, String summary, List<String> sql, boolean transactional,
            LockHold lock, Undo undo, Optional<DataLoss> loss, List<String> facts) {
        return new DdlStep(id, phase, summary, saved(sql), transactional, List.of(lock), undo, loss, facts);
    }

    private static Undo undo(List<String> inverse) {
        return inverse.isEmpty() ? Undo.nothing() : Undo.by(saved(inverse));
    }

    private static List<Statement> saved(List<String> sql) {
        return sql.stream().<Statement>map(Saved::new).toList();
    }

    static DualWrite dualWrite() {
        return new DualWrite(DualWrite.Kind.RENAME_COLUMN, USERS, List.of("id"),
                "username", DataType.builtin("text"), "handle", DataType.builtin("text"), "handle",
                "username", Optional.of("handle"));
    }

    static Plan plan() {
        var aelCatalog = lock(LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY);
        return new Plan(
                "postgres://app@db.example.com/prod",
                "4f1c2b9e0d7a8c6e5b3a2f1e0d9c8b7a6f5e4d3c2b1a09f8e7d6c5b4a3928170",
                18,
                List.of("rename column public.users.username to handle",
                        "add unique constraint users_handle_key on public.users (handle)",
                        "set public.users.handle NOT NULL"),
                List.of(new PhasePlan(Phase.EXPAND, List.of(
                        ddl("expand-1", Phase.EXPAND, "add column public.users.handle",
                                List.of("ALTER TABLE public.users ADD COLUMN handle text"), true, aelCatalog,
                                undo(List.of("ALTER TABLE public.users DROP COLUMN handle")), Optional.empty(),
                                List.of("a column without a default is added in the catalog only")),
                        ddl("expand-2", Phase.EXPAND, "keep username and handle in sync with a trigger",
                                List.of(FUNCTION, TRIGGER), true,
                                lock(LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY),
                                undo(DROP_SYNC), Optional.empty(),
                                List.of("CREATE TRIGGER takes SHARE ROW EXCLUSIVE since PostgreSQL 9.5")),
                        ddl("expand-3", Phase.EXPAND, "build unique index users_handle_key on public.users (handle)",
                                List.of("CREATE UNIQUE INDEX CONCURRENTLY users_handle_key ON public.users (handle)"),
                                false, lock(LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN),
                                undo(List.of("DROP INDEX CONCURRENTLY public.users_handle_key")),
                                Optional.empty(),
                                List.of("CREATE INDEX CONCURRENTLY cannot run inside a transaction block",
                                        "a failed build leaves an INVALID index that must be dropped before a retry")))),
                        new PhasePlan(Phase.BACKFILL, Optional.of(new Gate("gate-1", GateKind.DEPLOY_DUAL_WRITE, List.of(
                                "Every instance of the application writes both public.users.username and"
                                        + " public.users.handle on insert and update.",
                                "It still reads username."))), List.of(
                        new BackfillStep("backfill-1", "copy username into handle for existing rows", USERS,
                                List.of("id"), List.of(new BackfillStep.Assignment("handle", "username")),
                                "handle IS DISTINCT FROM username"))),
                        new PhasePlan(Phase.CONTRACT, Optional.of(new Gate("gate-2", GateKind.DEPLOY_READ_SWITCH, List.of(
                                "Every instance of the application reads public.users.handle.",
                                "No instance writes public.users.username any more; the sync trigger fills it"
                                        + " until it is dropped."))), List.of(
                        ddl("contract-1", Phase.CONTRACT, "add check users_handle_not_null NOT VALID",
                                List.of("ALTER TABLE public.users ADD CONSTRAINT users_handle_not_null"
                                        + " CHECK (handle IS NOT NULL) NOT VALID"), true, aelCatalog,
                                undo(List.of("ALTER TABLE public.users DROP CONSTRAINT users_handle_not_null")),
                                Optional.empty(), List.of("NOT VALID skips the scan of existing rows")),
                        ddl("contract-2", Phase.CONTRACT, "validate check users_handle_not_null",
                                List.of("ALTER TABLE public.users VALIDATE CONSTRAINT users_handle_not_null"), true,
                                lock(LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN),
                                undo(List.of()), Optional.empty(),
                                List.of("VALIDATE CONSTRAINT takes SHARE UPDATE EXCLUSIVE since PostgreSQL 9.4")),
                        ddl("contract-3", Phase.CONTRACT, "set public.users.handle NOT NULL",
                                List.of("ALTER TABLE public.users ALTER COLUMN handle SET NOT NULL"), true, aelCatalog,
                                undo(List.of("ALTER TABLE public.users ALTER COLUMN handle DROP NOT NULL")),
                                Optional.empty(),
                                List.of("since PostgreSQL 12 a valid CHECK (handle IS NOT NULL) spares the scan")),
                        ddl("contract-4", Phase.CONTRACT, "drop check users_handle_not_null",
                                List.of("ALTER TABLE public.users DROP CONSTRAINT users_handle_not_null"), true,
                                aelCatalog,
                                undo(List.of("ALTER TABLE public.users ADD CONSTRAINT users_handle_not_null"
                                        + " CHECK (handle IS NOT NULL) NOT VALID")),
                                Optional.empty(), List.of()),
                        ddl("contract-5", Phase.CONTRACT, "attach unique constraint users_handle_key",
                                List.of("ALTER TABLE public.users ADD CONSTRAINT users_handle_key"
                                        + " UNIQUE USING INDEX users_handle_key"), true, aelCatalog,
                                Undo.impossible("dropping the constraint would drop index users_handle_key with it"), Optional.empty(),
                                List.of("the index becomes owned by the constraint; dropping the constraint drops it")),
                        ddl("contract-6", Phase.CONTRACT, "drop the sync trigger and its function",
                                DROP_SYNC, true, aelCatalog,
                                undo(List.of(FUNCTION, TRIGGER)), Optional.empty(), List.of()),
                        ddl("contract-7", Phase.CONTRACT, "drop column public.users.username",
                                List.of("ALTER TABLE public.users DROP COLUMN username"), true, aelCatalog,
                                Undo.impossible("the column and its values are dropped"),
                                Optional.of(new DataLoss("column public.users.username", 1_204_000)),
                                List.of("DROP COLUMN only marks the column dropped; the space is reclaimed"
                                        + " as rows are rewritten"))))),
                List.of(dualWrite()),
                Map.of(USERS, new TableFacts(293_601_280L, 1_204_000L)),
                List.of("the unmanaged trigger audit_users on public.users fires for every backfilled row"),
                List.of(new UnmanagedObject("trigger", "audit_users on public.users"),
                        new UnmanagedObject("function", "public.audit_row()")),
                List.of());
    }
}
