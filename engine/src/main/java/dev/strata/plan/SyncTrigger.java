package dev.strata.plan;

import dev.strata.ddl.Statement;
import dev.strata.ddl.TriggerStatement;
import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The database side of dual-write: a BEFORE INSERT OR UPDATE row trigger that keeps an old and a
 * new column in step while both exist, so writers that are not yet updated cannot leave the new
 * shape behind. The rule for who wins is the same everywhere: a column the statement wrote itself
 * is kept; a column it did not touch is derived from the one it did. The backfill relies on this:
 * it only ever writes the new column, so the trigger never overwrites an application's newer value.
 *
 * @param name  the trigger's and its function's name (in the table's schema)
 * @param body  the PL/pgSQL body between BEGIN and END
 */
public record SyncTrigger(QualifiedName table, String name, String body) {

    private static final String PREFIX = "strata_sync_";

    /** Keeps {@code oldColumn} and {@code newColumn} equal in both directions (a rename). */
    public static SyncTrigger rename(QualifiedName table, String oldColumn, String newColumn) {
        String o = "NEW." + Identifiers.quote(oldColumn);
        String n = "NEW." + Identifiers.quote(newColumn);
        String oo = "OLD." + Identifiers.quote(oldColumn);
        String on = "OLD." + Identifiers.quote(newColumn);
        String body = String.join("\n",
                "  IF TG_OP = 'INSERT' THEN",
                "    IF " + n + " IS NULL THEN",
                "      " + n + " := " + o + ";",
                "    ELSIF " + o + " IS NULL THEN",
                "      " + o + " := " + n + ";",
                "    END IF;",
                "  ELSIF " + n + " IS NOT DISTINCT FROM " + on + " THEN",
                "    " + n + " := " + o + ";",
                "  ELSIF " + o + " IS NOT DISTINCT FROM " + oo + " THEN",
                "    " + o + " := " + n + ";",
                "  END IF;");
        return new SyncTrigger(table, nameFor(table, newColumn), body);
    }

    /**
     * Derives {@code target} from the row with {@code expression} (SQL over the table's columns) when a
     * statement writes the sources but not the target: a type change ({@code new := old::newtype}) or a
     * column computed from others.
     */
    public static SyncTrigger derive(QualifiedName table, List<String> sources, String target, String expression) {
        String t = "NEW." + Identifiers.quote(target);
        String sourcesChanged = sources.stream()
                .map(s -> "NEW." + Identifiers.quote(s) + " IS DISTINCT FROM OLD." + Identifiers.quote(s))
                .collect(Collectors.joining(" OR "));
        String derived = overNewRow(expression);
        String body = String.join("\n",
                "  IF TG_OP = 'INSERT' THEN",
                "    IF " + t + " IS NULL THEN",
                "      " + t + " := " + derived + ";",
                "    END IF;",
                "  ELSIF " + t + " IS NOT DISTINCT FROM OLD." + Identifiers.quote(target)
                        + (sourcesChanged.isEmpty() ? "" : " AND (" + sourcesChanged + ")") + " THEN",
                "    " + t + " := " + derived + ";",
                "  END IF;");
        return new SyncTrigger(table, nameFor(table, target), body);
    }

    /**
     * Replaces a NULL that a statement writes to {@code column} with {@code expression} (SQL over the table's columns):
     * writers not yet updated keep writing NULL to a column that is about to become NOT NULL, and the backfill's
     * value is what NULL turns into anyway. A non-null value is never touched.
     */
    public static SyncTrigger fillNulls(QualifiedName table, String column, String expression) {
        String c = "NEW." + Identifiers.quote(column);
        String body = String.join("\n",
                "  IF " + c + " IS NULL THEN",
                "    " + c + " := " + overNewRow(expression) + ";",
                "  END IF;");
        return new SyncTrigger(table, nameFor(table, column), body);
    }

    /** Evaluating over (SELECT NEW.*) lets the expression name columns as the user wrote it. */
    private static String overNewRow(String expression) {
        return "(SELECT (" + expression + ") FROM (SELECT NEW.*) AS strata_row)";
    }

    /**
     * Derives the new type's column with the default conversion and refuses, in the writing statement, any
     * value that does not convert back unchanged ({@link Conversion}): the backfill's UPDATE and the
     * application's writes alike.
     */
    public static SyncTrigger convert(Conversion conversion) {
        SyncTrigger derived = derive(conversion.table(), List.of(conversion.source()), conversion.target(), conversion.forward());
        return new SyncTrigger(derived.table(), derived.name(), derived.body() + "\n" + conversion.triggerCheck());
    }

    /** The trigger's function, in the table's schema under the trigger's name. */
    public QualifiedName function() {
        return QualifiedName.of(table.schema(), name);
    }

    public Statement createFunction() {
        return new TriggerStatement.CreateFunction(function(), body);
    }

    /** {@code CREATE OR REPLACE TRIGGER} (PostgreSQL 14+), so re-running the step is harmless. */
    public Statement createTrigger() {
        return new TriggerStatement.CreateTrigger(name, table, function());
    }

    /** The marker that lets {@code abandon} and {@code plan} recognise the function ({@link Scaffolding}). */
    public Statement marker() {
        return Scaffolding.markFunction(function(), "sync trigger function for " + table);
    }

    public List<Statement> createStatements() {
        return List.of(createFunction(), createTrigger());
    }

    public List<Statement> dropStatements() {
        return List.of(new TriggerStatement.DropTrigger(name, table, true), new TriggerStatement.DropFunction(function(), true));
    }

    /** {@code strata_sync_<table>_<column>}, shortened with a hash when it would exceed 63 bytes. */
    static String nameFor(QualifiedName table, String column) {
        return ShortNames.of(PREFIX + table.name() + "_" + column);
    }
}
