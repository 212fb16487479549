package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.expr.ExpressionError;
import dev.strata.expr.Expressions;
import dev.strata.expr.ParseResult;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.model.View;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks every SQL expression of a loaded schema through the Calcite layer, and every view query
 * through the same lexer ({@link Expressions#checkQuery}), and reports syntax errors, SQL comments,
 * stray statements and unknown columns at their place in the YAML ({@code file:line:column}). Expressions
 * Calcite cannot read are passed through; {@link #passthroughNotes} says which.
 *
 * <p>Positions inside an expression are added to the position of the YAML value; for a quoted
 * scalar the column may be off by the opening quote.
 */
public final class ExpressionDiagnostics {

    private ExpressionDiagnostics() {}

    public static List<Diagnostic> check(LoadedSchema loaded) {
        List<Diagnostic> diagnostics = new ArrayList<>();
        visit(loaded, (sql, columns, location, what) -> {
            if (Expressions.parse(sql, columns) instanceof ParseResult.Invalid invalid) {
                for (ExpressionError error : invalid.errors()) {
                    diagnostics.add(at(location, error, what));
                }
            }
        });
        for (Schema schema : loaded.catalog().schemas()) {
            for (View view : schema.views()) {
                QualifiedName v = QualifiedName.of(schema.name(), view.name());
                Expressions.checkQuery(view.definition()).ifPresent(error ->
                        diagnostics.add(at(loaded.sources().view(v), error, "query of view " + v)));
            }
        }
        return diagnostics;
    }

    /**
     * An expression read outside a table (a domain's default and checks): checked where it was read as
     * {@link #check} checks a table's, its errors reported through {@code in}; empty when it has any.
     */
    static Optional<String> checked(Located<String> sql, Set<String> columns, String what, NodeReader in) {
        if (Expressions.parse(sql.value(), columns) instanceof ParseResult.Invalid invalid) {
            invalid.errors().forEach(error -> {
                Diagnostic d = at(Optional.of(sql.at()), error, what);
                in.error(new Location(d.file(), d.line(), d.column()), d.message());
            });
            return Optional.empty();
        }
        return Optional.of(sql.value());
    }

    /** One line per expression that Calcite could not read and that goes to PostgreSQL verbatim. */
    public static List<String> passthroughNotes(LoadedSchema loaded) {
        List<String> notes = new ArrayList<>();
        visit(loaded, (sql, columns, location, what) -> {
            if (Expressions.parse(sql, columns) instanceof ParseResult.Parsed parsed && parsed.expression().passthrough()) {
                String place = location.map(l -> l.file() + ":" + l.line() + ":" + l.column() + ": ").orElse("");
                notes.add(place + what + " is passed to PostgreSQL verbatim ("
                        + parsed.expression().passthroughReason().orElse("not understood by the expression parser") + ")");
            }
        });
        return notes;
    }

    private interface Visitor {
        void expression(String sql, Set<String> columns, Optional<Location> location, String what);
    }

    private static void visit(LoadedSchema loaded, Visitor visitor) {
        SourceMap sources = loaded.sources();
        for (Schema schema : loaded.catalog().schemas()) {
            for (Table table : schema.tables()) {
                QualifiedName t = QualifiedName.of(schema.name(), table.name());
                Set<String> columns = new HashSet<>();
                table.columns().forEach(c -> columns.add(c.name()));
                // using/backfill read the table as it is now, so the old names of renamed columns count too.
                Set<String> withOldNames = new HashSet<>(columns);
                table.columns().forEach(c -> c.renamedFrom().ifPresent(withOldNames::add));
                for (Column column : table.columns()) {
                    String what = "column " + t + "." + column.name();
                    column.defaultValue().ifPresent(sql -> visitor.expression(sql, Set.of(), sources.column(t, column.name(), "default"), "default of " + what));
                    column.generatedAs().ifPresent(sql -> visitor.expression(sql, columns, sources.column(t, column.name(), "generated"), "generated expression of " + what));
                    column.using().ifPresent(sql -> visitor.expression(sql, withOldNames, sources.column(t, column.name(), "using"), "using expression of " + what));
                    column.backfill().ifPresent(sql -> visitor.expression(sql, withOldNames, sources.column(t, column.name(), "backfill"), "backfill expression of " + what));
                }
                for (CheckConstraint check : table.checks()) {
                    visitor.expression(check.expression(), columns, sources.check(t, check.name()), "check " + check.name() + " on " + t);
                }
                for (Index index : table.indexes()) {
                    for (IndexKey key : index.keys()) {
                        if (key.target() instanceof IndexKey.ExpressionTarget e) {
                            visitor.expression(e.sql(), columns, sources.index(t, index.name()), "key of index " + index.name());
                        }
                    }
                    index.where().ifPresent(w -> visitor.expression(w, columns, sources.indexWhere(t, index.name()), "predicate of index " + index.name()));
                }
                for (ExclusionConstraint exclusion : table.exclusions()) {
                    exclusion.where().ifPresent(w -> visitor.expression(w, columns, sources.constraint(t, exclusion.name()), "predicate of exclusion " + exclusion.name()));
                }
            }
        }
    }

    static Diagnostic at(Optional<Location> location, ExpressionError error, String what) {
        String message = error.message() + " (in the " + what + ")";
        if (location.isEmpty()) {
            return new Diagnostic("<schema>", 1, 1, message);
        }
        Location l = location.get();
        return error.line() <= 1
                ? new Diagnostic(l.file(), l.line(), l.column() + error.column() - 1, message)
                : new Diagnostic(l.file(), l.line() + error.line() - 1, error.column(), message);
    }
}
