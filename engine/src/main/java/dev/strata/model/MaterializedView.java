package dev.strata.model;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * {@code CREATE MATERIALIZED VIEW name AS query WITH [NO] DATA}, its indexes and its comment. The query is
 * {@code pg_get_viewdef}'s text (as a view's); {@code populated} is false for one created (or refreshed) {@code WITH NO
 * DATA}, which reads nothing until refreshed. Indexes are in name order and compare like a table's: their comments
 * are no part of their definition. {@code storageParameters} are its {@code WITH (…)} ({@code pg_class.reloptions}:
 * {@code fillfactor}, {@code autovacuum_*}, {@code toast.*}) in the order PostgreSQL keeps them; {@link Map#equals}
 * compares them as a set, as an index's.
 */
public record MaterializedView(String name, String query, boolean populated, List<Index> indexes,
                               Optional<String> comment, Map<String, String> storageParameters) implements SchemaObject {

    public static final String KIND = "materialized view";

    public MaterializedView {
        Names.requireValid(name, "materialized view");
        if (query.isBlank()) {
            throw new IllegalArgumentException("materialized view " + name + " has an empty query");
        }
        indexes = indexes.stream().sorted(Comparator.comparing(Index::name)).toList();
        storageParameters = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(storageParameters));
        if (indexes.stream().map(Index::name).distinct().count() != indexes.size()) {
            throw new IllegalArgumentException("materialized view " + name + " has two indexes of the same name");
        }
    }

    /** One without storage parameters. */
    public MaterializedView(String name, String query, boolean populated, List<Index> indexes, Optional<String> comment) {
        this(name, query, populated, indexes, comment, Map.of());
    }

    public MaterializedView withStorageParameters(Map<String, String> parameters) {
        return new MaterializedView(name, query, populated, indexes, comment, parameters);
    }

    /** A record's text, without {@code storageParameters} while there are none: saved plans' catalog fingerprints hash it. */
    @Override
    public String toString() {
        return "MaterializedView[name=" + name + ", query=" + query + ", populated=" + populated + ", indexes=" + indexes
                + ", comment=" + comment + (storageParameters.isEmpty() ? "" : ", storageParameters=" + storageParameters) + "]";
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String key() {
        return name;
    }

    public Optional<Index> index(String indexName) {
        return indexes.stream().filter(i -> i.name().equals(indexName)).findFirst();
    }

    /** The same contents under another name (the copy a changed query is built as, beside the live one). */
    public MaterializedView named(String newName) {
        return new MaterializedView(newName, query, populated, indexes, comment, storageParameters);
    }

    /** Whether {@code current} holds the rows this one asks for: same query (as PostgreSQL prints it) and population. */
    public boolean sameContents(MaterializedView current) {
        return sameQuery(current) && current.populated == populated;
    }

    /**
     * The same query text once runs of white space are collapsed: a declared query is compared after the server printed
     * it ({@code catalog.ServerCanonicalizer}), as a pulled one is, so the text is the comparison.
     */
    public boolean sameQuery(MaterializedView current) {
        return normalized(current.query).equals(normalized(query));
    }

    private static String normalized(String sql) {
        return sql.strip().replaceAll("\\s+", " ");
    }

    /** Index {@code desired}'s definition (not its comment) is {@code current}'s; expressions compare as the differ's do. */
    public static boolean sameIndex(Index current, Index desired, BiPredicate<String, String> sameExpression) {
        if (current.unique() != desired.unique() || current.nullsNotDistinct() != desired.nullsNotDistinct()
                || !current.method().equals(desired.method()) || !current.include().equals(desired.include())
                || !current.storageParameters().equals(desired.storageParameters())
                || current.keys().size() != desired.keys().size()
                || current.where().isPresent() != desired.where().isPresent()) {
            return false;
        }
        for (int i = 0; i < desired.keys().size(); i++) {
            IndexKey c = current.keys().get(i);
            IndexKey d = desired.keys().get(i);
            if (!c.opclass().equals(d.opclass()) || c.descending() != d.descending() || c.nullsFirst() != d.nullsFirst()) {
                return false;
            }
            boolean same = switch (d.target()) {
                case IndexKey.ColumnTarget col -> col.equals(c.target());
                case IndexKey.ExpressionTarget e -> c.target() instanceof IndexKey.ExpressionTarget ce
                        && sameExpression.test(ce.sql(), e.sql());
            };
            if (!same) {
                return false;
            }
        }
        return desired.where().isEmpty() || sameExpression.test(current.where().get(), desired.where().get());
    }

    /**
     * The query as text and population compare by value (the server prints a declared query the way it prints a pulled
     * one: {@code catalog.ServerCanonicalizer}); indexes by name, definition and comment.
     */
    @Override
    public boolean satisfiedBy(SchemaObject current, BiPredicate<String, String> sameExpression) {
        if (!(current instanceof MaterializedView m) || !m.name.equals(name) || !sameContents(m)
                || !m.comment.equals(comment) || !m.storageParameters.equals(storageParameters)) {
            return false;
        }
        Map<String, Index> live = m.indexes.stream().collect(Collectors.toMap(Index::name, i -> i));
        return live.keySet().equals(indexes.stream().map(Index::name).collect(Collectors.toSet()))
                && indexes.stream().allMatch(i -> sameIndex(live.get(i.name()), i, sameExpression)
                        && live.get(i.name()).comment().equals(i.comment()));
    }

    /** Its schema (through its name) and what its query reads. */
    @Override
    public Set<ObjectName> needs(String schema) {
        return Set.of(ObjectName.of(ObjectName.SCHEMA, schema, schema), ObjectName.query(QualifiedName.of(schema, name), query));
    }

    /**
     * The unique index {@code REFRESH MATERIALIZED VIEW CONCURRENTLY} can use: PostgreSQL asks for one on plain columns,
     * without {@code WHERE}; the first such by name.
     */
    public Optional<Index> refreshKey() {
        return indexes.stream().filter(i -> i.unique() && i.where().isEmpty()
                && i.keys().stream().allMatch(k -> k.target() instanceof IndexKey.ColumnTarget)).findFirst();
    }
}
