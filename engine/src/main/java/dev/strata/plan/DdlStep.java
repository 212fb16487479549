package dev.strata.plan;

import java.util.List;
import java.util.Optional;

/**
 * SQL statements run together, annotated with everything a reviewer needs to judge them.
 *
 * @param statements    the SQL, each without a trailing semicolon
 * @param transactional whether the statements may run inside one transaction ({@code CONCURRENTLY} may not)
 * @param locks         the lock taken on each relation (or type) and the work done under it
 * @param inverse       statements that undo this step; empty when it cannot be undone
 * @param dataLoss      what it deletes, if anything
 * @param facts         the PostgreSQL facts behind the annotations (version-specific notes)
 * @param retains       the table this step keeps in {@code strata_archive} instead of dropping it, if it does
 * @param concurrentIndex the index a non-transactional step builds or drops {@code CONCURRENTLY}; empty in plans
 *                      saved before Strata recorded it
 */
public record DdlStep(
        String id,
        Phase phase,
        String summary,
        List<String> statements,
        boolean transactional,
        List<LockHold> locks,
        Optional<List<String>> inverse,
        Optional<DataLoss> dataLoss,
        List<String> facts,
        Optional<Retention> retains,
        Optional<ConcurrentIndex> concurrentIndex) implements Step {

    public DdlStep {
        statements = List.copyOf(statements);
        locks = List.copyOf(locks);
        inverse = inverse.map(List::copyOf);
        facts = List.copyOf(facts);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("a DDL step needs at least one statement: " + summary);
        }
        if (transactional && concurrentIndex.isPresent()) {
            throw new IllegalArgumentException("a CONCURRENTLY step runs outside a transaction: " + summary);
        }
    }

    /** A step that builds or drops no index CONCURRENTLY. */
    public DdlStep(String id, Phase phase, String summary, List<String> statements, boolean transactional,
            List<LockHold> locks, Optional<List<String>> inverse, Optional<DataLoss> dataLoss, List<String> facts,
            Optional<Retention> retains) {
        this(id, phase, summary, statements, transactional, locks, inverse, dataLoss, facts, retains, Optional.empty());
    }

    /** A step that keeps no table. */
    public DdlStep(String id, Phase phase, String summary, List<String> statements, boolean transactional,
            List<LockHold> locks, Optional<List<String>> inverse, Optional<DataLoss> dataLoss, List<String> facts) {
        this(id, phase, summary, statements, transactional, locks, inverse, dataLoss, facts, Optional.empty());
    }

    public boolean reversible() {
        return inverse.isPresent();
    }

    /** Whether any lock of this step blocks reads or writes while it scans or rewrites a table. */
    public boolean blocksTrafficDuringFullTableWork() {
        return locks.stream().anyMatch(LockHold::blocksTrafficDuringFullTableWork);
    }
}
