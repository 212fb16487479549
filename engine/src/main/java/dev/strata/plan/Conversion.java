package dev.strata.plan;

import dev.strata.ddl.DataStatement;
import dev.strata.ddl.Statement;
import dev.strata.model.DataType;
import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;
import dev.strata.sql.TypeNames;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The default conversion of a type change (no {@code using:}): {@code CAST(old AS new)}, accepted only when
 * the new value converts back to the old one unchanged in meaning ({@code CAST(new AS oldtype) IS NOT
 * DISTINCT FROM old}, compared with the old type's equality, so numeric 1.50 → 1.5 passes and text →
 * varchar(64) that cuts a value does not). An explicit cast truncates varchar/char/bit, rounds numeric
 * scale, timestamp precision and floats to integers; the check turns every such change into an error that
 * names the table, the key and the value (docs/type-changes.md).
 *
 * <p>The check lives in the sync trigger ({@link SyncTrigger#convert}), which fires for every write of a
 * row while both columns exist — the application's writes and the backfill's alike — so one place stops
 * both paths and nothing else can write a converted value. Preflight asks the live rows the same question
 * ({@link #lostOnTheWayBack}) before a migration starts.
 *
 * @param table  the table (its desired name)
 * @param key    the key columns that identify a row in the error
 * @param source the old column
 * @param from   its type
 * @param target the column receiving the new value
 * @param to     the new type
 */
public record Conversion(QualifiedName table, List<String> key, String source, DataType from, String target, DataType to) {

    /** Longest part of a value an error message shows. */
    private static final int SHOWN = 80;

    public Conversion {
        key = List.copyOf(key);
    }

    /** The new value computed from the old column of a row. */
    public String forward() {
        return "CAST(" + Identifiers.quote(source) + " AS " + TypeNames.sql(to) + ")";
    }

    /**
     * The rule both the sync trigger and preflight enforce, as a condition true for a value that does not survive: the
     * new value, cast back to the old type, differs from the old value.
     */
    public static String lostOnTheWayBack(String oldValue, String newValue, DataType from) {
        return "CAST(" + newValue + " AS " + TypeNames.sql(from) + ") IS DISTINCT FROM " + oldValue;
    }

    /** Why some values may not survive, for the plan; empty when every value of the old type converts exactly. */
    public Optional<String> mayNotFit() {
        return TypeChanges.mayNotFit(from, to);
    }

    /** The plan's data-loss note when some values may not fit. */
    public Optional<DataLoss> loss(long estimatedRows) {
        return mayNotFit().map(reason -> DataLoss.conversion(
                "column " + table + "." + source + " from " + from + " to " + to, estimatedRows,
                reason + "; the migration stops at the first such value without changing it (docs/type-changes.md),"
                        + " and from EXPAND on writes of such values fail"));
    }

    /**
     * PL/pgSQL for a row trigger: raises when {@code NEW.target} holds a value that does not convert back to
     * {@code NEW.source}. A NULL target is a row not converted yet.
     */
    public String triggerCheck() {
        String s = "NEW." + Identifiers.quote(source);
        String t = "NEW." + Identifiers.quote(target);
        String keyText = key.stream()
                .map(k -> Literals.quote(k + " = ") + " || quote_nullable(NEW." + Identifiers.quote(k) + ")")
                .collect(Collectors.joining(" || ', ' || "));
        return String.join("\n",
                "  IF " + t + " IS NOT NULL AND " + lostOnTheWayBack(s, t, from) + " THEN",
                "    RAISE EXCEPTION USING ERRCODE = " + Literals.quote(sqlState()) + ",",
                "      MESSAGE = " + Literals.quote("strata: the value ") + " || " + shown(s)
                        + " || " + Literals.quote(" of " + table + "." + source + " at ") + " || " + keyText
                        + " || " + Literals.quote(" does not fit " + to + " unchanged (it would become ") + " || " + shown(t)
                        + " || " + Literals.quote("); nothing was changed: correct the value, or state the conversion with"
                                + " using: (docs/type-changes.md)") + ";",
                "  END IF;");
    }

    /**
     * A statement that fails, before the trigger is installed, when PostgreSQL has no cast from the old type to
     * the new one or back: otherwise the first write after EXPAND would fail instead.
     */
    public Statement guard() {
        String message = "strata: the type change of " + table + "." + source + " from " + this.from + " to " + this.to
                + " cannot be checked: PostgreSQL has no cast between the two types in both directions;"
                + " state the conversion with using: (docs/type-changes.md)";
        return new DataStatement.RequireCastBothWays(from, to, message);
    }

    // 22001 and 22003 are what an assignment of the same value would raise; anything else is a generic data exception.
    private String sqlState() {
        if (!to.isBuiltin() || to.array()) {
            return "22000";
        }
        return switch (to.name()) {
            case "character varying", "character", "bit", "bit varying" -> "22001";
            case "smallint", "integer", "bigint", "numeric", "real", "double precision" -> "22003";
            default -> "22000";
        };
    }

    /** A value as the message shows it: quoted, cut to {@link #SHOWN} characters with its full length. */
    private static String shown(String value) {
        String text = value + "::text";
        return "CASE WHEN length(" + text + ") > " + SHOWN + " THEN quote_literal(left(" + text + ", " + SHOWN
                + ")) || '... (' || length(" + text + ") || ' characters)' ELSE quote_nullable(" + text + ") END";
    }
}
