package dev.strata.ddl;

import dev.strata.model.QualifiedName;

import java.util.Optional;

/** {@code COMMENT ON kind target IS 'text'}, or {@code IS NULL} to remove it. */
public record CommentOn(Target target, Optional<String> text) implements Statement {

    /** What the comment is on. */
    public sealed interface Target {

        record Table(QualifiedName table) implements Target {}

        record Column(QualifiedName table, String column) implements Target {}

        record Type(QualifiedName type) implements Target {}

        record Sequence(QualifiedName sequence) implements Target {}

        record View(QualifiedName view) implements Target {}

        /** An index, named in its table's schema. */
        record Index(QualifiedName index) implements Target {}

        /** A table constraint; its name is unique only within the table. */
        record Constraint(QualifiedName table, String constraint) implements Target {}

        /** A function without arguments, {@code name()}. */
        record Function(QualifiedName function) implements Target {}
    }

    public static CommentOn table(QualifiedName table, Optional<String> text) {
        return new CommentOn(new Target.Table(table), text);
    }

    public static CommentOn column(QualifiedName table, String column, Optional<String> text) {
        return new CommentOn(new Target.Column(table, column), text);
    }

    public static CommentOn type(QualifiedName type, Optional<String> text) {
        return new CommentOn(new Target.Type(type), text);
    }

    public static CommentOn sequence(QualifiedName sequence, Optional<String> text) {
        return new CommentOn(new Target.Sequence(sequence), text);
    }

    public static CommentOn view(QualifiedName view, Optional<String> text) {
        return new CommentOn(new Target.View(view), text);
    }

    /** On index {@code index} of {@code table} (the index lives in the table's schema). */
    public static CommentOn index(QualifiedName table, String index, Optional<String> text) {
        return new CommentOn(new Target.Index(QualifiedName.of(table.schema(), index)), text);
    }

    public static CommentOn constraint(QualifiedName table, String constraint, Optional<String> text) {
        return new CommentOn(new Target.Constraint(table, constraint), text);
    }
}
