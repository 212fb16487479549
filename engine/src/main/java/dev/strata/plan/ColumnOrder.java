package dev.strata.plan;

import dev.strata.ddl.Statement;
import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

/**
 * PostgreSQL cannot reorder a table's columns in place: ADD COLUMN appends, and a rebuilt column (a rename, a
 * rewriting type change) becomes its new physical column, appended too. So a declared order the table cannot take
 * is no change (a change could never converge), only a note, one per table, saying the order the table will have.
 * That order is read from the plan's own statements run over the current tables, so the note is what the next
 * {@code pull} will show, not a guess from the diff.
 */
final class ColumnOrder {

    private ColumnOrder() {}

    /** A desired table whose declared column order the plan's statements leave it without. */
    record Misordered(QualifiedName table, List<String> resulting) {

        String note() {
            return "table " + table + ": the columns will be in the order " + String.join(", ", resulting)
                    + ", not in the declared order (PostgreSQL cannot reorder columns in place; new and rebuilt"
                    + " columns are appended). This is no change: the order of a table with rows stays as it is"
                    + " (docs/yaml-format.md#column-order).";
        }
    }

    static List<String> notes(Catalog current, Catalog desired, List<Step> steps) {
        return find(current, desired, steps).stream().map(Misordered::note).toList();
    }

    static List<Misordered> find(Catalog current, Catalog desired, List<Step> steps) {
        Map<QualifiedName, List<String>> columns = new HashMap<>();
        for (Schema s : current.schemas()) {
            for (Table t : s.tables()) {
                columns.put(QualifiedName.of(s.name(), t.name()), names(t.columns()));
            }
        }
        for (Step step : steps) {
            if (step instanceof DdlStep ddl) {
                ddl.statements().forEach(statement -> run(statement, columns));
            }
        }
        List<Misordered> found = new ArrayList<>();
        for (Schema s : desired.schemas()) {
            for (Table t : s.tables()) {
                QualifiedName name = QualifiedName.of(s.name(), t.name());
                List<String> declared = names(t.columns());
                List<String> resulting = columns.get(name);
                // Only what the statements fully account for is claimed; anything else says nothing.
                if (resulting != null && !resulting.equals(declared) && new HashSet<>(resulting).equals(new HashSet<>(declared))) {
                    found.add(new Misordered(name, List.copyOf(resulting)));
                }
            }
        }
        return found;
    }

    private static void run(Statement statement, Map<QualifiedName, List<String>> columns) {
        switch (statement) {
            case TableStatement.Create c -> columns.put(c.table(), names(c.definition().columns()));
            case TableStatement.CreateKeeper k -> columns.put(k.table(), names(k.columns()));
            case TableStatement.Drop d -> columns.remove(d.table());
            case TableStatement.Alter a -> {
                QualifiedName table = a.table();
                for (TableAction action : a.actions()) {
                    List<String> cols = columns.get(table);
                    if (cols == null) {
                        return;
                    }
                    switch (action) {
                        case TableAction.AddColumn add -> appendIfAbsent(cols, add.column().name());
                        case TableAction.AddKeptColumn add -> appendIfAbsent(cols, add.column());
                        case TableAction.DropColumn drop -> cols.remove(drop.column());
                        case TableAction.RenameColumn r -> cols.replaceAll(c -> c.equals(r.from()) ? r.to() : c);
                        case TableAction.RenameTo r -> {
                            columns.remove(table);
                            table = QualifiedName.of(table.schema(), r.name());
                            columns.put(table, cols);
                        }
                        case TableAction.SetSchema m -> {
                            columns.remove(table);
                            table = QualifiedName.of(m.schema(), table.name());
                            columns.put(table, cols);
                        }
                        default -> { }
                    }
                }
            }
            default -> { }
        }
    }

    private static void appendIfAbsent(List<String> columns, String column) {
        if (!columns.contains(column)) {
            columns.add(column);
        }
    }

    private static List<String> names(List<Column> columns) {
        return new ArrayList<>(columns.stream().map(Column::name).toList());
    }
}
