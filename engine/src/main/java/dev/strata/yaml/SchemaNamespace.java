package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.naming.PgNames;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The names taken in one schema, as PostgreSQL sees them when it invents a name: relation names
 * (tables, views, sequences, indexes, including those behind constraints) and constraint names,
 * which {@code ChooseConstraintName} checks across the whole schema.
 */
final class SchemaNamespace {

    private final String schema;
    private final List<Diagnostic> problems;
    private final Map<String, Located<String>> relations = new HashMap<>();
    private final Set<String> constraints = new HashSet<>();

    SchemaNamespace(String schema, List<Diagnostic> problems) {
        this.schema = schema;
        this.problems = problems;
    }

    /** Registers a declared relation name; a second declaration of the same name is an error. */
    boolean declareRelation(Located<String> name, String kind) {
        Located<String> previous = relations.get(name.value());
        if (previous != null) {
            String message = previous.value().equals(kind)
                    ? "duplicate " + kind + " '" + name.value() + "' in schema '" + schema + "'"
                    : kind + " '" + name.value() + "' has the same name as " + previous.value() + " '"
                            + name.value() + "' in schema '" + schema + "'";
            problems.add(name.at().diagnostic(message + " (first declared at " + describe(previous.at()) + ")"));
            return false;
        }
        relations.put(name.value(), new Located<>(kind, name.at()));
        return true;
    }

    void declareConstraint(String name) {
        constraints.add(name);
    }

    boolean hasRelation(String name) {
        return relations.containsKey(name);
    }

    /** {@code ChooseRelationName}: avoids relation names, and constraint names too for index-backed constraints. */
    String chooseRelation(String name1, Optional<String> name2, String label, boolean isConstraint, String kind) {
        String chosen = PgNames.choose(name1, name2, label,
                n -> relations.containsKey(n) || (isConstraint && constraints.contains(n)));
        // Derived names come after every declared one, so no declaration can be told it clashes with this one.
        relations.put(chosen, new Located<>(kind, new Location("", 0, 0)));
        if (isConstraint) {
            constraints.add(chosen);
        }
        return chosen;
    }

    /** {@code ChooseConstraintName}: avoids the constraint names of the whole schema. */
    String chooseConstraint(String name1, Optional<String> name2, String label) {
        String chosen = PgNames.choose(name1, name2, label, constraints::contains);
        constraints.add(chosen);
        return chosen;
    }

    private static String describe(Location at) {
        return at.file() + ":" + at.line() + ":" + at.column();
    }
}
