package dev.strata.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

/**
 * One change kind as the application sees it: the schema before and after (YAML), the statements of the old and
 * the new application version, and where every acknowledged write must be found once CONTRACT is done.
 */
final class Scenario {

    /** What a final form receives for an attribute the row's writer never wrote. */
    static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "<not written>";
        }
    };

    /**
     * Where an attribute ends up, and in which form: a function of the value last written ({@link #ABSENT} when its
     * writer did not write it) and of the whole row as last written.
     */
    record FinalColumn(String attr, String column, BiFunction<Object, Map<String, Object>, Object> form) {}

    /** The table every row of one application version ends in; empty when CONTRACT drops them by design. */
    record FinalView(String table, List<FinalColumn> columns) {}

    final String kind;
    String current;
    String desired;
    final List<String> setup = new ArrayList<>();
    App oldApp;
    App newApp;
    Optional<FinalView> oldRowsEnd = Optional.empty();
    FinalView newRowsEnd;

    private Scenario(String kind) {
        this.kind = kind;
    }

    static Scenario kind(String kind) {
        return new Scenario(kind);
    }

    Scenario current(String yaml) {
        current = yaml;
        return this;
    }

    Scenario desired(String yaml) {
        desired = yaml;
        return this;
    }

    /** SQL run after creating the current schema, before any application starts (reference rows, say). */
    Scenario setup(String sql) {
        setup.add(sql);
        return this;
    }

    Scenario oldApp(App app) {
        oldApp = app;
        return this;
    }

    Scenario newApp(App app) {
        newApp = app;
        return this;
    }

    /** Where the rows of both versions end. */
    Scenario end(String table, FinalColumn... columns) {
        newRowsEnd = new FinalView(table, List.of(columns));
        oldRowsEnd = Optional.of(newRowsEnd);
        return this;
    }

    /** The old version's rows are deleted by CONTRACT on purpose (a dropped table); the new version's end here. */
    Scenario endOfNewRowsOnly(String table, FinalColumn... columns) {
        newRowsEnd = new FinalView(table, List.of(columns));
        oldRowsEnd = Optional.empty();
        return this;
    }

    static FinalColumn col(String attr) {
        return new FinalColumn(attr, attr, (v, row) -> v);
    }

    static FinalColumn col(String attr, String column) {
        return new FinalColumn(attr, column, (v, row) -> v);
    }

    static FinalColumn col(String attr, String column, UnaryOperator<Object> form) {
        return new FinalColumn(attr, column, (v, row) -> form.apply(v));
    }

    static FinalColumn col(String attr, String column, BiFunction<Object, Map<String, Object>, Object> form) {
        return new FinalColumn(attr, column, form);
    }

    @Override
    public String toString() {
        return kind;
    }
}
