package dev.strata.plan;

import dev.strata.model.DataType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which type changes PostgreSQL does in the catalog alone (binary-coercible, no rewrite), per the
 * ALTER TABLE notes and the 9.1/9.2 release notes (docs/locks.md#row-19 and #row-20). Every other change
 * rewrites the table under ACCESS EXCLUSIVE and is planned as a new column instead.
 */
public final class TypeChanges {

    private static final Set<String> PRECISION_TYPES = Set.of(
            "timestamp without time zone", "timestamp with time zone", "time without time zone",
            "time with time zone", "interval");

    private TypeChanges() {}

    public static boolean isCatalogOnly(DataType from, DataType to) {
        if (from.array() != to.array() || !from.isBuiltin() || !to.isBuiltin()) {
            return false;
        }
        String f = from.name();
        String t = to.name();
        List<Integer> fm = from.modifiers();
        List<Integer> tm = to.modifiers();
        if (isText(f) && t.equals("text")) {
            return true;
        }
        if (f.equals("text") && t.equals("character varying") && tm.isEmpty()) {
            return true;
        }
        if (f.equals("character varying") && t.equals("character varying")) {
            return tm.isEmpty() || (!fm.isEmpty() && tm.get(0) >= fm.get(0));
        }
        if (f.equals("bit varying") && t.equals("bit varying")) {
            return tm.isEmpty() || (!fm.isEmpty() && tm.get(0) >= fm.get(0));
        }
        if (f.equals("numeric") && t.equals("numeric")) {
            if (tm.isEmpty()) {
                return true;
            }
            if (fm.isEmpty()) {
                return false;
            }
            int fScale = fm.size() > 1 ? fm.get(1) : 0;
            int tScale = tm.size() > 1 ? tm.get(1) : 0;
            return fScale == tScale && tm.get(0) >= fm.get(0);
        }
        if (f.equals(t) && PRECISION_TYPES.contains(f)) {
            return tm.isEmpty() || (!fm.isEmpty() && tm.get(0) >= fm.get(0));
        }
        return f.equals("cidr") && t.equals("inet");
    }

    /** Decimal digits of the largest value of each integer type, and its rank by range. */
    private static final Map<String, Integer> INTEGER_DIGITS = Map.of("smallint", 5, "integer", 10, "bigint", 19);
    private static final Set<String> STRING_TYPES = Set.of("text", "character varying", "character");

    /**
     * Why {@code CAST(value AS to)} may not keep every value of {@code from} (a value that does not fit,
     * digits that would be rounded, a spelling that does not convert back), or empty when every value
     * converts exactly and back. The executor checks each value regardless (docs/type-changes.md); this
     * is what the plan tells the reviewer before anything runs. Unknown pairs are reported, never assumed
     * safe.
     */
    public static Optional<String> mayNotFit(DataType from, DataType to) {
        if (from.equals(to) || isCatalogOnly(from, to)) {
            return Optional.empty();
        }
        if (from.array() != to.array()) {
            return Optional.of("an array and a single value do not convert into each other unchanged");
        }
        if (!from.isBuiltin() || !to.isBuiltin()) {
            return from.isBuiltin() || !isUnboundedText(to)
                    ? Optional.of("not every value of " + from + " is known to convert to " + to + " and back unchanged")
                    : Optional.empty();
        }
        String f = from.name();
        String t = to.name();
        List<Integer> fm = from.modifiers();
        List<Integer> tm = to.modifiers();
        if (STRING_TYPES.contains(f) && STRING_TYPES.contains(t)) {
            return stringFit(f, fm, t, tm);
        }
        if (isUnboundedText(to)) {
            return Optional.empty();
        }
        if (STRING_TYPES.contains(f)) {
            return Optional.of("a value converts back unchanged only when it is spelled exactly as PostgreSQL prints "
                    + to + " (e.g. '007' would become 7); state the conversion with using: to accept other spellings");
        }
        if (INTEGER_DIGITS.containsKey(f)) {
            return integerFit(f, t, tm, to);
        }
        if (f.equals("numeric")) {
            return numericFit(fm, t, tm, to);
        }
        if (f.equals("real") || f.equals("double precision")) {
            if (f.equals("real") && t.equals("double precision")) {
                return Optional.empty();
            }
            return Optional.of(switch (t) {
                case "smallint", "integer", "bigint" -> "fractions would be rounded to whole numbers, and values outside the range of "
                        + to + " (or NaN, Infinity) do not fit";
                case "real" -> "digits beyond the precision of real would be rounded";
                case "numeric" -> "NaN and Infinity do not fit a constrained numeric, and digits beyond its scale would be rounded";
                default -> "not every value of " + from + " is known to convert to " + to + " and back unchanged";
            });
        }
        if (f.equals(t) && PRECISION_TYPES.contains(f)) {
            return Optional.of("fractional seconds beyond " + tm.getFirst() + " digits would be rounded");
        }
        if (f.equals("date") && t.startsWith("timestamp ") && tm.isEmpty()) {
            return Optional.empty();
        }
        if (f.startsWith("timestamp ") && t.startsWith("timestamp ")) {
            return Optional.of("the conversion depends on the session's TimeZone, and a local time that daylight saving"
                    + " skips or repeats does not convert back" + (tm.isEmpty() || (!fm.isEmpty() && tm.getFirst() >= fm.getFirst())
                    ? "" : "; fractional seconds beyond " + tm.getFirst() + " digits would be rounded"));
        }
        if ((f.equals("bit") || f.equals("bit varying")) && (t.equals("bit") || t.equals("bit varying"))) {
            if (t.equals("bit varying") && (tm.isEmpty() || (!fm.isEmpty() && tm.getFirst() >= fm.getFirst()))) {
                return Optional.empty();
            }
            return Optional.of(t.equals("bit") ? "bit strings that are not exactly " + tm.getFirst() + " bits long do not fit"
                    : "bit strings longer than " + tm.getFirst() + " bits do not fit");
        }
        return Optional.of("not every value of " + from + " is known to convert to " + to + " and back unchanged");
    }

    private static Optional<String> stringFit(String f, List<Integer> fm, String t, List<Integer> tm) {
        int fromLength = fm.isEmpty() ? Integer.MAX_VALUE : fm.getFirst();
        int toLength = tm.isEmpty() ? Integer.MAX_VALUE : tm.getFirst();
        List<String> reasons = new java.util.ArrayList<>();
        if (fromLength > toLength) {
            reasons.add("values longer than " + toLength + " characters do not fit");
        }
        // character(n) pads with spaces that a varchar or text value may lack (or carry on purpose).
        if (t.equals("character") && !f.equals("character")) {
            reasons.add("trailing spaces are not kept by character(" + toLength + ")");
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join(", and ", reasons));
    }

    private static Optional<String> integerFit(String f, String t, List<Integer> tm, DataType to) {
        int digits = INTEGER_DIGITS.get(f);
        if (INTEGER_DIGITS.containsKey(t)) {
            return INTEGER_DIGITS.get(t) >= digits ? Optional.empty()
                    : Optional.of("values outside the range of " + to + " do not fit");
        }
        if (t.equals("numeric")) {
            int room = tm.isEmpty() ? Integer.MAX_VALUE : tm.getFirst() - (tm.size() > 1 ? tm.get(1) : 0);
            return room >= digits ? Optional.empty()
                    : Optional.of("values with more than " + room + " digits before the decimal point do not fit");
        }
        // double precision holds every integer up to 2^53, real up to 2^24.
        if (t.equals("double precision") && !f.equals("bigint") || t.equals("real") && f.equals("smallint")) {
            return Optional.empty();
        }
        if (t.equals("double precision") || t.equals("real")) {
            return Optional.of("integers too large for the precision of " + to + " would be rounded");
        }
        return Optional.of("not every value of " + f + " is known to convert to " + to + " and back unchanged");
    }

    private static Optional<String> numericFit(List<Integer> fm, String t, List<Integer> tm, DataType to) {
        if (INTEGER_DIGITS.containsKey(t)) {
            return Optional.of("fractions would be rounded to whole numbers, and values outside the range of " + to + " do not fit");
        }
        if (t.equals("real") || t.equals("double precision")) {
            return Optional.of("digits beyond the precision of " + to + " would be rounded");
        }
        if (!t.equals("numeric") || tm.isEmpty()) {
            return Optional.of("not every value of numeric is known to convert to " + to + " and back unchanged");
        }
        int toScale = tm.size() > 1 ? tm.get(1) : 0;
        int toRoom = tm.getFirst() - toScale;
        List<String> reasons = new java.util.ArrayList<>();
        if (fm.isEmpty() || (fm.size() > 1 ? fm.get(1) : 0) > toScale) {
            reasons.add("digits beyond " + toScale + (toScale == 1 ? " decimal place" : " decimal places") + " would be rounded");
        }
        if (fm.isEmpty() || fm.getFirst() - (fm.size() > 1 ? fm.get(1) : 0) > toRoom) {
            reasons.add("values with more than " + toRoom + " digits before the decimal point do not fit");
        }
        return reasons.isEmpty() ? Optional.empty() : Optional.of(String.join(", and ", reasons));
    }

    private static boolean isUnboundedText(DataType type) {
        return type.isBuiltin() && (type.name().equals("text") || type.name().equals("character varying") && type.modifiers().isEmpty());
    }

    private static boolean isText(String name) {
        return name.equals("character varying") || name.equals("text");
    }
}
