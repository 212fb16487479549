package dev.strata.ddl;

import dev.strata.model.QualifiedName;
import dev.strata.model.SchemaObject;

import java.util.List;

/** Every kind's {@link ObjectDdl}: the one list a new kind joins in this package. */
public final class ObjectDdls {

    static final List<ObjectDdl<?>> ALL = List.of(ExtensionStatement.DDL, DomainStatement.DDL, CompositeTypeStatement.DDL,
            RoutineStatement.FUNCTION_DDL, RoutineStatement.PROCEDURE_DDL, AggregateStatement.DDL,
            TriggerObjectStatement.DDL, PolicyStatement.DDL, MaterializedViewStatement.DDL,
            GrantStatement.DDL, GrantStatement.DEFAULTS_DDL);

    private ObjectDdls() {}

    public static ObjectDdl<?> of(String kind) {
        return ALL.stream().filter(d -> d.kind().equals(kind)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no DDL for object kind " + kind));
    }

    /** The statements that create {@code object} in {@code schema}. */
    public static List<Statement> create(String schema, SchemaObject object) {
        return create(of(object.kind()), QualifiedName.of(schema, object.key()), object);
    }

    private static <T extends SchemaObject> List<Statement> create(ObjectDdl<T> ddl, QualifiedName name, SchemaObject object) {
        return ddl.create(name, ddl.type().cast(object));
    }
}
