package dev.strata.plan;

import dev.strata.diff.Change;
import dev.strata.diff.ColumnChange;
import dev.strata.diff.ConstraintChange;
import dev.strata.diff.IndexChange;
import dev.strata.diff.TableChange;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Preflight: the questions a plan asks the live data ({@link #checks}, derived from the diff's changes, pure) and,
 * once asked ({@code execute.PreflightRunner}), the answers ({@link #findings}).
 *
 * @param checks   one per constraint the plan adds or validates and per value conversion it runs, on existing tables
 * @param findings what the live data said, once preflight ran; empty when it did not
 */
public record Preflight(List<PreflightCheck> checks, Optional<List<PreflightFinding>> findings) {

    /** A plan without checks (offline, saved before plans kept them, or one that adds no constraint). */
    public static final Preflight NONE = new Preflight(List.of(), Optional.empty());

    public Preflight {
        checks = List.copyOf(checks);
        findings = findings.map(List::copyOf);
    }

    /** The same checks with what the live data said. */
    public Preflight withFindings(List<PreflightFinding> found) {
        return new Preflight(checks, Optional.of(found));
    }

    /** The findings of checks that fail: the plan is known to fail. */
    public List<PreflightFinding> failures() {
        return findings.orElse(List.of()).stream().filter(f -> f.status() == PreflightFinding.Status.FAILS).toList();
    }

    /**
     * The checks {@code changes} need, against the rows of {@code current}. Tables the plan creates are empty, and
     * dropped ones are not checked; a constraint on a table that is renamed or whose columns are renamed, retyped or
     * added is checked on the rows as the migration shapes them ({@link RowSource}).
     */
    public static List<PreflightCheck> checks(List<Change> changes, Catalog current, Catalog desired) {
        Map<QualifiedName, QualifiedName> tableRenames = new HashMap<>();
        Map<QualifiedName, Map<String, String>> columnRenames = new HashMap<>();
        Map<QualifiedName, Map<String, ColumnChange.ChangeColumnType>> retyped = new HashMap<>();
        Set<QualifiedName> created = new java.util.HashSet<>();
        for (Change change : changes) {
            switch (change) {
                case TableChange.RenameTable r -> tableRenames.put(r.to(), r.from());
                case TableChange.CreateTable c -> created.add(c.name());
                case ColumnChange.RenameColumn r ->
                        columnRenames.computeIfAbsent(r.table(), t -> new HashMap<>()).put(r.desired().name(), r.current().name());
                case ColumnChange.ChangeColumnType t ->
                        retyped.computeIfAbsent(t.table(), x -> new HashMap<>()).put(t.columnName(), t);
                default -> { }
            }
        }
        Sources sources = new Sources(current, desired, tableRenames, columnRenames, retyped, created);
        List<PreflightCheck> checks = new ArrayList<>();
        Set<String> notNull = new LinkedHashSet<>();
        for (Change change : changes) {
            QualifiedName table = change.subject();
            Optional<RowSource> rows = change instanceof TableChange ? Optional.empty() : sources.of(table);
            if (rows.isEmpty()) {
                continue;
            }
            RowSource r = rows.get();
            switch (change) {
                case ColumnChange.AddColumn a when !a.column().nullable() && a.column().identity().isEmpty() -> {
                    if (notNull.add(table + "." + a.column().name())) {
                        checks.add(new PreflightCheck.NotNull(r, a.column().name()));
                    }
                }
                case ColumnChange.SetNotNull s -> {
                    if (notNull.add(table + "." + s.columnName())) {
                        checks.add(new PreflightCheck.NotNull(r, s.columnName()));
                    }
                }
                case ColumnChange.ChangeColumnType t when t.using().isPresent()
                        || TypeChanges.mayNotFit(t.current().type(), t.desired().type()).isPresent() ->
                        checks.add(new PreflightCheck.Conversion(r, t.columnName(), currentName(r, t.columnName()),
                                t.current().type(), t.desired().type(), t.using()));
                // A replaced constraint asks of the rows what the added one would.
                case ConstraintChange.AddPrimaryKey p -> primaryKey(r, table, p.primaryKey(), notNull, checks);
                case ConstraintChange.ReplacePrimaryKey p -> primaryKey(r, table, p.desired(), notNull, checks);
                case ConstraintChange.AddUnique u when !u.unique().withoutOverlaps() -> checks.add(unique(r, u.unique()));
                case ConstraintChange.ReplaceUnique u when !u.desired().withoutOverlaps() -> checks.add(unique(r, u.desired()));
                case IndexChange.CreateIndex c when c.index().unique() -> checks.add(uniqueIndex(r, c.index()));
                case IndexChange.ReplaceIndex c when c.desired().unique() -> checks.add(uniqueIndex(r, c.desired()));
                // One declared NOT VALID asks nothing: the rows already there need not satisfy it.
                case ConstraintChange.AddCheck c when c.check().valid() ->
                        checks.add(new PreflightCheck.Check(r, c.check().name(), c.check().expression()));
                case ConstraintChange.ReplaceCheck c when c.desired().valid() ->
                        checks.add(new PreflightCheck.Check(r, c.desired().name(), c.desired().expression()));
                // A temporal key (WITHOUT OVERLAPS, PERIOD) compares ranges, not equal values: no preflight query for it.
                case ConstraintChange.AddForeignKey f when f.foreignKey().valid() && !f.foreignKey().period() ->
                        checks.add(new PreflightCheck.ForeignKey(r, f.foreignKey(), sources.of(f.foreignKey().target())));
                case ConstraintChange.ReplaceForeignKey f when f.desired().valid() && !f.desired().period() ->
                        checks.add(new PreflightCheck.ForeignKey(r, f.desired(), sources.of(f.desired().target())));
                case ConstraintChange.ValidateConstraint v when !(v.constraint() instanceof ConstraintChange.Validated.Foreign f
                        && f.foreignKey().period()) -> checks.add(switch (v.constraint()) {
                    case ConstraintChange.Validated.Check c -> new PreflightCheck.Check(r, c.check().name(), c.check().expression());
                    case ConstraintChange.Validated.Foreign f ->
                            new PreflightCheck.ForeignKey(r, f.foreignKey(), sources.of(f.foreignKey().target()));
                });
                case ConstraintChange.AddExclusion e -> checks.add(new PreflightCheck.Exclusion(r, e.exclusion()));
                case ConstraintChange.ReplaceExclusion e -> checks.add(new PreflightCheck.Exclusion(r, e.desired()));
                default -> { }
            }
            // A using: expression may give NULL where the old value was not: CONTRACT's swap then fails NOT NULL.
            if (change instanceof ColumnChange.ChangeColumnType t && t.using().isPresent() && !t.desired().nullable()
                    && notNull.add(table + "." + t.columnName())) {
                checks.add(new PreflightCheck.NotNull(r, t.columnName()));
            }
        }
        return checks;
    }

    private static void primaryKey(RowSource rows, QualifiedName table, PrimaryKey key, Set<String> notNull,
                                   List<PreflightCheck> checks) {
        for (String column : key.columns()) {
            if (notNull.add(table + "." + column)) {
                checks.add(new PreflightCheck.NotNull(rows, column));
            }
        }
        if (key.withoutOverlaps()) {
            // Equal keys are allowed when their periods do not overlap: an equality check would refuse good rows.
            return;
        }
        checks.add(new PreflightCheck.Unique(rows, "PRIMARY KEY", key.name(),
                key.columns().stream().map(IndexKey::column).toList(), Optional.empty(), false));
    }

    private static PreflightCheck unique(RowSource rows, dev.strata.model.UniqueConstraint unique) {
        return new PreflightCheck.Unique(rows, "UNIQUE", unique.name(), unique.columns().stream().map(IndexKey::column).toList(),
                Optional.empty(), unique.nullsNotDistinct());
    }

    private static PreflightCheck uniqueIndex(RowSource rows, dev.strata.model.Index index) {
        return new PreflightCheck.Unique(rows, "UNIQUE INDEX", index.name(), index.keys(), index.where(),
                index.nullsNotDistinct());
    }

    private static String currentName(RowSource rows, String column) {
        return rows.renamed().getOrDefault(column, column);
    }

    /** The {@link RowSource} of each table that exists now and is kept. */
    private record Sources(Catalog current, Catalog desired, Map<QualifiedName, QualifiedName> tableRenames,
            Map<QualifiedName, Map<String, String>> columnRenames,
            Map<QualifiedName, Map<String, ColumnChange.ChangeColumnType>> retyped, Set<QualifiedName> created) {

        Optional<RowSource> of(QualifiedName table) {
            if (created.contains(table)) {
                return Optional.empty();
            }
            QualifiedName now = tableRenames.getOrDefault(table, table);
            Optional<Table> before = current.table(now);
            Optional<Table> after = desired.table(table);
            if (before.isEmpty() || after.isEmpty()) {
                return Optional.empty();
            }
            Map<String, String> renamed = columnRenames.getOrDefault(table, Map.of());
            Map<String, ColumnChange.ChangeColumnType> types = retyped.getOrDefault(table, Map.of());
            List<RowSource.Value> values = new ArrayList<>();
            for (Column column : after.get().columns()) {
                String name = renamed.getOrDefault(column.name(), column.name());
                Optional<Column> existing = before.get().column(name);
                ColumnChange.ChangeColumnType retype = types.get(column.name());
                if (existing.isEmpty()) {
                    values.add(filled(column));
                } else if (retype != null) {
                    values.add(new RowSource.Converted(column.name(), column.type(), name, retype.current().type(),
                            retype.using()));
                } else if (!column.nullable() && existing.get().nullable() && column.backfill().isPresent()) {
                    // SET NOT NULL with backfill: the migration fills the NULLs before CONTRACT tightens the column.
                    values.add(new RowSource.Filled(column.name(), column.type(), "COALESCE("
                            + dev.strata.sql.Identifiers.quote(name) + ", (" + column.backfill().get() + "))"));
                } else {
                    values.add(new RowSource.Kept(column.name(), column.type(), name));
                }
            }
            List<String> key = before.get().primaryKey().map(PrimaryKey::columns).orElse(List.of());
            return Optional.of(new RowSource(table, now, key, renamed, values));
        }

        /** What existing rows get in a new column: the backfill, else a default or generation expression. */
        private static RowSource.Value filled(Column column) {
            Optional<String> value = column.backfill().or(column::defaultValue).or(column::generatedAs);
            if (column.identity().isPresent() || value.isEmpty()) {
                return new RowSource.Missing(column.name(), column.type());
            }
            return new RowSource.Filled(column.name(), column.type(), value.get());
        }
    }
}
