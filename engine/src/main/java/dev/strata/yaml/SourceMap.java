package dev.strata.yaml;

import dev.strata.model.ObjectName;
import dev.strata.model.QualifiedName;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where each model element was declared, so that later stages (the planner validating an
 * expression against a server) can report problems at the user's line and column.
 */
public final class SourceMap {

    private enum Kind { TABLE, COLUMN, CONSTRAINT, INDEX, VIEW, ENUM, SEQUENCE, OBJECT }

    private record Key(Kind kind, QualifiedName object, String part, String detail) {}

    private final Map<Key, Location> locations;

    private SourceMap(Map<Key, Location> locations) {
        this.locations = Map.copyOf(locations);
    }

    public static SourceMap empty() {
        return new SourceMap(Map.of());
    }

    /** The table's name in its {@code tables:} map. */
    public Optional<Location> table(QualifiedName table) {
        return find(Kind.TABLE, table, "", "");
    }

    /**
     * The value of one key of a column declaration: {@code default}, {@code generated}, {@code using},
     * {@code backfill}, {@code type} (also the short form's value), {@code name} (the column's key),
     * {@code identity}, {@code collation}.
     */
    public Optional<Location> column(QualifiedName table, String column, String key) {
        return find(Kind.COLUMN, table, column, key);
    }

    /** A check constraint's expression (for other constraints: their declaration). */
    public Optional<Location> check(QualifiedName table, String constraintName) {
        return constraint(table, constraintName);
    }

    /** Any constraint's declaration (for a check: its expression). */
    public Optional<Location> constraint(QualifiedName table, String constraintName) {
        return find(Kind.CONSTRAINT, table, constraintName, "");
    }

    /** An index's declaration. */
    public Optional<Location> index(QualifiedName table, String indexName) {
        return find(Kind.INDEX, table, indexName, "");
    }

    /** An index's {@code where} predicate, falling back to the index's declaration. */
    public Optional<Location> indexWhere(QualifiedName table, String indexName) {
        return find(Kind.INDEX, table, indexName, "where").or(() -> index(table, indexName));
    }

    /** A view's definition. */
    public Optional<Location> view(QualifiedName view) {
        return find(Kind.VIEW, view, "", "");
    }

    public Optional<Location> enumType(QualifiedName type) {
        return find(Kind.ENUM, type, "", "");
    }

    public Optional<Location> sequence(QualifiedName sequence) {
        return find(Kind.SEQUENCE, sequence, "", "");
    }

    /** An object of a kind managed as a whole: its key in its section. */
    public Optional<Location> object(ObjectName object) {
        return find(Kind.OBJECT, object.name(), object.kind(), "");
    }

    private Optional<Location> find(Kind kind, QualifiedName object, String part, String detail) {
        return Optional.ofNullable(locations.get(new Key(kind, object, part, detail)));
    }

    static Builder builder() {
        return new Builder();
    }

    /** Collects locations while the reader builds the model; the first location recorded wins. */
    static final class Builder {
        private final Map<Key, Location> locations = new HashMap<>();

        private void put(Key key, Location location) {
            locations.putIfAbsent(key, location);
        }

        void table(QualifiedName table, Location at) {
            put(new Key(Kind.TABLE, table, "", ""), at);
        }

        void column(QualifiedName table, String column, String key, Location at) {
            put(new Key(Kind.COLUMN, table, column, key), at);
        }

        void constraint(QualifiedName table, String name, Location at) {
            put(new Key(Kind.CONSTRAINT, table, name, ""), at);
        }

        void index(QualifiedName table, String name, Location at) {
            put(new Key(Kind.INDEX, table, name, ""), at);
        }

        void indexWhere(QualifiedName table, String name, Location at) {
            put(new Key(Kind.INDEX, table, name, "where"), at);
        }

        void view(QualifiedName view, Location at) {
            put(new Key(Kind.VIEW, view, "", ""), at);
        }

        void enumType(QualifiedName type, Location at) {
            put(new Key(Kind.ENUM, type, "", ""), at);
        }

        void sequence(QualifiedName sequence, Location at) {
            put(new Key(Kind.SEQUENCE, sequence, "", ""), at);
        }

        void object(ObjectName object, Location at) {
            put(new Key(Kind.OBJECT, object.name(), object.kind(), ""), at);
        }

        SourceMap build() {
            return new SourceMap(locations);
        }
    }
}
