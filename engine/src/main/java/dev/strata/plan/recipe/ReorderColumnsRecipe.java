package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.ddl.DataStatement;
import dev.strata.ddl.SchemaStatement;
import dev.strata.ddl.SequenceStatement;
import dev.strata.ddl.Statement;
import dev.strata.ddl.TableStatement;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.Grant;
import dev.strata.model.ObjectName;
import dev.strata.model.Policy;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.model.Sequence;
import dev.strata.model.Table;
import dev.strata.model.Trigger;
import dev.strata.plan.Dependencies;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableFacts;
import dev.strata.plan.TableWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * How Strata gives a table its declared column order. PostgreSQL cannot move a column (ADD COLUMN appends), so a
 * table with rows keeps its order and the plan says so in a note (plan.ColumnOrder). A table a live catalog counted
 * empty, that nothing else uses and that holds nothing the model does not ({@link TableFacts#standalone()}), is
 * dropped and created again as declared, with its indexes, constraints, triggers, policies, grants and comments, in
 * one transaction that first locks it and runs the rebuild only while it holds no row ({@link DataStatement.IfEmpty}):
 * nothing is lost, and a table the application wrote to since the plan is left as it is, with the migration going on
 * (a failing guard, as {@link EmptyTable}'s, would stop it at the last step for an order nobody depends on).
 *
 * <p>The step comes after every other step of its phase, so it builds the table as the whole plan leaves it; its
 * phase is the last one in which another step changes the table. The serial sequences the table owns are released before the
 * drop (a drop would take them along) and owned again after: their next value is kept.
 */
public final class ReorderColumnsRecipe {

    private ReorderColumnsRecipe() {}

    /** Whether {@code table} (a desired table the plan leaves in another order) may be rebuilt in its declared order. */
    public static boolean applies(QualifiedName table, PlanContext ctx) {
        Optional<Table> desired = ctx.desired().table(table);
        TableFacts facts = ctx.tableFacts().get(table);
        if (desired.isEmpty() || ctx.current().table(table).isEmpty() || facts == null || !facts.empty()
                || !facts.standalone()) {
            return false;
        }
        Table t = desired.get();
        if (t.renamedFrom().isPresent() || t.partitionBy().isPresent() || t.partitionOf().isPresent()) {
            return false;
        }
        return !usedElsewhere(table, ctx.desired());
    }

    /**
     * Whether anything in the desired catalog other than the table's own parts needs it: another table's foreign key
     * or column type, a view, or an object managed as a whole (what {@link Dependencies#needs} says it needs, its
     * expressions and queries by their words, so a false match only keeps the note). The live catalog said nothing
     * does now; this covers what the plan itself adds.
     */
    private static boolean usedElsewhere(QualifiedName table, Catalog catalog) {
        for (Schema s : catalog.schemas()) {
            for (Table other : s.tables()) {
                QualifiedName name = QualifiedName.of(s.name(), other.name());
                if (name.equals(table)) {
                    continue;
                }
                if (other.foreignKeys().stream().anyMatch(f -> f.target().equals(table))
                        || other.columns().stream().anyMatch(c -> c.type().elementType().userTypeName()
                                .filter(table::equals).isPresent())) {
                    return true;
                }
            }
            if (s.views().stream().anyMatch(v -> ViewText.words(v.definition()).contains(table.name()))) {
                return true;
            }
            for (SchemaObject object : s.objects()) {
                if (!attached(s.name(), object, table) && Dependencies.needs(QualifiedName.of(s.name(), object.key()), object)
                        .stream().anyMatch(need -> names(need, table))) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether a need is the table, its row type or one of its columns, or SQL that mentions the table. */
    private static boolean names(ObjectName need, QualifiedName table) {
        return switch (need.kind()) {
            case ObjectName.EXPRESSION, ObjectName.QUERY -> ViewText.words(need.part().orElseThrow()).contains(table.name());
            default -> need.name().equals(table);
        };
    }

    /** The table's own objects: a drop takes them along, and the rebuild creates the declared ones again. */
    private static boolean attached(String schema, SchemaObject object, QualifiedName table) {
        return switch (object) {
            case Trigger t -> t.table().equals(table);
            case Policy p -> schema.equals(table.schema()) && p.table().equals(table.name());
            case Grant g -> schema.equals(table.schema()) && (g.on() == Grant.On.TABLE || g.on() == Grant.On.COLUMN)
                    && g.relation().equals(table.name());
            default -> false;
        };
    }

    /** The guarded rebuild of {@code table} as the desired catalog declares it, at {@code stage}. */
    public static StepDraft step(QualifiedName table, List<String> resulting, PlanContext ctx, Stage stage) {
        Catalog desired = ctx.desired();
        Table t = desired.table(table).orElseThrow();
        Schema schema = desired.schema(table.schema()).orElseThrow();
        List<Sequence> owned = schema.sequences().stream()
                .filter(s -> s.ownedBy().filter(o -> o.table().equals(table.name())).isPresent()).toList();
        List<SchemaObject> objects = schema.objects().stream().filter(o -> attached(schema.name(), o, table)).toList();
        Catalog alone = new Catalog(List.of(new Schema(schema.name(), List.of(), owned, List.of(t), List.of())
                .withObjects(objects)));
        List<String> declared = t.columns().stream().map(Column::name).toList();
        StepDraft step = StepDraft.at(stage, "rebuild table " + table + " in its declared column order (the table is empty)")
                .lock(table, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .fact(EmptyTable.REASON + ": PostgreSQL cannot move a column, so the table is dropped and created again in"
                        + " the declared order (" + String.join(", ", declared) + "; the other steps leave "
                        + String.join(", ", resulting) + "), with its indexes, constraints, triggers, policies, grants and"
                        + " comments (https://www.postgresql.org/docs/current/sql-altertable.html#SQL-ALTERTABLE-DESC-ADD-COLUMN).")
                .fact("Under its ACCESS EXCLUSIVE lock the step re-checks that the table is still empty; if a row was"
                        + " written since the plan, it changes nothing and the table keeps its order (the next plan says"
                        + " so in a note), so the migration goes on either way.");
        // DROP TABLE also drops the foreign-key triggers on the tables the table references, under their ACCESS
        // EXCLUSIVE lock (docs/locks.md#row-55); adding the keys back takes SHARE ROW EXCLUSIVE there.
        t.foreignKeys().stream().map(f -> f.target()).filter(target -> !target.equals(table)).distinct().sorted()
                .forEach(target -> step.lock(target, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY));
        if (t.foreignKeys().stream().anyMatch(f -> !f.target().equals(table))) {
            step.fact("Dropping the table drops the foreign-key triggers on the tables it references, under ACCESS"
                    + " EXCLUSIVE there too, for as long as the step's transaction (docs/locks.md#row-55).");
        }
        List<Statement> rebuild = new ArrayList<>();
        for (Sequence s : owned) {
            rebuild.add(SequenceStatement.Alter.ownedBy(QualifiedName.of(schema.name(), s.name()), Optional.empty()));
        }
        rebuild.add(new TableStatement.Drop(table, false));
        for (Statement statement : CreateDdl.plan(alone)) {
            // The schema and the sequences stand; only their ownership comes back.
            if (!(statement instanceof SchemaStatement.Create) && !(statement instanceof SequenceStatement.Create)) {
                rebuild.add(statement);
            }
        }
        step.sql(new TableStatement.LockExclusive(table)).sql(new DataStatement.IfEmpty(table, rebuild));
        owned.forEach(s -> step.lock(QualifiedName.of(schema.name(), s.name()), LockMode.SHARE_ROW_EXCLUSIVE, TableWork.CATALOG_ONLY));
        if (!owned.isEmpty()) {
            step.fact("The sequences the table owns (" + String.join(", ", owned.stream().map(Sequence::name).toList())
                    + ") are released before the drop, which would take them along, and owned again after it: they keep"
                    + " their next value. ALTER SEQUENCE takes SHARE ROW EXCLUSIVE on each: nextval() waits until the step"
                    + " commits (docs/locks.md#row-74).");
        }
        step.fact("Nothing else uses the table and it holds nothing the schema files do not declare (no grants, rules,"
                + " publications, statistics objects, storage or column options, other owner): the live catalog said so"
                + " when the plan was made (docs/yaml-format.md#column-order, docs/locks.md#column-order).");
        return step.nothingToUndo()
                .fact("Undoing the plan leaves the declared order: only the shape comes back, and the order is not part of"
                        + " it (docs/yaml-format.md#column-order).");
    }
}
