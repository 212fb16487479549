package dev.strata.ddl;

/**
 * One SQL statement as a value: what the planner decides, kept as data until {@link StatementRenderer} turns it into
 * text. Options that change how a statement runs ({@code IF NOT EXISTS}, {@code IF EXISTS}, {@code CONCURRENTLY},
 * {@code NOT VALID}) are fields, never spliced into rendered text, so the executor can match on them.
 *
 * <p>The vocabulary, one file per object kind: {@link SchemaStatement}, {@link TableStatement} (with
 * {@link TableAction}s inside one {@code ALTER TABLE}, {@link ColumnAction}s inside {@code ALTER COLUMN} and
 * {@link ConstraintClause}s), {@link IndexStatement}, {@link SequenceStatement} (with {@link SequenceOption}s),
 * {@link TypeStatement}, {@link ViewStatement}, {@link CommentOn}, {@link TriggerStatement} and
 * {@link DataStatement} (the few statements a step runs that read or write rows). {@link Saved} is the text of a
 * statement read back from a reviewed saved plan, run as it was reviewed. {@link ObjectStatement}s are the statements
 * of the kinds managed as a whole ({@link ObjectDdls}), one file per kind, each rendering its own.
 */
public sealed interface Statement permits SchemaStatement, TableStatement, IndexStatement, SequenceStatement,
        TypeStatement, ViewStatement, CommentOn, TriggerStatement, DataStatement, Saved, ObjectStatement {

    /** The statement's SQL, without a trailing semicolon. */
    default String sql() {
        return StatementRenderer.render(this);
    }
}
