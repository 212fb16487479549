package dev.strata.plan;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.Dependent;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.model.TakenNames;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What recipes may consult: both catalogs, the server version the plan is for, and table sizes
 * when a live catalog supplied them. Pure lookups only, except {@link #names}, which remembers the
 * names given so far in this plan.
 *
 * @param current    the schema as it is (pulled, or read from a --from directory)
 * @param desired    the schema as declared
 * @param pgMajor    PostgreSQL major version the statements and annotations are for
 * @param tableFacts sizes of current tables; empty when planning offline
 * @param names      where every name Strata invents comes from
 * @param dependents what the live catalog records as depending on current tables beyond the model; empty offline
 * @param dropNow    destroy dropped tables and columns ({@code --drop-now}) rather than keep them in strata_archive
 */
public record PlanContext(Catalog current, Catalog desired, int pgMajor, Map<QualifiedName, TableFacts> tableFacts,
        GeneratedNames names, List<Dependent> dependents, boolean dropNow) {

    public PlanContext {
        tableFacts = Map.copyOf(tableFacts);
        dependents = List.copyOf(dependents);
    }

    public PlanContext(Catalog current, Catalog desired, int pgMajor, Map<QualifiedName, TableFacts> tableFacts,
            GeneratedNames names, List<Dependent> dependents) {
        this(current, desired, pgMajor, tableFacts, names, dependents, false);
    }

    /** A context that knows no live names beyond the two catalogs and no dependents (offline plans, recipe tests). */
    public PlanContext(Catalog current, Catalog desired, int pgMajor, Map<QualifiedName, TableFacts> tableFacts) {
        this(current, desired, pgMajor, tableFacts, new GeneratedNames(current, desired, TakenNames.none()), List.of());
    }

    public Optional<Table> currentTable(QualifiedName name) {
        return current.table(name);
    }

    public Optional<Table> desiredTable(QualifiedName name) {
        return desired.table(name);
    }

    /** True when the table does not exist yet: statements on it cannot disturb traffic. */
    public boolean isNewTable(QualifiedName desiredName) {
        return desired.table(desiredName)
                .map(t -> current.table(desiredName).isEmpty()
                        && t.renamedFrom().flatMap(old -> current.table(QualifiedName.of(desiredName.schema(), old))).isEmpty())
                .orElse(false);
    }

    /** True when the column is added by this plan (not present in the current table under its name or a hinted old name). */
    public boolean isNewColumn(QualifiedName desiredTable, String column) {
        if (isNewTable(desiredTable)) {
            return true;
        }
        Optional<Table> before = currentTableFor(desiredTable);
        Optional<Column> wanted = desired.table(desiredTable).flatMap(t -> t.column(column));
        if (before.isEmpty() || wanted.isEmpty()) {
            return false;
        }
        Table old = before.get();
        return old.column(column).isEmpty()
                && wanted.get().renamedFrom().flatMap(old::column).isEmpty();
    }

    /** The current table a desired table corresponds to, following a table rename hint. */
    public Optional<Table> currentTableFor(QualifiedName desiredName) {
        return currentTableFor(current, desired, desiredName);
    }

    static Optional<Table> currentTableFor(Catalog current, Catalog desired, QualifiedName desiredName) {
        Optional<Table> same = current.table(desiredName);
        if (same.isPresent()) {
            return same;
        }
        return desired.table(desiredName)
                .flatMap(Table::renamedFrom)
                .flatMap(old -> current.table(QualifiedName.of(desiredName.schema(), old)));
    }

    /** Whether the live catalog found the current table without any row when the plan was made. */
    public boolean emptyAtPlanTime(QualifiedName table) {
        TableFacts facts = tableFacts.get(table);
        return facts != null && facts.empty();
    }

    /** Estimated rows of a current table, -1 when unknown. */
    public long estimatedRows(QualifiedName table) {
        TableFacts facts = tableFacts.get(table);
        return facts == null ? -1 : facts.estimatedRows();
    }

    /**
     * The key a backfill paginates on: the primary key, else the first unique constraint whose
     * columns are all NOT NULL. Empty when the table has neither.
     */
    public static Optional<List<String>> backfillKey(Table table) {
        if (table.primaryKey().isPresent()) {
            return Optional.of(table.primaryKey().get().columns());
        }
        return table.uniqueConstraints().stream()
                .map(u -> u.columns())
                .filter(cols -> cols.stream().allMatch(c -> table.column(c).map(col -> !col.nullable()).orElse(false)))
                .findFirst();
    }

    public boolean supports(int major) {
        return pgMajor >= major;
    }
}
