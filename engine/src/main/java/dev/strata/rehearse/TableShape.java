package dev.strata.rehearse;

import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.sql.Identifiers;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The statements the old application runs on one table, from the table as it is before the plan: every column named
 * explicitly (the old application does not know the columns the plan adds), rows found by key.
 *
 * <ul>
 *   <li>{@code select}: all columns of one row by key;</li>
 *   <li>{@code update}: every column that is not part of the key, generated or an identity set to itself, by key
 *       (what an ORM saving an entity does: a row lock, ROW EXCLUSIVE, a new row version, WAL, and the plan's sync
 *       triggers fire); absent when there is no such column;</li>
 *   <li>{@code insert}: a copy of an existing row under a new key, only when the key is one column the server fills
 *       (identity or default) and no other unique constraint, unique index or exclusion constraint could reject the
 *       copy; otherwise absent, since a valid new row cannot be made without knowing the values' shapes.</li>
 * </ul>
 * A table without a primary key or a unique key of NOT NULL columns gets no statements: rows cannot be found by key.
 *
 * @param key    the key columns, whose values are sampled once at start and bound to each statement's parameters
 * @param notes  what the workload leaves out on this table and why, for the report
 */
record TableShape(QualifiedName table, List<String> key, Optional<String> select, Optional<String> update,
        Optional<String> insert, List<String> notes) {

    TableShape {
        key = List.copyOf(key);
        notes = List.copyOf(notes);
    }

    static TableShape of(QualifiedName name, Optional<Table> found) {
        if (found.isEmpty()) {
            return none(name, name + " is not in the current schema: no workload on it");
        }
        Table table = found.get();
        Optional<List<String>> key = table.primaryKey().map(pk -> pk.columns()).or(() -> table.uniqueConstraints().stream()
                .map(u -> u.columns())
                .filter(columns -> columns.stream().allMatch(c -> table.column(c).map(col -> !col.nullable()).orElse(false)))
                .findFirst());
        if (key.isEmpty()) {
            return none(name, name + " has no primary key or unique NOT NULL key: no workload on it (rows cannot be"
                    + " found by key)");
        }
        List<String> keyColumns = key.get();
        String qualified = Identifiers.qualified(name);
        String where = " WHERE " + String.join(" AND ", keyColumns.stream().map(c -> Identifiers.quote(c) + " = ?").toList());
        String select = "SELECT " + Identifiers.list(table.columns().stream().map(Column::name).toList()) + " FROM "
                + qualified + where;

        List<String> notes = new ArrayList<>();
        List<String> updatable = table.columns().stream()
                .filter(c -> !keyColumns.contains(c.name()) && c.generatedAs().isEmpty() && c.identity().isEmpty())
                .map(Column::name).toList();
        Optional<String> update = Optional.empty();
        if (updatable.isEmpty()) {
            notes.add(name + ": no UPDATE (every column is part of the key, generated or an identity)");
        } else {
            update = Optional.of("UPDATE " + qualified + " SET " + String.join(", ", updatable.stream()
                    .map(c -> Identifiers.quote(c) + " = " + Identifiers.quote(c)).toList()) + where);
        }

        Optional<String> insert = Optional.empty();
        Optional<String> noInsert = whyNoInsert(table, keyColumns);
        if (noInsert.isPresent()) {
            notes.add(name + ": no INSERT (" + noInsert.get() + ")");
        } else {
            List<String> copied = table.columns().stream()
                    .filter(c -> !keyColumns.contains(c.name()) && c.generatedAs().isEmpty() && c.identity().isEmpty())
                    .map(Column::name).toList();
            String columns = Identifiers.list(copied);
            insert = Optional.of("INSERT INTO " + qualified + " (" + columns + ") SELECT " + columns + " FROM "
                    + qualified + where);
        }
        return new TableShape(name, keyColumns, Optional.of(select), update, insert, notes);
    }

    private static Optional<String> whyNoInsert(Table table, List<String> key) {
        if (key.size() != 1) {
            return Optional.of("the key has several columns, whose new values cannot be made up");
        }
        Column keyColumn = table.column(key.getFirst()).orElseThrow();
        if (keyColumn.identity().isEmpty() && keyColumn.defaultValue().isEmpty()) {
            return Optional.of("the key " + keyColumn.name() + " has no default or identity to fill a new row's");
        }
        int uniques = table.uniqueConstraints().size() + (int) table.indexes().stream().filter(i -> i.unique()).count()
                + table.exclusions().size() + (table.primaryKey().isPresent() ? 1 : 0);
        if (uniques > 1) {
            return Optional.of("a unique or exclusion constraint besides the key would reject a copied row");
        }
        boolean onlyServerFilled = table.columns().stream()
                .allMatch(c -> key.contains(c.name()) || c.generatedAs().isPresent() || c.identity().isPresent());
        if (onlyServerFilled) {
            return Optional.of("no column to copy");
        }
        return Optional.empty();
    }

    private static TableShape none(QualifiedName name, String why) {
        return new TableShape(name, List.of(), Optional.empty(), Optional.empty(), Optional.empty(), List.of(why));
    }

    /** Whether the workload runs anything on the table. */
    boolean runs() {
        return select.isPresent();
    }

    /** The statement that samples up to {@code limit} keys, reading about {@code percent} % of the table's pages. */
    String sampleKeys(double percent, int limit) {
        return "SELECT " + Identifiers.list(key) + " FROM " + Identifiers.qualified(table) + " TABLESAMPLE SYSTEM ("
                + String.format(Locale.ROOT, "%.6f", percent) + ") LIMIT " + limit;
    }

    /** The first {@code limit} keys in the table's physical order, for a table too small to sample. */
    String firstKeys(int limit) {
        return "SELECT " + Identifiers.list(key) + " FROM " + Identifiers.qualified(table) + " LIMIT " + limit;
    }
}
