package dev.strata.plan.recipe;

import dev.strata.ddl.GrantStatement;
import dev.strata.ddl.Statement;
import dev.strata.model.Catalog;
import dev.strata.model.DefaultPrivileges;
import dev.strata.model.Grant;
import dev.strata.model.Privileges;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.ObjectRecipe;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Grants on one object. What a role gains is granted in EXPAND (one step for the object); what it loses is revoked
 * in CONTRACT, naming each privilege and role, after the deploy that stops relying on it. A new object starts from
 * what the schema's current default privileges give it, so a grant it must not keep is revoked there. A grant whose
 * object is no longer declared goes with the object. {@code GRANT} and {@code REVOKE} change the catalog only: on
 * PostgreSQL 14 they take no lock on a table at all, on 18 ACCESS SHARE (docs/locks.md#grants).
 */
public final class GrantRecipe implements ObjectRecipe<Grant> {

    public static final GrantRecipe INSTANCE = new GrantRecipe();

    static final String LOCK_FACT = "GRANT and REVOKE change the catalog only: on a table, view or sequence PostgreSQL"
            + " 14 takes no lock on it, 18 ACCESS SHARE, which waits only behind ACCESS EXCLUSIVE"
            + " (docs/locks.md#grants).";
    private static final String VISIBLE = "A privilege takes effect at commit, for every statement that checks it"
            + " afterwards (each statement checks privileges when it starts).";

    private GrantRecipe() {}

    @Override
    public String kind() {
        return Grant.KIND;
    }

    @Override
    public Class<Grant> type() {
        return Grant.class;
    }

    @Override
    public void create(QualifiedName name, Grant desired, PlanContext context, RecipeOutput out) {
        // A renamed table keeps its privileges and its columns' (PostgreSQL holds them on the table, not the name).
        Optional<QualifiedName> renamedFrom = desired.on() == Grant.On.TABLE || desired.on() == Grant.On.COLUMN
                ? RenameTableRecipe.oldName(QualifiedName.of(name.schema(), desired.relation()), context)
                : Optional.empty();
        if (renamedFrom.isPresent()) {
            String carried = desired.on().word() + " " + renamedFrom.get().name()
                    + desired.column().map(c -> "." + c).orElse("");
            Map<String, Privileges> held = context.current().schema(name.schema())
                    .flatMap(s -> s.object(Grant.KIND, carried)).<Map<String, Privileges>>map(g -> ((Grant) g).roles())
                    .orElse(Map.of());
            plan(name.schema(), held, desired, context, out, false);
            return;
        }
        Map<String, Privileges> from = new TreeMap<>();
        if (!exists(context.current(), name.schema(), desired)) {
            from.putAll(inherited(context.current(), name.schema(), desired.on()));
        }
        plan(name.schema(), from, desired, context, out, !exists(context.current(), name.schema(), desired));
    }

    @Override
    public void alter(QualifiedName name, Grant current, Grant desired, PlanContext context, RecipeOutput out) {
        plan(name.schema(), current.roles(), desired, context, out, false);
    }

    @Override
    public void drop(QualifiedName name, Grant current, PlanContext context, RecipeOutput out) {
        if (!exists(context.desired(), name.schema(), current)) {
            return;
        }
        plan(name.schema(), current.roles(), Grant.of(current.on(), current.name(), Map.of()), context, out, false);
    }

    /**
     * From the roles' privileges {@code listed} (a role not listed holds the default) to {@code desired}'s; on a
     * {@code fresh} object (created by this plan) the revokes go with the grants in EXPAND: nothing relies on them yet.
     */
    private static void plan(String schema, Map<String, Privileges> listed, Grant desired, PlanContext context,
            RecipeOutput out, boolean fresh) {
        QualifiedName object = QualifiedName.of(schema, desired.name());
        Set<String> roles = new java.util.TreeSet<>(listed.keySet());
        roles.addAll(desired.roles().keySet());
        List<Statement> grants = new ArrayList<>();
        List<Statement> grantsUndo = new ArrayList<>();
        List<Statement> revokes = new ArrayList<>();
        List<Statement> revokesUndo = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (String role : roles) {
            Privileges from = listed.getOrDefault(role, desired.on().byDefault(role));
            Privileges to = desired.of(role);
            Set<String> granted = new HashSet<>(from.granted());
            granted.addAll(to.granted());
            Set<String> grantable = new HashSet<>(from.grantable());
            grantable.addAll(to.grantable());
            Privileges both = new Privileges(granted, grantable);
            grants.addAll(GrantStatement.grants(object, desired.on(), role, from, both));
            grantsUndo.addAll(GrantStatement.revokes(object, desired.on(), role, both, from));
            List<Statement> taken = GrantStatement.revokes(object, desired.on(), role, both, to);
            if (!taken.isEmpty()) {
                revokes.addAll(taken);
                revokes.addAll(columnsKept(schema, desired, role, from.grantedBeyond(to), context));
                revokesUndo.addAll(GrantStatement.grants(object, desired.on(), role, to, both));
                lost.add(role + " (" + lostText(from, to) + ")");
            }
        }
        String what = desired.on().word() + " " + object;
        if (fresh && !revokes.isEmpty()) {
            List<Statement> all = new ArrayList<>(revokes);
            all.addAll(grants);
            List<Statement> undo = new ArrayList<>(grantsUndo);
            undo.addAll(revokesUndo);
            out.add(lock(StepDraft.at(Stage.ATTACH_OBJECT, "set privileges on new " + what), desired, object)
                    .sql(all).inverse(undo).fact(LOCK_FACT)
                    .fact("The new object starts with what the schema's default privileges give it; this revokes what"
                            + " the schema does not declare: " + String.join(", ", lost) + "."));
            return;
        }
        if (!grants.isEmpty()) {
            out.add(lock(StepDraft.at(Stage.ATTACH_OBJECT, "grant privileges on " + what), desired, object)
                    .sql(grants).inverse(grantsUndo).fact(LOCK_FACT).fact(VISIBLE));
        }
        if (!revokes.isEmpty()) {
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer relies on these privileges on " + what
                    + ": " + String.join(", ", lost) + " (CONTRACT revokes them).");
            out.add(lock(StepDraft.at(Stage.DETACH_OBJECT, "revoke privileges on " + what + " from "
                    + String.join(", ", lost)), desired, object)
                    .sql(revokes).inverse(revokesUndo).fact(LOCK_FACT)
                    .fact(VISIBLE + " A statement of a role that lost a privilege it needs fails with \"permission"
                            + " denied\"."));
        }
    }

    /**
     * {@code REVOKE} of a table privilege takes the same privilege on each of its columns along: the column grants the
     * schema declares for {@code role} are given back after it, in the same step.
     */
    private static List<Statement> columnsKept(String schema, Grant table, String role, List<String> revoked,
            PlanContext context) {
        List<Statement> statements = new ArrayList<>();
        if (table.on() != Grant.On.TABLE || revoked.isEmpty()) {
            return statements;
        }
        context.desired().schema(schema).stream().flatMap(s -> s.objects(Grant.KIND).stream()).map(Grant.class::cast)
                .filter(g -> g.on() == Grant.On.COLUMN && g.relation().equals(table.name()))
                .forEach(g -> {
                    Privileges held = g.of(role);
                    Privileges lostHere = new Privileges(
                            held.granted().stream().filter(revoked::contains).collect(java.util.stream.Collectors.toSet()),
                            held.grantable().stream().filter(revoked::contains).collect(java.util.stream.Collectors.toSet()));
                    statements.addAll(GrantStatement.grants(QualifiedName.of(schema, g.name()), Grant.On.COLUMN, role,
                            Privileges.NONE, lostHere));
                });
        return statements;
    }

    private static String lostText(Privileges from, Privileges to) {
        List<String> parts = new ArrayList<>(from.grantedBeyond(to));
        from.grantable().stream().filter(p -> to.granted().contains(p) && !to.grantable().contains(p))
                .forEach(p -> parts.add("grant option for " + p));
        return String.join(", ", parts);
    }

    private static StepDraft lock(StepDraft step, Grant grant, QualifiedName object) {
        return switch (grant.on()) {
            case TABLE, VIEW, MATERIALIZED_VIEW, SEQUENCE -> step.lock(object, LockMode.ACCESS_SHARE, TableWork.CATALOG_ONLY);
            case COLUMN -> step.lock(QualifiedName.of(object.schema(), grant.relation()), LockMode.ACCESS_SHARE,
                    TableWork.CATALOG_ONLY);
            case TYPE -> step.lockType(object, LockMode.ACCESS_SHARE);
            case FUNCTION, PROCEDURE, SCHEMA -> step;
        };
    }

    /** Whether {@code catalog} declares the object the grant is on (a sequence it does not list, e.g. an identity's, counts). */
    static boolean exists(Catalog catalog, String schema, Grant grant) {
        var s = catalog.schema(schema);
        if (s.isEmpty()) {
            return false;
        }
        Schema sc = s.get();
        return switch (grant.on()) {
            case TABLE -> sc.table(grant.name()).isPresent();
            case VIEW -> sc.view(grant.name()).isPresent();
            case MATERIALIZED_VIEW -> sc.object(dev.strata.model.MaterializedView.KIND, grant.name()).isPresent();
            case COLUMN -> sc.table(grant.relation()).map(t -> t.columns().stream()
                    .anyMatch(c -> c.name().equals(grant.column().orElseThrow()))).orElse(false);
            case SEQUENCE -> sc.sequence(grant.name()).isPresent() || !sc.tables().isEmpty();
            case FUNCTION -> sc.object("function", grant.name()).isPresent();
            case PROCEDURE -> sc.object("procedure", grant.name()).isPresent();
            case TYPE -> catalog.declaresType(QualifiedName.of(schema, grant.name()));
            case SCHEMA -> true;
        };
    }

    /** What the schema's current default privileges give a new object of this kind, whoever creates it. */
    private static Map<String, Privileges> inherited(Catalog current, String schema, Grant.On on) {
        DefaultPrivileges.Target target = switch (on) {
            case TABLE, VIEW, MATERIALIZED_VIEW -> DefaultPrivileges.Target.TABLES;
            case SEQUENCE -> DefaultPrivileges.Target.SEQUENCES;
            case FUNCTION, PROCEDURE -> DefaultPrivileges.Target.FUNCTIONS;
            case TYPE -> DefaultPrivileges.Target.TYPES;
            case COLUMN, SCHEMA -> null;
        };
        Map<String, Privileges> roles = new TreeMap<>();
        if (target == null) {
            return roles;
        }
        current.schema(schema).stream().flatMap(s -> s.objects(DefaultPrivileges.KIND).stream())
                .map(DefaultPrivileges.class::cast)
                .forEach(d -> d.grants().getOrDefault(target, java.util.Collections.emptySortedMap()).forEach((role, p) -> {
                    Privileges before = roles.getOrDefault(role, on.byDefault(role));
                    Set<String> granted = new HashSet<>(before.granted());
                    granted.addAll(p.granted());
                    Set<String> grantable = new HashSet<>(before.grantable());
                    grantable.addAll(p.grantable());
                    roles.put(role, new Privileges(granted, grantable));
                }));
        return roles;
    }
}
