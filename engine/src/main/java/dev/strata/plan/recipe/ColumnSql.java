package dev.strata.plan.recipe;

import dev.strata.ddl.SqlRender;
import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;

import java.util.Optional;

/** The ALTER TABLE fragments the column recipes share. */
final class ColumnSql {

    private ColumnSql() {}

    static String alterTable(QualifiedName table) {
        return "ALTER TABLE " + Identifiers.qualified(table);
    }

    /** {@code ALTER TABLE t ALTER COLUMN c}, to be followed by an action. */
    static String alterColumn(QualifiedName table, String column) {
        return alterTable(table) + " ALTER COLUMN " + Identifiers.quote(column);
    }

    /** {@code ADD COLUMN IF NOT EXISTS} with the definition as given (no identity, no generation unless present). */
    static String addColumn(QualifiedName table, Column column) {
        return alterTable(table) + " ADD COLUMN IF NOT EXISTS " + SqlRender.columnDefinition(column);
    }

    static String dropColumn(QualifiedName table, String column) {
        return alterTable(table) + " DROP COLUMN IF EXISTS " + Identifiers.quote(column);
    }

    /** SET DEFAULT (expression) or DROP DEFAULT. */
    static String setDefault(QualifiedName table, String column, Optional<String> expression) {
        return alterColumn(table, column) + expression.map(e -> " SET DEFAULT (" + e + ")").orElse(" DROP DEFAULT");
    }

    /** {@code nextval('schema.seq'::regclass)}: the sequence name is a literal that regclass parses as SQL names. */
    static String nextval(QualifiedName sequence) {
        return "nextval(" + Literals.quote(Identifiers.qualified(sequence)) + "::regclass)";
    }

    static String where(QualifiedName table, String column) {
        return table + "." + column;
    }
}
