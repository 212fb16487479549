package dev.strata.plan.recipe;

import dev.strata.ddl.ConstraintClause;
import dev.strata.ddl.IndexStatement;
import dev.strata.ddl.SchemaStatement;
import dev.strata.ddl.SequenceStatement;
import dev.strata.ddl.SqlRender;
import dev.strata.ddl.Statement;
import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.diff.TableChange.DropTable;
import dev.strata.model.Column;
import dev.strata.model.ForeignKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Sequence;
import dev.strata.model.Table;
import dev.strata.plan.DataLoss;
import dev.strata.plan.GateKind;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Retention;
import dev.strata.plan.ShortNames;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;
import dev.strata.sql.Identifiers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * Dropping a table waits for CONTRACT, behind the read-switch gate, and destroys nothing: the table moves to
 * schema {@code strata_archive} under a name that says where it came from, and the step's inverse brings it back
 * (docs/retention.md). Only {@code DROP TABLE} on the archived table, by hand, destroys its rows.
 *
 * <p>No {@code CASCADE}: whatever still depends on the table (a view, a foreign key Strata does not
 * manage) must make the drop fail loudly rather than vanish with it. Foreign keys of surviving
 * tables that point here are dropped earlier by their own changes. A foreign key between two tables
 * that both go would make whichever is dropped first fail, so it is removed first, at
 * {@link Stage#DROP_CONSTRAINT}. Its keys into surviving tables are dropped with the move (kept rows must not
 * block deletes there) and re-added NOT VALID + VALIDATE by the inverse; that takes ACCESS EXCLUSIVE on every
 * table they reference, as the old {@code DROP TABLE} did.
 */
public final class DropTableRecipe implements Recipe<DropTable> {

    public static final DropTableRecipe INSTANCE = new DropTableRecipe();

    @Override
    public void plan(DropTable change, PlanContext context, RecipeOutput out) {
        QualifiedName name = change.name();
        Table table = change.current();
        Optional<String> notRetained = notRetained(name, context);
        out.gate(GateKind.DEPLOY_READ_SWITCH, "The application no longer uses table " + name
                + (notRetained.isEmpty() ? " (CONTRACT moves it to strata_archive)." : " (CONTRACT drops it with its rows)."));
        if (notRetained.isPresent()) {
            dropForGood(name, table, notRetained.get(), context, out);
            return;
        }
        QualifiedName archived = context.names().archive(archivedName(name, table).name(), Optional.of(name.schema()));
        QualifiedName renamed = QualifiedName.of(name.schema(), archived.name());
        StepDraft drop = StepDraft.at(Stage.DROP_TABLE, "drop table " + name + " (moved to "
                        + Identifiers.qualified(archived) + ", recoverable until purged)")
                .lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY);
        List<Statement> statements = new ArrayList<>();
        List<Statement> inverse = new ArrayList<>();
        List<Statement> validate = new ArrayList<>();
        statements.add(new SchemaStatement.Create(Schema.ARCHIVE, true));
        inverse.add(TableStatement.Alter.of(archived, new TableAction.SetSchema(name.schema())));
        inverse.add(TableStatement.Alter.of(renamed, new TableAction.RenameTo(name.name())));
        for (ForeignKey foreignKey : table.foreignKeys()) {
            QualifiedName target = foreignKey.target();
            if (target.equals(name)) {
                continue;
            }
            if (droppedToo(target, context)) {
                out.add(dropBetweenDropped(name, foreignKey));
            } else {
                // A retained table keeps no key into a live table: its old rows would block deletes there.
                statements.add(ConstraintSql.drop(name, foreignKey.name()));
                inverse.add(ConstraintSql.addNotValid(name, new ConstraintClause.Foreign(foreignKey)));
                if (foreignKey.valid()) {
                    validate.add(ConstraintSql.validate(name, foreignKey.name()));
                }
                drop.lock(target, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY);
            }
        }
        // Renamed before the move: a table of the same name retained from another schema cannot stand in the way.
        statements.add(TableStatement.Alter.of(name, new TableAction.RenameTo(archived.name())));
        List<Statement> namesBack = new ArrayList<>();
        movedAlong(name, table, context).forEach((moved, isIndex) -> {
            // The indexes and owned sequences move along; one of an earlier drop may hold the name there already.
            String free = context.names().archivedAlong(name.schema(), moved);
            if (!free.equals(moved)) {
                QualifiedName here = QualifiedName.of(name.schema(), moved);
                QualifiedName back = QualifiedName.of(name.schema(), free);
                statements.add(isIndex ? new IndexStatement.Rename(here, free, false) : new SequenceStatement.Rename(here, free));
                namesBack.add(isIndex ? new IndexStatement.Rename(back, moved, false) : new SequenceStatement.Rename(back, moved));
            }
        });
        statements.add(TableStatement.Alter.of(renamed, new TableAction.SetSchema(Schema.ARCHIVE)));
        inverse.addAll(namesBack);
        inverse.addAll(validate);
        out.add(drop.sql(statements).inverse(inverse).retains(new Retention.KeptTable(name, archived, validate))
                .fact("The table, its rows, indexes, constraints and owned sequences move to schema " + Schema.ARCHIVE
                        + ": recoverable until purged (docs/retention.md#retained-drops). Renaming and moving a table"
                        + " take ACCESS EXCLUSIVE on it and only change catalog entries; dropping its foreign keys takes"
                        + " ACCESS EXCLUSIVE on the tables they reference, briefly (docs/locks.md#row-42)."));
    }

    /**
     * The relations {@code ALTER TABLE … SET SCHEMA} moves along with the table, in a fixed order: its indexes (those
     * behind its primary key, unique and exclusion constraints included; {@code true}) and the sequences its columns
     * own ({@code false}). Identity sequences are not in the model; docs/retention.md says what that leaves.
     */
    private static SequencedMap<String, Boolean> movedAlong(QualifiedName name, Table table, PlanContext context) {
        SequencedMap<String, Boolean> moved = new LinkedHashMap<>();
        table.primaryKey().ifPresent(pk -> moved.put(pk.name(), true));
        table.uniqueConstraints().forEach(u -> moved.put(u.name(), true));
        table.exclusions().forEach(x -> moved.put(x.name(), true));
        table.indexes().forEach(i -> moved.put(i.name(), true));
        context.current().schema(name.schema()).stream().flatMap(s -> s.sequences().stream())
                .filter(s -> s.ownedBy().map(o -> o.table().equals(name.name())).orElse(false))
                .forEach(s -> moved.putIfAbsent(s.name(), false));
        return moved;
    }

    /**
     * Why the plan cannot keep the table, if it cannot: a kept table still needs the types and sequences it uses,
     * so one the same plan drops would make that drop fail. Such a table goes as before, destroyed and named.
     */
    public static Optional<String> notRetained(QualifiedName name, PlanContext context) {
        if (context.dropNow()) {
            return Optional.of("--drop-now asks for the table to be destroyed now");
        }
        Table table = context.current().table(name).orElseThrow();
        for (Column column : table.columns()) {
            Optional<QualifiedName> type = column.type().elementType().userTypeName();
            if (type.isPresent() && context.current().enumType(type.get()).isPresent()
                    && context.desired().enumType(type.get()).isEmpty()) {
                return Optional.of("its column " + column.name() + " uses type " + type.get() + ", which this plan drops");
            }
            for (Sequence sequence : context.current().schema(name.schema()).map(Schema::sequences).orElse(List.of())) {
                boolean owned = sequence.ownedBy().map(o -> o.table().equals(name.name())).orElse(false);
                if (!owned && column.defaultValue().filter(d -> d.contains("nextval(") && d.contains(sequence.name())).isPresent()
                        && context.desired().sequence(QualifiedName.of(name.schema(), sequence.name())).isEmpty()) {
                    return Optional.of("the default of its column " + column.name() + " calls sequence "
                            + QualifiedName.of(name.schema(), sequence.name()) + ", which this plan drops");
                }
            }
        }
        return Optional.empty();
    }

    private static void dropForGood(QualifiedName name, Table table, String why, PlanContext context, RecipeOutput out) {
        StepDraft drop = StepDraft.at(Stage.DROP_TABLE, "drop table " + name)
                .sql(new TableStatement.Drop(name, true))
                .lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .deletes(new DataLoss("table " + name + " and every row in it", context.estimatedRows(name)));
        for (ForeignKey foreignKey : table.foreignKeys()) {
            QualifiedName target = foreignKey.target();
            if (!target.equals(name) && droppedToo(target, context)) {
                out.add(dropBetweenDropped(name, foreignKey));
            } else if (!target.equals(name)) {
                drop.lock(target, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY);
            }
        }
        out.add(drop.cannotUndo("the table and its rows are not kept in " + Schema.ARCHIVE + ": " + why)
                .fact("Not kept in " + Schema.ARCHIVE + ": " + why + " (docs/retention.md#not-retained).")
                .fact("DROP TABLE takes ACCESS EXCLUSIVE on the table and on the tables its foreign keys reference"
                        + " (docs/locks.md#row-55, #note-9); it only removes catalog entries and files."));
    }

    private static StepDraft dropBetweenDropped(QualifiedName name, ForeignKey foreignKey) {
        QualifiedName target = foreignKey.target();
        return StepDraft.at(Stage.DROP_CONSTRAINT, "drop foreign key " + foreignKey.name() + " on " + name
                        + " (" + name + " and " + target + " are both dropped)")
                .sql(ConstraintSql.drop(name, foreignKey.name()))
                .lock(name, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .lock(target, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)
                .inverse(ConstraintSql.addBack(name, new ConstraintClause.Foreign(foreignKey), foreignKey.valid()))
                .fact("Dropping a foreign key takes ACCESS EXCLUSIVE on both tables, briefly (docs/locks.md#row-42).");
    }

    /**
     * Where a dropped table is kept: its schema and name, and a token of its definition, so that the name is the
     * same for the same plan (the token hashes its CREATE TABLE, deterministic text) and two tables of the same name
     * dropped from different definitions do not meet. The plan numbers it ({@code GeneratedNames.archive}) while an
     * earlier drop of the same definition is still kept there.
     */
    static QualifiedName archivedName(QualifiedName name, Table table) {
        String token = ShortNames.token(SqlRender.createTable(name, table, true));
        return QualifiedName.of(Schema.ARCHIVE, ShortNames.withSuffix(name.schema() + "." + name.name(), "~" + token));
    }

    /** A current table that no desired table takes over, in a schema the plan manages. */
    static boolean droppedToo(QualifiedName table, PlanContext context) {
        Optional<Schema> desired = context.desired().schema(table.schema());
        if (desired.isEmpty() || context.current().table(table).isEmpty()) {
            return false;
        }
        return desired.get().tables().stream().noneMatch(t -> t.renamedFrom().equals(Optional.of(table.name()))
                || (t.name().equals(table.name()) && t.renamedFrom()
                        .flatMap(old -> context.current().table(QualifiedName.of(table.schema(), old))).isEmpty()));
    }
}
