package dev.strata.plan;

import dev.strata.ddl.Statement;
import dev.strata.ddl.StatementRenderer;
import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.model.QualifiedName;

import java.util.List;
import java.util.Objects;

/**
 * What a retained drop keeps (docs/retention.md) and where. The step's inverse brings it back; {@code strata
 * restore} finds the steps to undo by this marker, never by their SQL.
 */
public sealed interface Retention {

    /** What was dropped, as a user names it: {@code public.sessions}, or {@code public.users.email} for a column. */
    String object();

    /** The table in {@code strata_archive} that holds what was kept. */
    QualifiedName archived();

    /**
     * A dropped table, moved whole into {@code strata_archive}.
     *
     * @param table    the dropped table's name before the step
     * @param archived its name in {@code strata_archive} after it
     * @param validate the statements of the inverse that validate the foreign keys it re-adds: run each in its own
     *                 transaction, after the others, so the scan holds no lock that blocks writes
     */
    record KeptTable(QualifiedName table, QualifiedName archived, List<Statement> validate) implements Retention {

        public KeptTable {
            validate = List.copyOf(validate);
        }

        /** Equal when they run the same SQL: one read back from a saved plan holds its statements as text. */
        @Override
        public boolean equals(Object other) {
            return other instanceof KeptTable o && table.equals(o.table) && archived.equals(o.archived)
                    && StatementRenderer.render(validate).equals(StatementRenderer.render(o.validate));
        }

        @Override
        public int hashCode() {
            return Objects.hash(table, archived, StatementRenderer.render(validate));
        }

        @Override
        public String object() {
            return table.toString();
        }
    }

    /**
     * A dropped column whose values were copied, with the table's key, into a table of {@code strata_archive} before
     * the drop (docs/retention.md#dropped-columns).
     *
     * @param table    the table that held the column, and still does without it
     * @param column   the dropped column's name
     * @param archived the archive table: the key columns and the column, primary key on the key
     * @param key      the key columns, shared by the table and the archive
     * @param type     the column's type as SQL ({@code text COLLATE "C"}): {@code ADD COLUMN c type} brings it back
     *                 nullable and without a default, a catalog-only change
     * @param rebuild  what the drop took with it, as the statements that put it back once the values are in: one
     *                 group per thing (the default; NOT NULL through a NOT VALID check; each index, built
     *                 CONCURRENTLY; each constraint, attached USING INDEX or added NOT VALID then validated), each
     *                 statement run on its own in order, a failure skipping the rest of its group only
     */
    record KeptColumn(QualifiedName table, String column, QualifiedName archived, List<String> key, String type,
            List<List<Statement>> rebuild) implements Retention {

        public KeptColumn {
            key = List.copyOf(key);
            rebuild = rebuild.stream().map(List::copyOf).toList();
            if (key.isEmpty()) {
                throw new IllegalArgumentException("a kept column needs the key its values are kept by: " + table + "." + column);
            }
        }

        /** Equal when they run the same SQL: one read back from a saved plan holds its statements as text. */
        @Override
        public boolean equals(Object other) {
            return other instanceof KeptColumn o && table.equals(o.table) && column.equals(o.column)
                    && archived.equals(o.archived) && key.equals(o.key) && type.equals(o.type) && sql().equals(o.sql());
        }

        @Override
        public int hashCode() {
            return Objects.hash(table, column, archived, key, type, sql());
        }

        /** {@code ALTER TABLE table ADD COLUMN column type}: the column back, empty, catalog only. */
        public Statement addBack() {
            return TableStatement.Alter.of(table, new TableAction.AddKeptColumn(column, type));
        }

        /** The rebuild groups' SQL. */
        public List<List<String>> sql() {
            return rebuild.stream().map(StatementRenderer::render).toList();
        }

        @Override
        public String object() {
            return table + "." + column;
        }
    }
}
