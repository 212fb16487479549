package dev.strata.ddl;

import dev.strata.model.ObjectName;

import java.util.Set;

/**
 * A statement about an object of a kind managed as a whole ({@link dev.strata.model.SchemaObject}). Its kind's
 * statement file declares these as records and is the one place they become text (names through
 * {@code sql.Identifiers}, literals through {@code sql.Literals}), so a new kind adds its statements without touching
 * {@link StatementRenderer}. What a statement creates, drops and needs is data the dependency graph orders by, as it
 * derives it for the other statements.
 */
public non-sealed interface ObjectStatement extends Statement {

    /** The statement's SQL, without a trailing semicolon. */
    String render();

    Set<ObjectName> creates();

    Set<ObjectName> drops();

    Set<ObjectName> needs();
}
