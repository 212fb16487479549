package dev.strata.plan.recipe;

import dev.strata.ddl.GrantStatement;
import dev.strata.ddl.Statement;
import dev.strata.model.DefaultPrivileges;
import dev.strata.model.Privileges;
import dev.strata.model.QualifiedName;
import dev.strata.plan.ObjectRecipe;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A role's default privileges in a schema ({@code ALTER DEFAULT PRIVILEGES FOR ROLE … IN SCHEMA …}). What they add is
 * granted in EXPAND after the plan's new tables, views, sequences, functions and types (so those get exactly the grants
 * the schema declares for them, not the new defaults); what they lose is revoked in CONTRACT, naming it. They touch no
 * existing object: only objects the role creates later (docs/locks.md#grants).
 */
public final class DefaultPrivilegesRecipe implements ObjectRecipe<DefaultPrivileges> {

    public static final DefaultPrivilegesRecipe INSTANCE = new DefaultPrivilegesRecipe();

    private static final String FACT = "ALTER DEFAULT PRIVILEGES changes the catalog only and locks no table"
            + " (docs/locks.md#grants); it affects only objects the role creates in the schema afterwards.";

    private DefaultPrivilegesRecipe() {}

    @Override
    public String kind() {
        return DefaultPrivileges.KIND;
    }

    @Override
    public Class<DefaultPrivileges> type() {
        return DefaultPrivileges.class;
    }

    @Override
    public void create(QualifiedName name, DefaultPrivileges desired, PlanContext context, RecipeOutput out) {
        plan(name.schema(), new DefaultPrivileges(desired.role(), new java.util.TreeMap<>()), desired, out);
    }

    @Override
    public void alter(QualifiedName name, DefaultPrivileges current, DefaultPrivileges desired, PlanContext context,
            RecipeOutput out) {
        plan(name.schema(), current, desired, out);
    }

    @Override
    public void drop(QualifiedName name, DefaultPrivileges current, PlanContext context, RecipeOutput out) {
        plan(name.schema(), current, new DefaultPrivileges(current.role(), new java.util.TreeMap<>()), out);
    }

    private static void plan(String schema, DefaultPrivileges current, DefaultPrivileges desired, RecipeOutput out) {
        String owner = desired.role();
        List<Statement> grants = new ArrayList<>();
        List<Statement> grantsUndo = new ArrayList<>();
        List<Statement> revokes = new ArrayList<>();
        List<Statement> revokesUndo = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (DefaultPrivileges.Target target : DefaultPrivileges.Target.values()) {
            Set<String> roles = new TreeSet<>(current.grants().getOrDefault(target, java.util.Collections.emptySortedMap()).keySet());
            roles.addAll(desired.grants().getOrDefault(target, java.util.Collections.emptySortedMap()).keySet());
            for (String role : roles) {
                Privileges from = current.of(target, role);
                Privileges to = desired.of(target, role);
                Set<String> granted = new HashSet<>(from.granted());
                granted.addAll(to.granted());
                Set<String> grantable = new HashSet<>(from.grantable());
                grantable.addAll(to.grantable());
                Privileges both = new Privileges(granted, grantable);
                grants.addAll(GrantStatement.defaultGrants(schema, owner, target, role, from, both));
                grantsUndo.addAll(GrantStatement.defaultRevokes(schema, owner, target, role, both, from));
                List<Statement> taken = GrantStatement.defaultRevokes(schema, owner, target, role, both, to);
                if (!taken.isEmpty()) {
                    revokes.addAll(taken);
                    revokesUndo.addAll(GrantStatement.defaultGrants(schema, owner, target, role, to, both));
                    lost.add(role + " on new " + target.word());
                }
            }
        }
        String what = "default privileges of " + owner + " in schema " + schema;
        if (!grants.isEmpty()) {
            out.add(StepDraft.at(Stage.ATTACH_OBJECT, "grant " + what).sql(grants).inverse(grantsUndo).fact(FACT));
        }
        if (!revokes.isEmpty()) {
            out.add(StepDraft.at(Stage.DETACH_OBJECT, "revoke " + what + " from " + String.join(", ", lost))
                    .sql(revokes).inverse(revokesUndo).fact(FACT));
        }
    }

}
