package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.Phase;
import dev.strata.plan.PhasePlan;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where a migration stands ({@code strata status}): steps done and pending, backfill positions, what the next
 * gate asks of the application, and what was changed outside Strata since its last step ({@link Drift}).
 */
public record MigrationStatus(Migration migration, Map<String, Integer> done, List<BackfillProgress> backfills,
        Optional<Drift.Found> drift, Map<String, String> reviewedBy) {

    public MigrationStatus {
        done = Map.copyOf(done);
        reviewedBy = Map.copyOf(reviewedBy);
        backfills = List.copyOf(backfills);
    }

    /** The running migration, or else the last one; empty when Strata never applied anything here. */
    public static Optional<MigrationStatus> read(Connection connection) {
        try {
            StateStore state = new StateStore(connection);
            if (!state.exists()) {
                return Optional.empty();
            }
            Optional<Migration> latest = state.latest();
            if (latest.isEmpty()) {
                return Optional.empty();
            }
            MigrationStatus status = of(state, latest.get());
            if (latest.get().status() != Migration.Status.RUNNING) {
                return Optional.of(status);
            }
            Optional<Step> next = latest.get().plan().steps().stream()
                    .filter(s -> !status.done().containsKey(s.id())).findFirst();
            return Optional.of(new MigrationStatus(status.migration(), status.done(), status.backfills(),
                    Drift.find(connection, state, latest.get(), next), status.reviewedBy()));
        } catch (SQLException e) {
            throw new StrataException("cannot read the migration state: " + Executor.firstLine(e), e);
        }
    }

    static MigrationStatus of(StateStore state, Migration migration) throws SQLException {
        return new MigrationStatus(migration, state.doneSteps(migration.id()), state.backfills(migration.id()),
                Optional.empty(), state.reviewedBy(migration.id()));
    }

    public List<String> pending() {
        return migration.plan().steps().stream().map(Step::id).filter(id -> !done.containsKey(id)).toList();
    }

    /** The first phase with steps left; empty when every step is done. */
    public Optional<Phase> phase() {
        for (Phase phase : Phase.values()) {
            if (!Executor.pending(migration.plan(), phase, done).isEmpty()) {
                return Optional.of(phase);
            }
        }
        return Optional.empty();
    }

    /** A few lines for people. */
    public List<String> describe() {
        Plan plan = migration.plan();
        List<String> lines = new ArrayList<>();
        lines.add("migration " + migration.id() + ": " + migration.status().name().toLowerCase(java.util.Locale.ROOT)
                + " (started " + migration.createdAt() + ", against " + plan.current() + ")");
        if (migration.status() == Migration.Status.RUNNING) {
            lines.add("phase: " + phase().map(Phase::title).orElse("all steps done"));
        }
        for (PhasePlan phase : plan.phases()) {
            phase.gate().ifPresent(gate -> lines.add("  gate " + gate.id() + ": " + gate.title() + " — "
                    + (migration.confirmed(gate.kind()) ? "confirmed" : "not confirmed")));
            for (Step step : phase.steps()) {
                String mark = done.containsKey(step.id()) ? "done   " : "pending";
                lines.add("  " + mark + " " + step.id() + ": " + step.summary()
                        + (reviewedBy.containsKey(step.id()) ? " (reviewed by " + reviewedBy.get(step.id()) + ")"
                        : !done.containsKey(step.id()) && !plan.reviews().of(step.id()).isEmpty()
                                ? " (needs --reviewed-by: large table)" : ""));
                backfills.stream().filter(b -> b.stepId().equals(step.id())).findFirst().ifPresent(b ->
                        lines.add("          " + (step instanceof BackfillStep s && s.batch() instanceof BackfillStep.Batch.Archive
                                ? "copied " : "backfilled ") + b.rowsDone() + " rows"
                                + (b.lastKey().isEmpty() ? "" : ", last key " + b.lastKey())
                                + (b.finished() ? ", finished" : "")));
            }
        }
        drift.ifPresent(found -> {
            lines.add("changed outside Strata since " + found.since() + " (strata apply refuses to continue until"
                    + " this is undone, or strata abandon):");
            found.changes().forEach(change -> lines.add("  " + change));
        });
        if (migration.status() == Migration.Status.RUNNING) {
            Executor.nextGate(plan, done).filter(g -> !migration.confirmed(g.kind())).ifPresent(g -> {
                lines.add("next gate " + g.id() + " (" + g.title() + ") asks:");
                g.instructions().forEach(i -> lines.add("  - " + i));
            });
        }
        return lines;
    }
}
