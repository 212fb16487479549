package dev.strata.plan;

import dev.strata.model.QualifiedName;

/**
 * What a lock is taken on. Tables (and indexes, sequences, views) take PostgreSQL's table-level locks, which
 * application reads and writes contend for; a type is a catalog object whose lock only other changes to that
 * type contend for, so the tables using it stay open to traffic.
 */
public sealed interface LockTarget {

    QualifiedName name();

    /** A relation: a table, index, sequence or view. */
    record Relation(QualifiedName name) implements LockTarget {}

    /** A type (an enum): locked as an object ({@code pg_locks.locktype = 'object'}, class {@code pg_type}). */
    record Type(QualifiedName name) implements LockTarget {}
}
