package dev.strata.rehearse;

import dev.strata.plan.Phase;

import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * One step as it ran on the scratch database, measured by {@link StepProbe}.
 *
 * @param wall                   from just before the step's first statement to just after it was recorded done
 * @param locks                  every table-level lock the step held on a relation the application can see, with its
 *                               longest continuous hold, ordered by relation then mode
 * @param longestBlockingHold    the longest continuous stretch during which the step held or waited for, on one
 *                               relation, a lock that blocks the application's writes (ACCESS EXCLUSIVE blocks reads
 *                               too): what traffic would queue behind, since a request waiting for such a lock makes
 *                               later conflicting requests queue behind it as well
 * @param longestApplicationWait the longest time one workload statement that overlapped the step took, beyond the
 *                               workload's baseline latency ({@link WorkloadWindow}); zero without a workload
 * @param walBytes               WAL written by the whole server while the step ran (the workload's writes included)
 * @param tableGrowthBytes       change of {@code pg_table_size} of the tables the step locks
 * @param indexGrowthBytes       change of {@code pg_indexes_size} of those tables (and of an index the step locks
 *                               whose table it does not)
 * @param rewritten              whether a table the step locks got a new {@code relfilenode} (rewritten or truncated)
 * @param workloadStatements     workload statements that overlapped the step
 * @param workloadFailures       of which failed (the old application breaking mid-migration is a finding)
 */
public record StepMeasurement(String stepId, Phase phase, String title, Duration wall, List<HeldLock> locks,
        Duration longestBlockingHold, Duration longestApplicationWait, long walBytes, long tableGrowthBytes,
        long indexGrowthBytes, boolean rewritten, long workloadStatements, long workloadFailures) {

    public StepMeasurement {
        locks = List.copyOf(locks);
    }

    /**
     * The strongest lock the step was seen holding (by PostgreSQL's order of modes, ACCESS EXCLUSIVE strongest), the
     * longest-held if on several relations; empty when no sample saw a lock.
     */
    public Optional<HeldLock> strongestLock() {
        return locks.stream().max(Comparator.comparing(HeldLock::mode).thenComparing(HeldLock::held));
    }
}
