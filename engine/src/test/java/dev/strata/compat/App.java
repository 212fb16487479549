package dev.strata.compat;

import java.util.List;
import java.util.stream.Collectors;

/** The statements one application version runs against one table: insert with RETURNING, update, and reads. */
record App(String table, List<AppField> fields) {

    static App on(String table, AppField... fields) {
        return new App(table, List.of(fields));
    }

    String insertSql() {
        return "INSERT INTO " + table + " (" + fields.stream().map(AppField::column).collect(Collectors.joining(", "))
                + ") VALUES (" + fields.stream().map(f -> "?").collect(Collectors.joining(", ")) + ") RETURNING id, "
                + selectList();
    }

    String updateSql() {
        return "UPDATE " + table + " SET " + fields.stream().map(f -> f.column() + " = ?").collect(Collectors.joining(", "))
                + " WHERE id = ?";
    }

    String selectSql() {
        return "SELECT " + selectList() + " FROM " + table + " WHERE id = ?";
    }

    /** Never prepared: a cached {@code SELECT *} fails after any column is added or dropped (0A000, PostgreSQL's rule). */
    String starSql(long id) {
        return "SELECT * FROM " + table + " WHERE id = " + id;
    }

    private String selectList() {
        return fields.stream().map(AppField::selectItem).collect(Collectors.joining(", "));
    }
}
