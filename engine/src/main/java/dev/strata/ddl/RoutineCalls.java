package dev.strata.ddl;

import dev.strata.model.Catalog;
import dev.strata.model.ObjectName;
import dev.strata.model.Routine;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.sql.Lexer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The functions of a catalog that a SQL expression (a domain's check, a table's default) calls: a name, maybe
 * schema-qualified, followed by {@code (}. Every overload of that name counts, and an unqualified name in any schema:
 * as with the dependency graph's words, a spurious edge only constrains the order, a missing one breaks the build.
 */
public final class RoutineCalls {

    private RoutineCalls() {}

    public static Set<ObjectName> in(Catalog catalog, String expression) {
        List<Lexer.Token> tokens;
        try {
            tokens = Lexer.tokens(expression);
        } catch (Lexer.LexError e) {
            return Set.of();
        }
        Set<ObjectName> called = new LinkedHashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            Lexer.Token name = tokens.get(i);
            if (!name.isName() || !tokens.get(i + 1).is("(")) {
                continue;
            }
            Optional<String> schema = i >= 2 && tokens.get(i - 1).is(".") && tokens.get(i - 2).isName()
                    ? Optional.of(tokens.get(i - 2).value()) : Optional.empty();
            for (Schema s : catalog.schemas()) {
                if (schema.isPresent() && !schema.get().equals(s.name())) {
                    continue;
                }
                for (SchemaObject o : s.objects(Routine.Kind.FUNCTION.word())) {
                    if (o instanceof Routine r && r.name().equals(name.value())) {
                        called.add(ObjectName.of(r.kind(), s.name(), r.key()));
                    }
                }
            }
        }
        return called;
    }
}
