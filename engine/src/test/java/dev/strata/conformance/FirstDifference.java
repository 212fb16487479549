package dev.strata.conformance;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The first place two catalogs differ, walking schemas, then enums, sequences, tables (comment,
 * columns, keys, constraints, indexes) and views, so a report can say which kind of object a
 * round trip failed to preserve without dumping the models.
 */
final class FirstDifference {

    /**
     * @param kind     groups failures ("column", "view")
     * @param object   names the example
     * @param expected the expected side as the model prints it ("absent" when missing), for {@code --explain}
     * @param actual   the actual side, likewise
     */
    record Difference(String kind, String object, String expected, String actual) {}

    private FirstDifference() {}

    /**
     * As {@link #between}, but a table whose columns differ only in order is no difference: PostgreSQL cannot reorder
     * columns in place, so the planner plans no change for it (only a warning), and convergence must not count it.
     */
    static Optional<Difference> ignoringColumnOrder(Catalog expected, Catalog actual) {
        return between(expected, new Catalog(actual.schemas().stream().map(s -> s.withTables(s.tables().stream()
                .map(t -> expected.table(QualifiedName.of(s.name(), t.name())).map(e -> inOrderOf(e, t)).orElse(t))
                .toList())).toList()));
    }

    private static Table inOrderOf(Table expected, Table actual) {
        List<Column> reordered = expected.columns().stream().map(c -> actual.column(c.name()))
                .flatMap(Optional::stream).toList();
        return reordered.size() == actual.columns().size() ? actual.withColumns(reordered) : actual;
    }

    static Optional<Difference> between(Catalog expected, Catalog actual) {
        List<Difference> found = new ArrayList<>();
        byName(expected.schemas(), actual.schemas(), Schema::name, "schema", "", found, (e, a, at) -> {
            byName(e.enums(), a.enums(), x -> x.name(), "enum", at, found, leaf("enum", found));
            byName(e.sequences(), a.sequences(), x -> x.name(), "sequence", at, found, leaf("sequence", found));
            byName(e.tables(), a.tables(), Table::name, "table", at, found, (te, ta, tat) -> table(te, ta, tat, found));
            byName(e.views(), a.views(), x -> x.name(), "view", at, found, leaf("view", found));
            if (found.isEmpty() && !e.views().equals(a.views())) {
                found.add(new Difference("view order", at, names(e.views()), names(a.views())));
            }
        });
        if (found.isEmpty() && !expected.equals(actual)) {
            found.add(new Difference("other", "", expected.toString(), actual.toString()));
        }
        return found.stream().findFirst();
    }

    private static void table(Table e, Table a, String at, List<Difference> found) {
        compare("table comment", at, e.comment(), a.comment(), found);
        byName(e.columns(), a.columns(), c -> c.name(), "column", at, found, leaf("column", found));
        if (found.isEmpty() && !e.columns().equals(a.columns())) {
            found.add(new Difference("column order", at, names(e.columns()), names(a.columns())));
        }
        compare("primary key", at, e.primaryKey(), a.primaryKey(), found);
        byName(e.uniqueConstraints(), a.uniqueConstraints(), u -> u.name(), "unique constraint", at, found, leaf("unique constraint", found));
        byName(e.foreignKeys(), a.foreignKeys(), f -> f.name(), "foreign key", at, found, leaf("foreign key", found));
        byName(e.checks(), a.checks(), c -> c.name(), "check constraint", at, found, leaf("check constraint", found));
        byName(e.exclusions(), a.exclusions(), x -> x.name(), "exclusion constraint", at, found, leaf("exclusion constraint", found));
        byName(e.indexes(), a.indexes(), i -> i.name(), "index", at, found, leaf("index", found));
        if (found.isEmpty() && !e.equals(a)) {
            found.add(new Difference("table", at, e.toString(), a.toString()));
        }
    }

    private interface Inner<T> {
        void compare(T expected, T actual, String at);
    }

    private static <T> Inner<T> leaf(String kind, List<Difference> found) {
        return (e, a, at) -> compare(kind, at, e, a, found);
    }

    private static void compare(String kind, String at, Object expected, Object actual, List<Difference> found) {
        if (found.isEmpty() && !Objects.equals(expected, actual)) {
            found.add(new Difference(kind, at, String.valueOf(expected), String.valueOf(actual)));
        }
    }

    /** Objects present on one side only are reported as "{@code kind} missing" or "{@code kind} extra". */
    private static <T> void byName(List<T> expected, List<T> actual, Function<T, String> name, String kind,
            String parent, List<Difference> found, Inner<T> inner) {
        if (!found.isEmpty()) {
            return;
        }
        Map<String, T> e = index(expected, name);
        Map<String, T> a = index(actual, name);
        for (String n : new TreeSet<>(e.keySet())) {
            String at = parent.isEmpty() ? n : parent + "." + n;
            if (!a.containsKey(n)) {
                found.add(new Difference(kind + " missing", at, e.get(n).toString(), "absent"));
                return;
            }
            inner.compare(e.get(n), a.get(n), at);
            if (!found.isEmpty()) {
                return;
            }
        }
        for (String n : new TreeSet<>(a.keySet())) {
            if (!e.containsKey(n)) {
                found.add(new Difference(kind + " extra", parent.isEmpty() ? n : parent + "." + n, "absent", a.get(n).toString()));
                return;
            }
        }
    }

    private static String names(List<?> items) {
        return items.stream().map(i -> i instanceof dev.strata.model.View v ? v.name()
                : i instanceof dev.strata.model.Column c ? c.name() : i.toString()).toList().toString();
    }

    private static <T> Map<String, T> index(List<T> items, Function<T, String> name) {
        Map<String, T> byName = new LinkedHashMap<>();
        items.forEach(item -> byName.put(name.apply(item), item));
        return byName;
    }
}
