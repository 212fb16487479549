package dev.strata.yaml;

import dev.strata.model.Routine;
import dev.strata.model.SchemaObject;
import org.yaml.snakeyaml.nodes.Node;

import java.util.List;

/** Every kind's {@link ObjectYaml}: the one list a new kind joins in the YAML reader and writer. */
final class ObjectYamls {

    static final List<ObjectYaml<?>> ALL = List.of(new ExtensionYaml(), new DomainYaml(), new CompositeTypeYaml(),
            new RoutineYaml(Routine.Kind.FUNCTION), new RoutineYaml(Routine.Kind.PROCEDURE), new AggregateYaml(),
            new TriggerYaml(), new PolicyYaml(), new MaterializedViewYaml(),
            new GrantYaml(), new DefaultPrivilegesYaml());

    private ObjectYamls() {}

    static List<String> sections() {
        return ALL.stream().map(ObjectYaml::section).toList();
    }

    /** The file {@code strata pull} writes a schema's objects of this kind to, beside its tables. */
    static String fileName(ObjectYaml<?> kind) {
        return "_" + kind.section();
    }

    static Node write(ObjectYaml<?> kind, String schema, SchemaObject object) {
        return writeAs(kind, schema, object);
    }

    private static <T extends SchemaObject> Node writeAs(ObjectYaml<T> kind, String schema, SchemaObject object) {
        return kind.write(schema, kind.type().cast(object));
    }
}
