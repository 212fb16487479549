package dev.strata.plan.recipe;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.DomainStatement;
import dev.strata.ddl.Statement;
import dev.strata.expr.Equivalence;
import dev.strata.model.Domain;
import dev.strata.model.QualifiedName;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.ObjectRecipe;
import dev.strata.plan.PlanContext;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Domains. A new one is created in EXPAND before the tables that use it. A changed default and a dropped
 * {@code NOT NULL} loosen in EXPAND; {@code SET NOT NULL} and a new or changed check tighten in CONTRACT behind the
 * deploy (a domain's constraints bind every column of it, and the old application may still write what they
 * refuse), as a table's do: a check is added {@code NOT VALID} and validated in a step of its own. A new base type
 * or collation cannot be altered: it is a drop and a create when nothing uses the domain, and refused otherwise.
 * A domain no longer declared is dropped in CONTRACT without {@code CASCADE}. The parts compare as the differ's do:
 * expressions by {@link Equivalence}.
 */
public final class DomainRecipe implements ObjectRecipe<Domain> {

    public static final DomainRecipe INSTANCE = new DomainRecipe();

    private DomainRecipe() {}

    @Override
    public String kind() {
        return Domain.KIND;
    }

    @Override
    public Class<Domain> type() {
        return Domain.class;
    }

    @Override
    public void create(QualifiedName name, Domain desired, PlanContext context, RecipeOutput out) {
        out.add(StepDraft.at(Stage.CREATE_OBJECT, "create domain " + name)
                .sql(DomainStatement.build(name, desired))
                .inverse(new DomainStatement.Drop(name))
                .fact("CREATE DOMAIN locks no table: nothing uses the new type yet (docs/locks.md#domains)."));
    }

    @Override
    public void alter(QualifiedName name, Domain current, Domain desired, PlanContext context, RecipeOutput out) {
        if (!current.baseType().equals(desired.baseType()) || !current.collation().equals(desired.collation())) {
            replace(name, current, desired, context, out);
            return;
        }
        String schema = name.schema();
        if (!sameExpression(current.defaultValue(), desired.defaultValue(), schema)) {
            out.add(StepDraft.at(Stage.LOOSEN, (desired.defaultValue().isPresent() ? "set default of " : "drop default of ")
                            + "domain " + name)
                    .sql(new DomainStatement.SetDefault(name, desired.defaultValue()))
                    .inverse(new DomainStatement.SetDefault(name, current.defaultValue()))
                    .fact("ALTER DOMAIN … SET/DROP DEFAULT changes the catalog only: it locks no table using the"
                            + " domain, and applies to rows inserted afterwards without a value of their own"
                            + " (docs/locks.md#domains)."));
        }
        if (current.notNull() && !desired.notNull()) {
            out.add(StepDraft.at(Stage.LOOSEN, "drop not null of domain " + name)
                    .sql(new DomainStatement.SetNotNull(name, false))
                    .inverse(new DomainStatement.SetNotNull(name, true))
                    .fact("ALTER DOMAIN … DROP NOT NULL changes the catalog only (docs/locks.md#domains)."));
        }
        List<String> columns = TypeUses.columns(context.current(), name);
        List<QualifiedName> tables = TypeUses.tables(context.current(), name);
        List<String> inside = TypeUses.insideComposites(context.current(), name);
        String scanned = columns.isEmpty() ? "no column uses it yet" : "it reads " + String.join(", ", columns);
        if (!current.notNull() && desired.notNull()) {
            if (!inside.isEmpty()) {
                out.refuse("domain " + name + ": PostgreSQL cannot set NOT NULL on a domain whose values "
                        + String.join(", ", inside) + " hold inside a composite type (\"cannot alter type\"); move"
                        + " those columns to a new domain or type instead");
                return;
            }
            out.gate(GateKind.DEPLOY_READ_SWITCH, "The application must write no NULL to a column of domain " + name
                    + ": CONTRACT sets it NOT NULL.");
            StepDraft setNotNull = StepDraft.at(Stage.TIGHTEN, "set not null on domain " + name)
                    .sql(new DomainStatement.SetNotNull(name, true))
                    .inverse(new DomainStatement.SetNotNull(name, false));
            tables.forEach(t -> setNotNull.lock(t, LockMode.SHARE, TableWork.SCAN));
            out.add(setNotNull
                    .fact("ALTER DOMAIN … SET NOT NULL checks every row of every column of the domain under a SHARE"
                            + " lock on each table (writes wait, reads continue); " + scanned
                            + " (docs/locks.md#domains)."));
        }
        for (Domain.Check gone : current.checksMissingFrom(desired)) {
            out.add(StepDraft.at(Stage.DROP_CONSTRAINT, "drop check " + gone.name() + " of domain " + name)
                    .sql(new DomainStatement.DropCheck(name, gone.name()))
                    .inverse(new DomainStatement.AddCheck(name, gone, !gone.valid()))
                    .fact("ALTER DOMAIN … DROP CONSTRAINT changes the catalog only (docs/locks.md#domains)."));
        }
        for (Domain.Check check : desired.checks()) {
            Optional<Domain.Check> live = current.check(check.name());
            boolean same = live.isPresent() && Equivalence.same(live.get().expression(), check.expression(), schema);
            if (!same) {
                out.gate(GateKind.DEPLOY_READ_SWITCH, "Every value of a column of domain " + name + " must satisfy CHECK ("
                        + check.expression() + ") and the application must write only such values: CONTRACT adds check "
                        + check.name() + " to the domain.");
                List<Statement> sql = new ArrayList<>();
                List<Statement> inverse = new ArrayList<>();
                live.ifPresent(old -> sql.add(new DomainStatement.DropCheck(name, old.name())));
                sql.add(new DomainStatement.AddCheck(name, check, true));
                inverse.add(new DomainStatement.DropCheck(name, check.name()));
                live.ifPresent(old -> inverse.add(new DomainStatement.AddCheck(name, old, true)));
                out.add(StepDraft.at(Stage.CONTRACT_ADD_CONSTRAINT, (live.isPresent() ? "replace" : "add") + " check "
                                + check.name() + " of domain " + name + " (not valid)")
                        .sql(sql)
                        .inverse(inverse)
                        .fact("ALTER DOMAIN … ADD CONSTRAINT … NOT VALID checks no stored value: new and updated values"
                                + " of the domain's columns are checked from now on (docs/locks.md#domains)."));
            }
            if (check.valid() && (!same || !live.get().valid())) {
                if (!inside.isEmpty()) {
                    out.refuse("domain " + name + ": PostgreSQL cannot validate check " + check.name() + " against the values "
                            + String.join(", ", inside) + " hold inside a composite type (\"cannot alter type\");"
                            + " declare it with not_valid: true (new values are checked), or move those columns to a new domain");
                    continue;
                }
                StepDraft validate = StepDraft.at(Stage.CONTRACT_VALIDATE_CONSTRAINT, "validate check " + check.name() + " of domain " + name)
                        .sql(new DomainStatement.ValidateCheck(name, check.name()))
                        .nothingToUndo();
                tables.forEach(t -> validate.lock(t, LockMode.SHARE, TableWork.SCAN));
                out.add(validate
                        .fact("ALTER DOMAIN … VALIDATE CONSTRAINT reads every value of the domain's columns under a"
                                + " SHARE lock on each table (writes wait, reads continue); " + scanned
                                + " (docs/locks.md#domains)."));
            }
        }
        if (!current.comment().equals(desired.comment())) {
            out.add(StepDraft.at(Stage.EXPAND_COMMENT, "comment on domain " + name)
                    .sql(CommentOn.type(name, desired.comment()))
                    .inverse(CommentOn.type(name, current.comment()))
                    .lockType(name, LockMode.SHARE_UPDATE_EXCLUSIVE)
                    .fact("COMMENT ON TYPE changes the catalog only (docs/locks.md#domains)."));
        }
    }

    /** A base type or collation PostgreSQL cannot alter: only a domain nothing uses is dropped and created again. */
    private static void replace(QualifiedName name, Domain current, Domain desired, PlanContext context, RecipeOutput out) {
        String change = !current.baseType().equals(desired.baseType())
                ? "base type from " + current.baseType() + " to " + desired.baseType()
                : "collation from " + current.collation().orElse("the default") + " to " + desired.collation().orElse("the default");
        List<String> users = TypeUses.all(context.current(), name);
        if (!users.isEmpty()) {
            out.refuse("domain " + name + ": its " + change + " cannot be altered in place while " + String.join(", ", users)
                    + " use it; declare a new domain, move those to it, then drop this one");
            return;
        }
        List<Statement> sql = new ArrayList<>(List.of(new DomainStatement.Drop(name)));
        sql.addAll(DomainStatement.build(name, desired));
        List<Statement> inverse = new ArrayList<>(List.of(new DomainStatement.Drop(name)));
        inverse.addAll(DomainStatement.build(name, current));
        out.add(StepDraft.at(Stage.CREATE_OBJECT, "drop and create domain " + name + " to change its " + change)
                .sql(sql)
                .inverse(inverse)
                .fact("Nothing uses the domain, so dropping and creating it locks no table (docs/locks.md#domains)."));
    }

    private static boolean sameExpression(Optional<String> current, Optional<String> desired, String schema) {
        return current.isPresent() == desired.isPresent()
                && (current.isEmpty() || Equivalence.same(current.get(), desired.get(), schema));
    }

    @Override
    public void drop(QualifiedName name, Domain current, PlanContext context, RecipeOutput out) {
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer uses domain " + name + " (CONTRACT drops it).");
        out.add(StepDraft.at(Stage.DROP_OBJECT, "drop domain " + name)
                .sql(new DomainStatement.Drop(name))
                .inverse(DomainStatement.build(name, current))
                .fact("DROP DOMAIN without CASCADE fails while a column, domain or composite type still uses it;"
                        + " it locks no table (docs/locks.md#domains)."));
    }
}
