package dev.strata.plan;

import dev.strata.ddl.Statement;
import dev.strata.ddl.StatementRenderer;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * SQL statements run together, annotated with everything a reviewer needs to judge them.
 *
 * @param statements    what the step runs, as values; {@link #sql()} renders them
 * @param transactional whether the statements may run inside one transaction ({@code CONCURRENTLY} may not)
 * @param locks         the lock taken on each relation (or type) and the work done under it
 * @param undo          how this step is undone: by statements, with nothing to undo, or not at all and why
 * @param dataLoss      what it deletes, if anything
 * @param facts         the PostgreSQL facts behind the annotations (version-specific notes)
 * @param retains       the table this step keeps in {@code strata_archive} instead of dropping it, if it does
 * @param concurrentIndex the index a non-transactional step builds or drops {@code CONCURRENTLY}; empty in plans
 *                      saved before Strata recorded it
 * @param detach        the partition a non-transactional step detaches {@code CONCURRENTLY}; empty in plans saved
 *                      before Strata recorded it
 */
public record DdlStep(
        String id,
        Phase phase,
        String summary,
        List<Statement> statements,
        boolean transactional,
        List<LockHold> locks,
        Undo undo,
        Optional<DataLoss> dataLoss,
        List<String> facts,
        Optional<Retention> retains,
        Optional<ConcurrentIndex> concurrentIndex,
        Optional<PartitionDetach> detach) implements Step {

    public DdlStep {
        statements = List.copyOf(statements);
        locks = List.copyOf(locks);
        facts = List.copyOf(facts);
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("a DDL step needs at least one statement: " + summary);
        }
        if (transactional && (concurrentIndex.isPresent() || detach.isPresent())) {
            throw new IllegalArgumentException("a CONCURRENTLY step runs outside a transaction: " + summary);
        }
    }

    /** A step that detaches no partition CONCURRENTLY. */
    public DdlStep(String id, Phase phase, String summary, List<Statement> statements, boolean transactional,
            List<LockHold> locks, Undo undo, Optional<DataLoss> dataLoss, List<String> facts,
            Optional<Retention> retains, Optional<ConcurrentIndex> concurrentIndex) {
        this(id, phase, summary, statements, transactional, locks, undo, dataLoss, facts, retains, concurrentIndex,
                Optional.empty());
    }

    /** A step that builds or drops no index CONCURRENTLY. */
    public DdlStep(String id, Phase phase, String summary, List<Statement> statements, boolean transactional,
            List<LockHold> locks, Undo undo, Optional<DataLoss> dataLoss, List<String> facts,
            Optional<Retention> retains) {
        this(id, phase, summary, statements, transactional, locks, undo, dataLoss, facts, retains, Optional.empty(),
                Optional.empty());
    }

    /** A step that keeps no table. */
    public DdlStep(String id, Phase phase, String summary, List<Statement> statements, boolean transactional,
            List<LockHold> locks, Undo undo, Optional<DataLoss> dataLoss, List<String> facts) {
        this(id, phase, summary, statements, transactional, locks, undo, dataLoss, facts, Optional.empty());
    }

    /** The statements' SQL, each without a trailing semicolon. */
    public List<String> sql() {
        return StatementRenderer.render(statements);
    }

    /**
     * The inverse's SQL, each statement without a trailing semicolon: empty when there is nothing to undo, absent when
     * the step cannot be undone ({@link #undo()} says why).
     */
    public Optional<List<String>> inverseSql() {
        return undo.sql();
    }

    /** Why the step cannot be undone; absent when it can. */
    public Optional<String> irreversibleBecause() {
        return undo instanceof Undo.Impossible i ? Optional.of(i.reason()) : Optional.empty();
    }

    /**
     * Steps are equal when they run the same SQL (and agree on everything else): a step read back from a saved plan
     * holds its statements as {@link dev.strata.ddl.Saved} text, the step planned now as typed values.
     */
    @Override
    public boolean equals(Object other) {
        return other instanceof DdlStep o && id.equals(o.id) && phase == o.phase && summary.equals(o.summary)
                && sql().equals(o.sql()) && transactional == o.transactional && locks.equals(o.locks)
                && inverseSql().equals(o.inverseSql())
                && irreversibleBecause().equals(o.irreversibleBecause()) && dataLoss.equals(o.dataLoss) && facts.equals(o.facts)
                && retains.equals(o.retains) && concurrentIndex.equals(o.concurrentIndex) && detach.equals(o.detach);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, phase, summary, sql(), transactional, locks, inverseSql(), irreversibleBecause(), dataLoss, facts, retains,
                concurrentIndex, detach);
    }

    public boolean reversible() {
        return !(undo instanceof Undo.Impossible);
    }

    /** Whether any lock of this step blocks reads or writes while it scans or rewrites a table. */
    public boolean blocksTrafficDuringFullTableWork() {
        return locks.stream().anyMatch(LockHold::blocksTrafficDuringFullTableWork);
    }
}
