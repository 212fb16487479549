package dev.strata.expr;

import dev.strata.sql.Identifiers;
import dev.strata.sql.TypeNames;

import java.util.Optional;

/** Cast target types in PostgreSQL's canonical spelling, through the same parser the schema uses. */
final class TypeSpelling {

    private TypeSpelling() {}

    /**
     * {@code int} becomes {@code integer}, {@code varchar(20)} becomes {@code character varying(20)};
     * a user type is quoted, and qualified with {@code defaultSchema} when given and the name is bare.
     * A spelling the type parser rejects is kept as written (PostgreSQL will judge it).
     */
    static String sql(String written, Optional<String> defaultSchema) {
        try {
            return switch (TypeNames.parse(written)) {
                case TypeNames.Builtin b -> TypeNames.sql(b.type());
                case TypeNames.Serial s -> written;
                case TypeNames.Named n -> {
                    Optional<String> schema = n.schema().or(() -> defaultSchema);
                    String base = schema.map(sc -> Identifiers.qualified(sc, n.name())).orElseGet(() -> Identifiers.quote(n.name()));
                    var mods = n.modifiers().isEmpty() ? "" : "(" + String.join(",", n.modifiers().stream().map(String::valueOf).toList()) + ")";
                    yield base + mods + (n.array() ? "[]" : "");
                }
            };
        } catch (TypeNames.InvalidTypeName e) {
            return written;
        }
    }
}
