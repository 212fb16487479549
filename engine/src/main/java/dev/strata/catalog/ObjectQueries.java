package dev.strata.catalog;

import dev.strata.model.Routine;
import dev.strata.model.SchemaObject;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Every kind's {@link ObjectQuery}: the one list a new kind joins in the catalog reader. */
final class ObjectQueries {

    private static final List<ObjectQuery> ALL = List.of(new ExtensionQuery(), new DomainQuery(), new CompositeTypeQuery(),
            new RoutineQuery(Routine.Kind.FUNCTION), new RoutineQuery(Routine.Kind.PROCEDURE), new AggregateQuery(),
            new TriggerQuery(), new PolicyQuery(), new MaterializedViewQuery(),
            new GrantQuery(), new DefaultPrivilegesQuery());

    private ObjectQueries() {}

    /** The kinds read here: the catalog no longer reports them as unmanaged. */
    static Set<String> kinds() {
        return ALL.stream().map(ObjectQuery::kind).collect(Collectors.toSet());
    }

    /** Every managed kind's objects in scope but those of the {@code skipped} kinds (not even queried), by schema. */
    static Map<String, List<SchemaObject>> read(Connection c, Object scope, Set<String> skipped) throws SQLException {
        Map<String, List<SchemaObject>> bySchema = new TreeMap<>();
        for (ObjectQuery query : ALL.stream().filter(q -> !skipped.contains(q.kind())).toList()) {
            for (var row : query.read(c, scope)) {
                bySchema.computeIfAbsent(row.getKey(), k -> new ArrayList<>()).add(row.getValue());
            }
        }
        return bySchema;
    }
}
