package dev.strata.plan;

import dev.strata.model.QualifiedName;

/**
 * The partition a {@code DETACH PARTITION … CONCURRENTLY} step detaches, held as data so that a rerun finds where an
 * interrupted one stopped: PostgreSQL leaves the partition "pending detach" when the second of its two transactions is
 * cancelled (a lock or statement timeout, a lost connection), refuses to start it again, and is finished by {@code
 * DETACH PARTITION … FINALIZE}.
 */
public record PartitionDetach(QualifiedName parent, QualifiedName partition) {}
