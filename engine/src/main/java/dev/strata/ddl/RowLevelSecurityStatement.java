package dev.strata.ddl;

import dev.strata.model.ObjectName;
import dev.strata.model.RowLevelSecurity;
import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code ALTER TABLE t ENABLE | DISABLE ROW LEVEL SECURITY, FORCE | NO FORCE ROW LEVEL SECURITY}: a table's switches,
 * set to {@code to}; only those that differ from {@code from} are named. {@code after}: the policies that must exist
 * first (switching row-level security on before a table's policies exist hides its rows in between).
 */
public record RowLevelSecurityStatement(QualifiedName table, RowLevelSecurity from, RowLevelSecurity to,
                                        Set<ObjectName> after) implements ObjectStatement {

    public RowLevelSecurityStatement {
        if (from.equals(to)) {
            throw new IllegalArgumentException("row level security of " + table + " is unchanged");
        }
        after = Set.copyOf(after);
    }

    public RowLevelSecurityStatement(QualifiedName table, RowLevelSecurity from, RowLevelSecurity to) {
        this(table, from, to, Set.of());
    }

    public String render() {
        List<String> actions = new ArrayList<>();
        if (from.enabled() != to.enabled()) {
            actions.add((to.enabled() ? "ENABLE" : "DISABLE") + " ROW LEVEL SECURITY");
        }
        if (from.forced() != to.forced()) {
            actions.add((to.forced() ? "FORCE" : "NO FORCE") + " ROW LEVEL SECURITY");
        }
        return "ALTER TABLE " + Identifiers.qualified(table) + " " + String.join(", ", actions);
    }

    public Set<ObjectName> creates() {
        return Set.of();
    }

    public Set<ObjectName> drops() {
        return Set.of();
    }

    public Set<ObjectName> needs() {
        Set<ObjectName> needs = new java.util.LinkedHashSet<>(after);
        needs.add(ObjectName.of(ObjectName.TABLE, table));
        return needs;
    }
}
