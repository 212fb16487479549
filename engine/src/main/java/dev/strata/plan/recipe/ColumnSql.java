package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.ddl.Statement;
import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;

import java.util.Optional;

/** The ALTER TABLE statements the column recipes share. */
final class ColumnSql {

    private ColumnSql() {}

    /** {@code ALTER TABLE t ALTER COLUMN c action}. */
    static Statement alterColumn(QualifiedName table, String column, ColumnAction action) {
        return TableStatement.Alter.column(table, column, action);
    }

    /** {@code ADD COLUMN IF NOT EXISTS} with the definition as given (no identity, no generation unless present). */
    static Statement addColumn(QualifiedName table, Column column) {
        return TableStatement.Alter.of(table, new TableAction.AddColumn(column, true));
    }

    static Statement dropColumn(QualifiedName table, String column) {
        return TableStatement.Alter.of(table, new TableAction.DropColumn(column, true));
    }

    /** SET DEFAULT (expression) or DROP DEFAULT. */
    static Statement setDefault(QualifiedName table, String column, Optional<String> expression) {
        return alterColumn(table, column, expression.<ColumnAction>map(ColumnAction.SetDefault::new)
                .orElseGet(ColumnAction.DropDefault::new));
    }

    /** {@code nextval('schema.seq'::regclass)}: the sequence name is a literal that regclass parses as SQL names. */
    static String nextval(QualifiedName sequence) {
        return "nextval(" + Literals.quote(Identifiers.qualified(sequence)) + "::regclass)";
    }

    static String where(QualifiedName table, String column) {
        return table + "." + column;
    }
}
