package dev.strata.yaml;

import dev.strata.model.DataType;
import dev.strata.sql.TypeNames;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Turns a column's type text into a {@link DataType}: built-ins, declared enums, domains and composite types, declared external types. */
final class TypeResolver {

    /** A resolved type; {@code serial} when it was spelt serial/bigserial/smallserial. */
    record Resolved(DataType type, boolean serial) {}

    private final Map<String, Set<String>> userTypes = new HashMap<>();

    void declare(String schema, String typeName) {
        userTypes.computeIfAbsent(schema, s -> new TreeSet<>()).add(typeName);
    }

    Optional<Resolved> resolve(Located<String> text, String contextSchema, List<dev.strata.diagnostics.Diagnostic> problems) {
        TypeNames.Parsed parsed;
        try {
            parsed = TypeNames.parse(text.value());
        } catch (TypeNames.InvalidTypeName e) {
            problems.add(text.at().diagnostic(e.getMessage()));
            return Optional.empty();
        }
        return switch (parsed) {
            case TypeNames.Builtin b -> Optional.of(new Resolved(b.type(), false));
            case TypeNames.Serial s -> Optional.of(new Resolved(s.integerType(), true));
            case TypeNames.Named n -> {
                String schema = n.schema().orElse(contextSchema);
                Set<String> known = userTypes.getOrDefault(schema, Set.of());
                if (known.contains(n.name())) {
                    yield Optional.of(new Resolved(n.resolve(schema), false));
                }
                var candidates = new TreeSet<>(known);
                if (n.schema().isEmpty()) {
                    candidates.addAll(TypeNames.knownSpellings());
                }
                String shown = n.schema().map(sc -> sc + "." + n.name()).orElse(n.name());
                problems.add(text.at().diagnostic("unknown type '" + shown + "'" + Suggestions.hint(n.name(), candidates)
                        + (Suggestions.closest(n.name(), candidates).isEmpty()
                                ?  " (declare enums under 'enums:', domains under 'domains:', composite types under 'composite_types:'"
                                        + " and extension types under 'external_types:')" : "")));
                yield Optional.empty();
            }
        };
    }
}
