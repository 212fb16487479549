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
}
