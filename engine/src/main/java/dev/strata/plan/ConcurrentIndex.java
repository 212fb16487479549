package dev.strata.plan;

import dev.strata.model.QualifiedName;

/**
 * The index a {@code CONCURRENTLY} step builds or drops, held as data so that the executor never reads it back from
 * the SQL: before retrying a build it drops the INVALID index an earlier failed build of that name left (which
 * {@code IF NOT EXISTS} would accept), after a failed build it drops it at once, and it tells the step's own index
 * from a hand change (drift).
 */
public sealed interface ConcurrentIndex {

    QualifiedName index();

    record Build(QualifiedName index) implements ConcurrentIndex {}

    record Drop(QualifiedName index) implements ConcurrentIndex {}
}
