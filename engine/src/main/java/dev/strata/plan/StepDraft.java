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
    private Optional<List<Statement>> inverse = Optional.empty();
    private Optional<DataLoss> dataLoss = Optional.empty();
    private Optional<BackfillStep> backfill = Optional.empty();
    private Optional<Retention> retains = Optional.empty();
    private Optional<ConcurrentIndex> concurrentIndex = Optional.empty();

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

    public StepDraft inverse(Statement... statements) {
        inverse = Optional.of(List.of(statements));
        return this;
    }

    public StepDraft inverse(List<? extends Statement> statements) {
        inverse = Optional.of(List.copyOf(statements));
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
     * each part's locks and facts, and the inverse when every part has one.
     */
    static StepDraft fuse(List<StepDraft> parts, List<Statement> statements, Optional<List<Statement>> inverse) {
        var fused = new StepDraft(parts.getFirst().stage,
                String.join("; ", parts.stream().map(StepDraft::summary).toList()));
        fused.statements.addAll(statements);
        parts.forEach(p -> p.locks.stream().filter(l -> !fused.locks.contains(l)).forEach(fused.locks::add));
        parts.forEach(p -> p.facts.stream().filter(f -> !fused.facts.contains(f)).forEach(fused.facts::add));
        fused.inverse = inverse;
        return fused;
    }

    Optional<List<Statement>> inverseStatements() {
        return inverse;
    }

    Step build(String id) {
        if (backfill.isPresent()) {
            BackfillStep b = backfill.get();
            return new BackfillStep(id, b.phase(), b.summary(), b.table(), b.key(), b.batch());
        }
        return new DdlStep(id, stage.phase(), summary, statements, transactional, locks, inverse, dataLoss, facts, retains,
                concurrentIndex);
    }
}
