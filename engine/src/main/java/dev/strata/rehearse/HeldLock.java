package dev.strata.rehearse;

import dev.strata.model.QualifiedName;
import dev.strata.plan.LockMode;

import java.time.Duration;

/**
 * A table-level lock a step held on one relation, as sampled from {@code pg_locks}.
 *
 * @param held the longest continuous hold of {@code mode} on {@code relation} during the step (a step that takes
 *             the same lock in several transactions, like a backfill's batches, holds it several times; the longest
 *             is what traffic can queue behind). An estimate to about one sampling period: see {@link StepProbe}.
 */
public record HeldLock(QualifiedName relation, LockMode mode, Duration held) {}
