package dev.strata.plan;

import dev.strata.ddl.Statement;
import dev.strata.model.QualifiedName;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A step as a recipe describes it, before the planner has ordered it and given it an id.
 * Mutable while a recipe fills it in, then turned into an immutable {@link Step}.
 */
public final class StepDraft {

    private final Stage stage;
    private final String summary;
    private final List<Statement> statements = new ArrayList<>();
    private final List<LockHold> locks = new ArrayList<>();
    private final List<String> facts = new ArrayList<>();
    private boolean transactional = true;
    private Optional<Undo> undo = Optional.empty();
    private Optional<DataLoss> dataLoss = Optional.empty();
    private Optional<BackfillStep> backfill = Optional.empty();
    private Optional<Retention> retains = Optional.empty();
    private Optional<ConcurrentIndex> concurrentIndex = Optional.empty();
    private Optional<PartitionDetach> detach = Optional.empty();

    private StepDraft(Stage stage, String summary) {
        this.stage = stage;
        this.summary = summary;
    }

    public static StepDraft at(Stage stage, String summary) {
        return new StepDraft(stage, summary);
    }

    /** A backfill; its id is replaced when the planner numbers the steps. */
    public static StepDraft backfill(QualifiedName table, String summary, List<String> key,
            List<BackfillStep.Assignment> assignments, String pending) {
        var draft = new StepDraft(Stage.BACKFILL, summary);
        draft.backfill = Optional.of(new BackfillStep("pending", summary, table, key, assignments, pending));
        return draft;
    }

    /** The batched copy of a dropped column's values into {@code strata_archive}, in CONTRACT before the drop. */
    public static StepDraft archive(QualifiedName table, String summary, List<String> key, QualifiedName archive,
            String column) {
        var draft = new StepDraft(Stage.ARCHIVE_COLUMN, summary);
        draft.backfill = Optional.of(new BackfillStep("pending", Phase.CONTRACT, summary, table, key,
                new BackfillStep.Batch.Archive(archive, column)));
        return draft;
    }

    public StepDraft sql(Statement statement) {
        statements.add(statement);
        return this;
    }

    public StepDraft sql(List<? extends Statement> statementsInOrder) {
        statements.addAll(statementsInOrder);
        return this;
    }

    public StepDraft lock(QualifiedName relation, LockMode mode, TableWork work) {
        locks.add(new LockHold(relation, mode, work));
        return this;
    }

    /** A lock on a type rather than a table: application traffic does not contend for it. */
    public StepDraft lockType(QualifiedName type, LockMode mode) {
        locks.add(LockHold.onType(type, mode));
        return this;
    }

    /** A step that builds or drops {@code index} CONCURRENTLY, which runs outside a transaction. */
    public StepDraft concurrently(ConcurrentIndex index) {
        transactional = false;
        concurrentIndex = Optional.of(index);
        return this;
    }

    /** A step that detaches a partition CONCURRENTLY, which runs outside a transaction. */
    public StepDraft concurrently(PartitionDetach partition) {
        transactional = false;
        detach = Optional.of(partition);
        return this;
    }

    /** The statements that undo this step. */
    public StepDraft inverse(Statement... statements) {
        return undo(Undo.by(List.of(statements)));
    }

    /** The statements that undo this step; none means there is nothing to undo. */
    public StepDraft inverse(List<? extends Statement> statements) {
        return undo(statements.isEmpty() ? Undo.nothing() : Undo.by(statements));
    }

    /** The step changes nothing an undo would restore (e.g. a validation). */
    public StepDraft nothingToUndo() {
        return undo(Undo.nothing());
    }

    /** The step cannot be undone; {@code reason} tells the reviewer why. */
    public StepDraft cannotUndo(String reason) {
        return undo(Undo.impossible(reason));
    }

    public StepDraft undo(Undo how) {
        undo = Optional.of(how);
        return this;
    }

    public StepDraft deletes(DataLoss loss) {
        dataLoss = Optional.of(loss);
        return this;
    }

    public StepDraft retains(Retention retention) {
        retains = Optional.of(retention);
        return this;
    }

    public StepDraft fact(String fact) {
        facts.add(fact);
        return this;
    }

    public Stage stage() {
        return stage;
    }

    public Phase phase() {
        return stage.phase();
    }

    public String summary() {
        return summary;
    }

    public List<LockHold> locks() {
        return backfill.map(BackfillStep::locks).orElse(List.copyOf(locks));
    }

    List<Statement> statements() {
        return List.copyOf(statements);
    }

    /**
     * Whether this step may run inside one transaction with others: a plain DDL step that keeps no data aside and
     * deletes none, so fusing it with the steps it depends on in a cycle ({@link StepGraph}) changes nothing else.
     */
    boolean fusable() {
        return backfill.isEmpty() && transactional && concurrentIndex.isEmpty() && dataLoss.isEmpty()
                && retains.isEmpty();
    }

    /**
     * The steps of a dependency cycle as one step in one transaction: {@code statements} in an order the graph found,
     * each part's locks and facts, and its undo (undoable when every part is).
     */
    static StepDraft fuse(List<StepDraft> parts, List<Statement> statements, Undo undo) {
        var fused = new StepDraft(parts.getFirst().stage,
                String.join("; ", parts.stream().map(StepDraft::summary).toList()));
        fused.statements.addAll(statements);
        parts.forEach(p -> p.locks.stream().filter(l -> !fused.locks.contains(l)).forEach(fused.locks::add));
        parts.forEach(p -> p.facts.stream().filter(f -> !fused.facts.contains(f)).forEach(fused.facts::add));
        fused.undo = Optional.of(undo);
        return fused;
    }

    /** The statements that undo this step (none for nothing to undo); absent when it cannot be undone. */
    Optional<List<Statement>> inverseStatements() {
        return undo.flatMap(Undo::inverse);
    }

    /** Why this step cannot be undone, when a recipe said so. */
    Optional<String> irreversibleBecause() {
        return undo.flatMap(u -> u instanceof Undo.Impossible i ? Optional.of(i.reason()) : Optional.empty());
    }

    Step build(String id) {
        if (backfill.isPresent()) {
            BackfillStep b = backfill.get();
            return new BackfillStep(id, b.phase(), b.summary(), b.table(), b.key(), b.batch());
        }
        // Every recipe states its undo: a forgotten one must not read as "cannot be undone".
        Undo how = undo.orElseThrow(() -> new IllegalStateException("step states no undo: " + summary));
        return new DdlStep(id, stage.phase(), summary, statements, transactional, locks, how, dataLoss, facts, retains,
                concurrentIndex, detach);
    }
}
