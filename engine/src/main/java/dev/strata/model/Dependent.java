package dev.strata.model;

import java.util.List;

/**
 * An object the catalog records as depending on a table Strata manages, or on some of its columns, that the
 * plan cannot see through the model alone: a foreign key of an inheritance child or a table outside
 * the schemas read, or a view (Strata's own or not) reading the table. PostgreSQL refuses to drop what it depends
 * on, so a plan that drops or rebuilds that column or table would stop half-way; the planner refuses it instead.
 *
 * @param kind     what it is, in PostgreSQL's words ("foreign key", "view", "materialized view")
 * @param identity how PostgreSQL names it ({@code pg_identify_object}), e.g. {@code fk on public.events}
 * @param table    the managed table it depends on, or the view (itself or its row type: a function, a column of that
 *                 type, a rule; no columns then) — a view Strata replaces is dropped first
 * @param columns  the columns of {@code table} it depends on (sorted); empty when only the table as a whole
 */
public record Dependent(String kind, String identity, QualifiedName table, List<String> columns)
        implements Comparable<Dependent> {

    public Dependent {
        columns = List.copyOf(columns);
    }

    @Override
    public int compareTo(Dependent other) {
        int c = table.compareTo(other.table);
        if (c == 0) {
            c = kind.compareTo(other.kind);
        }
        return c != 0 ? c : identity.compareTo(other.identity);
    }
}
