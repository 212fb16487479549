package dev.strata.plan;

import dev.strata.model.DataType;

import java.util.List;
import java.util.Set;

/**
 * Which type changes PostgreSQL does in the catalog alone (binary-coercible, no rewrite), per the
 * ALTER TABLE notes and the 9.1/9.2 release notes (reference rows 19–20). Every other change
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

    private static boolean isText(String name) {
        return name.equals("character varying") || name.equals("text");
    }
}
