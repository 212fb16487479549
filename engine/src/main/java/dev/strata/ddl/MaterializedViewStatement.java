package dev.strata.ddl;

import dev.strata.model.MaterializedView;
import dev.strata.model.ObjectName;
import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code CREATE MATERIALIZED VIEW … WITH [NO] DATA}, {@code DROP}, {@code ALTER … RENAME TO}, {@code REFRESH} and
 * {@code COMMENT ON MATERIALIZED VIEW} for the materialized views a project declares ({@link MaterializedView}); their
 * indexes are {@link IndexStatement}s on the materialized view. {@link RebindView} points a view that reads one at
 * whatever now bears its name (PostgreSQL binds a view to the relation, not to the name).
 */
public sealed interface MaterializedViewStatement extends ObjectStatement {

    static ObjectName named(QualifiedName view) {
        return ObjectName.of(MaterializedView.KIND, view);
    }

    /** The materialized view (or, for {@link RebindView}, the view) the statement is about. */
    QualifiedName view();

    // Most statements change a materialized view that already stands: they create and drop nothing, and come after the
    // step that gave it its name, when one did (a view built beside, an old one set aside).
    @Override
    default Set<ObjectName> creates() {
        return Set.of();
    }

    @Override
    default Set<ObjectName> drops() {
        return Set.of();
    }

    @Override
    default Set<ObjectName> needs() {
        return Set.of(named(view()));
    }

    /**
     * {@code CREATE MATERIALIZED VIEW view [WITH (storage parameters)] AS query WITH [NO] DATA}: runs the query unless
     * {@code withData} is false.
     */
    record Create(QualifiedName view, String query, boolean withData, Map<String, String> storageParameters)
            implements MaterializedViewStatement {

        public Create {
            storageParameters = Collections.unmodifiableMap(new LinkedHashMap<>(storageParameters));
        }

        public Create(QualifiedName view, String query, boolean withData) {
            this(view, query, withData, Map.of());
        }

        public String render() {
            return "CREATE MATERIALIZED VIEW " + Identifiers.qualified(view)
                    + (storageParameters.isEmpty() ? "" : " WITH (" + SqlRender.storageParameters(storageParameters) + ")")
                    + " AS\n" + StatementRenderer.viewQuery(query) + "\nWITH " + (withData ? "DATA" : "NO DATA");
        }

        public Set<ObjectName> creates() {
            // A materialized view is also its row type, which a function or a composite type may name.
            return Set.of(named(view), ObjectName.of(ObjectName.TYPE, view));
        }

        public Set<ObjectName> needs() {
            return Set.of(ObjectName.of(ObjectName.SCHEMA, view.schema(), view.schema()), ObjectName.query(view, query));
        }
    }

    record Drop(QualifiedName view) implements MaterializedViewStatement {
        public String render() {
            return "DROP MATERIALIZED VIEW " + Identifiers.qualified(view);
        }

        public Set<ObjectName> drops() {
            return Set.of(named(view), ObjectName.of(ObjectName.TYPE, view));
        }
    }

    /**
     * {@code ALTER MATERIALIZED VIEW view SET (…)} and {@code RESET (…)}: storage parameters take effect for later writes
     * and vacuums, no row is rewritten.
     */
    record SetStorage(QualifiedName view, Map<String, String> set, List<String> reset) implements MaterializedViewStatement {

        public SetStorage {
            set = Collections.unmodifiableMap(new LinkedHashMap<>(set));
            reset = List.copyOf(reset);
            if (set.isEmpty() && reset.isEmpty()) {
                throw new IllegalArgumentException("nothing to set or reset on materialized view " + view);
            }
        }

        public String render() {
            List<String> actions = new ArrayList<>();
            if (!set.isEmpty()) {
                actions.add("SET (" + SqlRender.storageParameters(set) + ")");
            }
            if (!reset.isEmpty()) {
                actions.add("RESET (" + reset.stream().map(SqlRender::storageParameterName).collect(Collectors.joining(", ")) + ")");
            }
            return "ALTER MATERIALIZED VIEW " + Identifiers.qualified(view) + " " + String.join(", ", actions);
        }
    }

    /** {@code ALTER MATERIALIZED VIEW view RENAME TO to}: its indexes and the views reading it stay with it. */
    record Rename(QualifiedName view, String to) implements MaterializedViewStatement {
        public String render() {
            return "ALTER MATERIALIZED VIEW " + Identifiers.qualified(view) + " RENAME TO " + Identifiers.quote(to);
        }

        public Set<ObjectName> creates() {
            QualifiedName renamed = QualifiedName.of(view.schema(), to);
            return Set.of(named(renamed), ObjectName.of(ObjectName.TYPE, renamed));
        }

        public Set<ObjectName> drops() {
            return Set.of(named(view), ObjectName.of(ObjectName.TYPE, view));
        }
    }

    /** {@code REFRESH MATERIALIZED VIEW [CONCURRENTLY] view [WITH NO DATA]}. */
    record Refresh(QualifiedName view, boolean withData, boolean concurrently) implements MaterializedViewStatement {
        public Refresh {
            if (concurrently && !withData) {
                throw new IllegalArgumentException("REFRESH … CONCURRENTLY cannot be WITH NO DATA");
            }
        }

        public String render() {
            return "REFRESH MATERIALIZED VIEW " + (concurrently ? "CONCURRENTLY " : "") + Identifiers.qualified(view)
                    + (withData ? "" : " WITH NO DATA");
        }
    }

    /** {@code COMMENT ON MATERIALIZED VIEW … IS …}; empty text removes the comment ({@code IS NULL}). */
    record Comment(QualifiedName view, Optional<String> text) implements MaterializedViewStatement {
        public String render() {
            return "COMMENT ON MATERIALIZED VIEW " + Identifiers.qualified(view) + " IS "
                    + text.map(Literals::quote).orElse("NULL");
        }
    }

    /**
     * {@code CREATE OR REPLACE VIEW view AS query} with the view's own, unchanged query: it then reads the relations its
     * names resolve to now (a materialized view just swapped in under the name it reads). The view keeps its columns,
     * so PostgreSQL accepts the replacement as long as the new relation gives them the same types.
     */
    record RebindView(QualifiedName view, String query) implements MaterializedViewStatement {
        public String render() {
            return "CREATE OR REPLACE VIEW " + Identifiers.qualified(view) + " AS\n" + StatementRenderer.viewQuery(query);
        }

        public Set<ObjectName> needs() {
            return Set.of(ObjectName.of(ObjectName.VIEW, view), ObjectName.query(view, query));
        }
    }

    /** What makes {@code view} (named {@code name}) from nothing: the view, its comment, its indexes and theirs. */
    static List<Statement> build(QualifiedName name, MaterializedView view) {
        List<Statement> statements = new ArrayList<>();
        statements.add(new Create(name, view.query(), view.populated(), view.storageParameters()));
        view.comment().ifPresent(c -> statements.add(new Comment(name, view.comment())));
        view.indexes().forEach(i -> {
            statements.add(new IndexStatement.Create(name, i, false, false));
            i.comment().ifPresent(c -> statements.add(CommentOn.index(name, i.name(), i.comment())));
        });
        return List.copyOf(statements);
    }

    ObjectDdl<MaterializedView> DDL = new ObjectDdl<>() {
        public String kind() {
            return MaterializedView.KIND;
        }

        public Class<MaterializedView> type() {
            return MaterializedView.class;
        }

        public Placement placement() {
            return Placement.WITH_VIEWS;
        }

        public List<Statement> create(QualifiedName name, MaterializedView view) {
            return build(name, view);
        }
    };
}
