package dev.strata.execute;

import dev.strata.catalog.RecoveryFacts;
import dev.strata.diagnostics.StrataException;
import dev.strata.model.QualifiedName;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.DualWrite;
import dev.strata.plan.Gate;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockTarget;
import dev.strata.plan.Phase;
import dev.strata.plan.PhasePlan;
import dev.strata.plan.Plan;
import dev.strata.plan.PreflightFinding;
import dev.strata.plan.RestoreRate;
import dev.strata.plan.Review;
import dev.strata.plan.Scaffolding;
import dev.strata.plan.Step;
import dev.strata.yaml.SchemaWriter;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Applies a plan to a live database, phase by phase, so that any run can be interrupted and rerun.
 *
 * <p>Guarantees: one apply per database at a time ({@link ApplyLock}); every step is recorded in
 * {@code strata.step} in the same transaction that does it (or right after an idempotent non-transactional
 * step), so a rerun continues with the first step not done and never repeats one; a backfill resumes after its
 * last committed batch; DDL waits at most {@link ApplyOptions#lockTimeout()} for a lock and is retried with
 * backoff ({@link LockRetry}); a phase starts only after the earlier phases are done and the gate before it is
 * confirmed; steps that delete data or narrow a column's type run only with {@link ApplyOptions#allowDataLoss()}, checked before anything
 * runs.
 *
 * <p>The executor uses the connection it is given for everything (it appends {@code (strata apply)} to its
 * {@code application_name}) but watching lock waits and index builds, which need other sessions ({@link #withLockWatch}); it
 * releases the advisory lock when {@link #apply} returns; the caller closes the connection. Instances are
 * immutable; the {@code with…} methods return changed copies.
 */
public final class Executor {

    private final Connection connection;
    private final ApplyOptions options;
    private final Consumer<String> log;
    private final GateConfirmation gates;
    private final StepListener listener;
    private final Progress progress;
    private final Timing timing;
    private final Optional<SessionOpener> watchSessions;
    private final Optional<Duration> archiveMaxAge;
    private final List<String> reviewedBy;
    /** Checks a new plan against the live data before its EXPAND ({@link PreflightRunner}); empty: not checked. */
    private final Optional<Function<Plan, Plan>> preflight;

    /** @param log receives one line per event (steps run, retries, gates) */
    public Executor(Connection connection, ApplyOptions options, Consumer<String> log) {
        this(connection, options, log, GateConfirmation.NOBODY, StepListener.NONE, new LogProgress(log), Timing.system(),
                Optional.empty(), Optional.empty(), List.of(), Optional.empty());
    }

    private Executor(Connection connection, ApplyOptions options, Consumer<String> log, GateConfirmation gates,
            StepListener listener, Progress progress, Timing timing, Optional<SessionOpener> watchSessions,
            Optional<Duration> archiveMaxAge, List<String> reviewedBy, Optional<Function<Plan, Plan>> preflight) {
        this.connection = connection;
        this.options = options;
        this.log = log;
        this.gates = gates;
        this.listener = listener;
        this.progress = progress;
        this.timing = timing;
        this.watchSessions = watchSessions;
        this.archiveMaxAge = archiveMaxAge;
        this.reviewedBy = List.copyOf(reviewedBy);
        this.preflight = preflight;
    }

    public Executor withGates(GateConfirmation value) {
        return new Executor(connection, options, log, value, listener, progress, timing, watchSessions, archiveMaxAge, reviewedBy, preflight);
    }

    public Executor withListener(StepListener value) {
        return new Executor(connection, options, log, gates, value, progress, timing, watchSessions, archiveMaxAge, reviewedBy, preflight);
    }

    public Executor withProgress(Progress value) {
        return new Executor(connection, options, log, gates, listener, value, timing, watchSessions, archiveMaxAge, reviewedBy, preflight);
    }

    public Executor withTiming(Timing value) {
        return new Executor(connection, options, log, gates, listener, progress, value, watchSessions, archiveMaxAge, reviewedBy, preflight);
    }

    /**
     * Lets the executor open a second session to the same database while it runs, to see whom a step waits for
     * ({@link LockWatch}): without one, a step that gives up waiting can name only sessions holding table locks,
     * not the holder of a row or an old snapshot. The same opener gives the session that reads an index build's
     * progress for {@link Progress#stepRunning} ({@link ProgressWatch}); without it, progress shows only the time.
     */
    public Executor withLockWatch(SessionOpener value) {
        return new Executor(connection, options, log, gates, listener, progress, timing, Optional.of(value), archiveMaxAge, reviewedBy, preflight);
    }

    /**
     * Refuses to start a phase with a step that loses data unless WAL archiving works and last archived a segment
     * at most {@code maxAge} ago ({@code apply --require-archive-age}): a restore to the moment before the step then
     * exists. Checked when the phase starts, since phases may be days apart.
     */
    public Executor withArchiveRequirement(Duration maxAge) {
        return new Executor(connection, options, log, gates, listener, progress, timing, watchSessions,
                Optional.of(maxAge), reviewedBy, preflight);
    }

    /**
     * The people who reviewed the plan ({@code --reviewed-by}): a step on a large table runs only when one of them is
     * among its reviewers ({@link dev.strata.plan.Reviews}), and is recorded with that name.
     */
    public Executor withReviewedBy(List<String> names) {
        return new Executor(connection, options, log, gates, listener, progress, timing, watchSessions, archiveMaxAge, names, preflight);
    }

    /**
     * Before a new migration runs EXPAND, counts the live rows that would make a constraint or conversion of the plan
     * fail ({@link PreflightRunner}: read-only, each query bounded by {@code timeout}), on {@code replica} when given
     * (same schema), else on the executor's own connection; refuses to start when any would. A migration resumed past
     * EXPAND is not checked again.
     */
    public Executor withPreflight(Duration timeout, Optional<SessionOpener> replica) {
        Function<Plan, Plan> check = plan -> {
            if (replica.isEmpty()) {
                return plan.withPreflight(new PreflightRunner(connection, timeout).run(plan.preflight()));
            }
            try (Connection other = replica.get().open()) {
                return plan.withPreflight(new PreflightRunner(other, timeout).run(plan.preflight()));
            } catch (SQLException e) {
                throw new StrataException("preflight: cannot connect to --preflight-url: " + firstLine(e), e);
            }
        };
        return new Executor(connection, options, log, gates, listener, progress, timing, watchSessions, archiveMaxAge,
                reviewedBy, Optional.of(check));
    }

    /**
     * Runs the selected phases of the running migration, or of a new one made from {@code source}.
     *
     * @throws StrataException for every refusal (another apply holds the lock, a different migration is running,
     *                         the catalog changed under a saved plan, data loss not allowed, a step failed or
     *                         gave up waiting for its lock)
     */
    public ApplyResult apply(PlanSource source, PhaseSelection selection) {
        try {
            connection.setAutoCommit(true);
            Session.applicationName(connection, Session.APPLICATION_NAME);
            Session.standardStrings(connection);
            ApplyLock.acquire(connection);
            try {
                return applyLocked(source, selection);
            } finally {
                // On a lost connection there is nothing to clean up (the server ended the session and released the
                // lock), and trying would replace the failure that says so by "This connection has been closed".
                if (!connection.isClosed()) {
                    Session.rollbackQuietly(connection);
                    connection.setAutoCommit(true);
                    ApplyLock.release(connection);
                }
            }
        } catch (SQLException e) {
            if (LostConnection.is(e)) {
                throw new StrataException("apply failed: " + LostConnection.cause(e) + "\nwhat was done is recorded"
                        + " in the database; rerun strata apply to resume", e);
            }
            throw new StrataException("apply failed: " + firstLine(e), e);
        }
    }

    private ApplyResult applyLocked(PlanSource source, PhaseSelection selection) throws SQLException {
        StateStore state = new StateStore(connection);
        state.ensureSchema();
        Optional<Migration> running = state.running();
        String identity = switch (source) {
            case PlanSource.Desired d -> Fingerprints.of(d.schema().catalog());
            case PlanSource.Saved s -> Fingerprints.of(s.plan());
        };
        Migration migration;
        if (running.isPresent()) {
            migration = running.get();
            if (!migration.desiredFingerprint().equals(identity)) {
                throw anotherSource(state, migration, source);
            }
            log.accept("continuing migration " + migration.id() + " (started " + migration.createdAt() + ")");
            refuseDataLoss(migration.plan(), state.doneSteps(migration.id()).keySet(), selection);
            refuseUnreviewed(migration.plan(), state.doneSteps(migration.id()).keySet(), selection);
        } else {
            Plan plan = newPlan(source);
            if (plan.isEmpty()) {
                log.accept("nothing to do: the database matches the desired schema");
                return new ApplyResult(ApplyResult.Outcome.NOTHING_TO_DO, Optional.empty(), List.of());
            }
            refuseViolations(plan);
            refuseDataLoss(plan, java.util.Set.of(), selection);
            refuseUnreviewed(plan, java.util.Set.of(), selection);
            if (selection.phases().contains(Phase.EXPAND) && preflight.isPresent()) {
                plan = preflighted(plan, source);
            }
            Optional<SortedMap<String, String>> desired = switch (source) {
                case PlanSource.Desired d -> Optional.of(SchemaWriter.files(d.schema().catalog()));
                case PlanSource.Saved s -> Optional.empty();
            };
            migration = state.start(identity, plan.catalogFingerprint(), plan, desired, Drift.read(connection, plan));
            log.accept("started migration " + migration.id() + ": " + count(plan.steps().size(), "step")
                    + (plan.gates().isEmpty() ? "" : ", " + count(plan.gates().size(), "gate")));
        }
        return run(state, migration, selection);
    }

    /**
     * The refusal for a desired schema (or saved plan) other than the running migration's, naming what it changes
     * beyond the recorded one, so that the user can tell an edit made too early from a wrong directory.
     */
    private static DriftException anotherSource(StateStore state, Migration migration, PlanSource source)
            throws SQLException {
        String what = source instanceof PlanSource.Saved ? "plan" : "desired schema";
        boolean startedWithPlan = migration.desiredFingerprint().startsWith("plan:");
        Optional<SortedMap<String, String>> recordedDesired = state.desiredCatalog(migration.id());
        List<String> differences = switch (source) {
            case PlanSource.Desired d -> recordedDesired
                    .map(files -> Drift.desiredChanges(files, d.schema().catalog())).orElse(List.of());
            case PlanSource.Saved s -> planDifferences(migration.plan(), s.plan());
        };
        String named;
        if (!differences.isEmpty()) {
            named = "; compared with the one it was started with, this " + what + " would also:\n"
                    + differences.stream().map(line -> "  " + line).collect(Collectors.joining("\n"));
        } else if (startedWithPlan) {
            named = " (it was started with a saved plan, --plan)";
        } else if (recordedDesired.isPresent()) {
            named = " (the two differ only in spelling Strata treats as equal, such as an expression's parentheses)";
        } else {
            named = " (it was recorded by an older Strata, so the difference cannot be named)";
        }
        return new DriftException("migration " + migration.id() + " (started " + migration.createdAt() + ") is applying"
                + " another " + what + ", so nothing was run" + named
                + "\neither finish migration " + migration.id() + " first (rerun strata apply with the "
                + (startedWithPlan ? "plan" : "desired schema") + " it was started with; strata status shows its steps)"
                + " and then apply this one as a new migration, or run strata abandon (it removes the migration's sync"
                + " triggers and shadow columns; steps done stay done) and apply this " + what + " again, planned afresh"
                + " against the database as it is");
    }

    private static List<String> planDifferences(Plan recorded, Plan given) {
        List<String> lines = new ArrayList<>();
        given.changes().stream().filter(c -> !recorded.changes().contains(c)).forEach(c -> lines.add(c));
        recorded.changes().stream().filter(c -> !given.changes().contains(c)).forEach(c -> lines.add("not " + c));
        if (lines.isEmpty()) {
            lines.add("run other steps for the same changes (it was planned against another state of the database)");
        }
        return lines;
    }

    /**
     * Refuses to continue when the plan's objects are not as Strata left them: a recorded step would run into a schema
     * nobody planned (and fail half-way, or worse, succeed).
     */
    private void refuseDrift(StateStore state, Migration migration, Step next, List<String> ran) throws SQLException {
        Optional<Drift.Found> found = Drift.find(connection, state, migration, Optional.of(next));
        if (found.isEmpty()) {
            return;
        }
        throw new DriftException("the tables of migration " + migration.id() + " were changed outside Strata since "
                + found.get().since() + ", so " + (ran.isEmpty() ? "nothing was run" : "nothing after " + ran.getLast()
                        + " was run") + ":\n"
                + found.get().changes().stream().map(line -> "  " + line).collect(Collectors.joining("\n"))
                + "\neither undo these changes and rerun strata apply to continue the migration, or run strata abandon"
                + " (it removes the migration's sync triggers and shadow columns; steps done stay done) and plan again"
                + " against the database as it is now");
    }

    private Plan newPlan(PlanSource source) {
        return switch (source) {
            case PlanSource.Desired d -> {
                Plan plan = PlanService.plan(connection, d.schema(), d.description(), RestoreRate.DEFAULT, d.dropNow());
                yield d.reviewRules().map(rules -> plan.withReviewRules(rules, true, d.schema().catalog())).orElse(plan);
            }
            case PlanSource.Saved s -> {
                Plan plan = s.plan();
                if (plan.catalogFingerprint().isEmpty()) {
                    throw new StrataException("this plan was made offline (plan --from) and cannot be applied with"
                            + " --plan: make it against the database (strata plan --url … --format json) or apply"
                            + " with --desired");
                }
                int serverMajor = serverMajor();
                if (plan.pgMajor() > serverMajor) {
                    throw new StrataException("this plan was made for PostgreSQL " + plan.pgMajor() + " and the server runs "
                            + serverMajor + ": some of its statements need the newer server; plan again against this one");
                }
                if (!plan.isEmpty() && !PlanService.madeFor(connection, plan.catalogFingerprint())) {
                    throw new StrataException("the database schema changed since this plan was made (catalog"
                            + " fingerprint differs): plan again with strata plan --url … --format json and review"
                            + " the new plan");
                }
                yield plan;
            }
        };
    }

    /** The plan with its preflight findings, logged; refuses a plan a check says would fail. */
    private Plan preflighted(Plan plan, PlanSource source) {
        if (source instanceof PlanSource.Saved && plan.preflight().checks().isEmpty()) {
            // Saved before plans kept their checks, or with none to ask (docs/plan-json.md#preflight).
            log.accept("preflight: not run for a saved plan (apply --desired checks the live data before EXPAND)");
            return plan;
        }
        Plan checked = preflight.get().apply(plan);
        List<PreflightFinding> found = checked.preflight().findings().orElse(List.of());
        found.stream().filter(f -> f.status() == PreflightFinding.Status.NOT_CHECKED)
                .forEach(f -> log.accept("preflight: " + f.line()));
        List<PreflightFinding> failures = checked.preflight().failures();
        if (!failures.isEmpty()) {
            throw new StrataException("preflight: this migration would fail on the live data, so nothing was run:\n"
                    + failures.stream().map(f -> "  " + f.line()).collect(Collectors.joining("\n"))
                    + "\ncorrect those rows (or the schema) and rerun, or rerun with --skip-preflight to start it anyway");
        }
        long passed = found.stream().filter(f -> f.status() == PreflightFinding.Status.PASSES).count();
        if (!found.isEmpty()) {
            log.accept("preflight: " + passed + " of " + count(found.size(), "check")
                    + " passed on the live data");
        }
        return checked;
    }

    private int serverMajor() {
        try {
            return connection.getMetaData().getDatabaseMajorVersion();
        } catch (SQLException e) {
            throw new StrataException("cannot read the server version: " + firstLine(e), e);
        }
    }

    private void refuseViolations(Plan plan) {
        if (plan.violations().isEmpty() || options.allowBlocking()) {
            return;
        }
        throw new StrataException("the lock policy refuses this plan:\n" + plan.violations().stream()
                .map(v -> "  " + v.stepId() + ": " + v.message()).collect(Collectors.joining("\n"))
                + "\nchange the schema so no step blocks traffic while it scans or rewrites, or rerun with --allow-blocking");
    }

    private void refuseDataLoss(Plan plan, java.util.Set<String> done, PhaseSelection selection) {
        if (options.allowDataLoss()) {
            return;
        }
        List<String> losses = new ArrayList<>();
        for (Phase phase : selection.phases()) {
            for (Step step : plan.steps(phase)) {
                if (step instanceof DdlStep d && d.dataLoss().isPresent() && !done.contains(step.id())) {
                    losses.add("  " + step.id() + ": " + d.dataLoss().get().describe());
                }
            }
        }
        if (!losses.isEmpty()) {
            throw new StrataException("refusing to run steps that can lose data (nothing was run):\n"
                    + String.join("\n", losses) + "\nrerun with --allow-data-loss to accept that");
        }
    }

    private void refuseWithoutArchive(Plan plan, Phase phase, Map<String, Integer> done, List<String> ran) {
        if (archiveMaxAge.isEmpty()) {
            return;
        }
        List<String> losing = plan.steps(phase).stream()
                .filter(s -> s instanceof DdlStep d && d.dataLoss().isPresent() && !done.containsKey(s.id()))
                .map(Step::id).toList();
        if (losing.isEmpty()) {
            return;
        }
        Duration maxAge = archiveMaxAge.get();
        RecoveryFacts.read(connection, RestoreRate.DEFAULT).archiveRefusal(maxAge.toSeconds()).ifPresent(why -> {
            throw new StrataException("refusing to start " + phase.name().toLowerCase(java.util.Locale.ROOT) + " ("
                    + String.join(", ", losing) + (losing.size() == 1 ? " loses" : " lose") + " data; " + (ran.isEmpty() ? "nothing was run" : "nothing after " + ran.getLast() + " was run")
                    + "): " + why + "; make WAL archiving work (check pg_stat_archiver; SELECT pg_switch_wal() archives"
                    + " the current segment) and rerun, or rerun without --require-archive-age to go without a restore"
                    + " point");
        });
    }

    /** Refuses, before anything runs, the selected steps on large tables that no {@code --reviewed-by} name approves. */
    private void refuseUnreviewed(Plan plan, java.util.Set<String> done, PhaseSelection selection) {
        List<String> missing = new ArrayList<>();
        for (Phase phase : selection.phases()) {
            for (Step step : plan.steps(phase)) {
                if (done.contains(step.id())) {
                    continue;
                }
                for (Review review : plan.reviews().of(step.id())) {
                    if (review.approvedBy(reviewedBy).isEmpty()) {
                        missing.add("step " + step.id() + " on large table " + review.table() + " needs review by "
                                + (review.reviewers().isEmpty() ? "anyone (no reviewer rule matches the table)"
                                        : "one of " + String.join(", ", review.reviewers()))
                                + ": rerun with --reviewed-by NAME"
                                + (reviewedBy.isEmpty() ? "" : " (" + String.join(", ", reviewedBy)
                                        + (reviewedBy.size() == 1 ? " is" : " are") + " not among them)")
                                + "; nothing was run");
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new StrataException(String.join("\n", missing));
        }
    }

    /** Who approved each step that needs review, as the rules spell the names. */
    private Map<String, String> approvals(Plan plan) {
        Map<String, java.util.Set<String>> approved = new java.util.LinkedHashMap<>();
        for (Review review : plan.reviews().steps()) {
            review.approvedBy(reviewedBy).ifPresent(name ->
                    approved.computeIfAbsent(review.stepId(), id -> new java.util.LinkedHashSet<>()).add(name));
        }
        Map<String, String> joined = new java.util.LinkedHashMap<>();
        approved.forEach((step, names) -> joined.put(step, String.join(", ", names)));
        return joined;
    }

    private ApplyResult run(StateStore state, Migration migration, PhaseSelection selection) throws SQLException {
        try (LockWatch watch = new LockWatch(watchSessions, options.lockTimeout(), timing.nanoTime(), log);
                ProgressWatch steps = new ProgressWatch(watchSessions, progress, timing.nanoTime(), log)) {
            return run(state, migration, selection, new LockRetry(options.maxAttempts(), options.lockTimeout(), timing,
                    log, watch), steps);
        }
    }

    private ApplyResult run(StateStore state, Migration migration, PhaseSelection selection, LockRetry retry,
            ProgressWatch steps) throws SQLException {
        Plan plan = migration.plan();
        Map<String, Integer> done = state.doneSteps(migration.id());
        state = state.recordingReviewers(approvals(plan));
        DdlRunner ddl = new DdlRunner(connection, state, options, retry, listener, plan, steps);
        BackfillRunner backfill = new BackfillRunner(connection, state, options, retry, listener, progress, timing);
        List<String> ran = new ArrayList<>();
        Optional<Long> id = Optional.of(migration.id());
        for (Phase phase : selection.phases()) {
            for (Phase earlier : Phase.values()) {
                if (earlier.compareTo(phase) < 0 && !pending(plan, earlier, done).isEmpty()) {
                    throw new StrataException(phase.title() + " needs " + earlier.title() + " done first (pending: "
                            + String.join(", ", pending(plan, earlier, done)) + "): run strata apply --phase "
                            + earlier.name().toLowerCase(java.util.Locale.ROOT));
                }
            }
            refuseWithoutArchive(plan, phase, done, ran);
            Optional<Gate> gate = plan.phase(phase).flatMap(PhasePlan::gate);
            if (gate.isPresent() && !migration.confirmed(gate.get().kind())) {
                if (!options.confirmGates() && !gates.confirm(gate.get())) {
                    log.accept("stopped at gate " + gate.get().id() + ": " + gate.get().title()
                            + " (before " + phase.title() + ")");
                    gate.get().instructions().forEach(line -> log.accept("  - " + line));
                    log.accept("once that is true, rerun with --yes (or answer y on a terminal)");
                    return new ApplyResult(ApplyResult.Outcome.WAITING_AT_GATE, id, ran);
                }
                state.confirmGate(migration.id(), gate.get().kind());
                log.accept("gate " + gate.get().id() + " confirmed: " + gate.get().title());
            }
            for (Step step : plan.steps(phase)) {
                if (done.containsKey(step.id())) {
                    continue;
                }
                refuseDrift(state, migration, step, ran);
                long started = timing.nanoTime().getAsLong();
                listener.beforeStep(step);
                int attempts;
                try {
                    attempts = switch (step) {
                        case DdlStep d -> ddl.run(migration.id(), d);
                        case BackfillStep b -> {
                            backfill.run(migration.id(), b);
                            yield 1;
                        }
                    };
                } catch (SQLException e) {
                    if (LostConnection.is(e)) {
                        throw LostConnection.during(step, "", e, "it is not recorded as done; rerun strata apply to"
                                + " resume from it");
                    }
                    throw new StrataException("step " + step.id() + " (" + step.summary() + ") failed: " + firstLine(e)
                            + leftBehind(ddl, step)
                            + "\nit was not recorded as done; fix the cause and rerun strata apply to retry it", e);
                } catch (StrataException e) {
                    String left = leftBehind(ddl, step);
                    throw left.isEmpty() ? e : new StrataException(e.getMessage() + left, e);
                }
                done.put(step.id(), attempts);
                ran.add(step.id());
                listener.afterStep(step);
                long millis = (timing.nanoTime().getAsLong() - started) / 1_000_000;
                log.accept(step.id() + " done: " + step.summary() + " (" + millis + " ms"
                        + (attempts > 1 ? ", " + attempts + " attempts" : "") + ")");
            }
        }
        if (plan.steps().stream().allMatch(s -> done.containsKey(s.id()))) {
            state.finish(migration.id(), Migration.Status.DONE);
            log.accept("migration " + migration.id() + " done");
            return new ApplyResult(ApplyResult.Outcome.MIGRATION_DONE, id, ran);
        }
        nextGate(plan, done).ifPresent(g -> {
            log.accept("next: gate " + g.id() + ": " + g.title() + " — then strata apply --phase "
                    + g.before().name().toLowerCase(java.util.Locale.ROOT));
            g.instructions().forEach(line -> log.accept("  - " + line));
        });
        return new ApplyResult(ApplyResult.Outcome.PHASES_DONE, id, ran);
    }

    /** What a failed step left behind and what became of it, as lines to append to its error; empty for none. */
    private static String leftBehind(DdlRunner ddl, Step step) {
        return step instanceof DdlStep d
                ? ddl.dropInvalidIndexesLeftBy(d).stream().map(line -> "\n" + line).collect(Collectors.joining())
                : "";
    }

    static List<String> pending(Plan plan, Phase phase, Map<String, Integer> done) {
        return plan.steps(phase).stream().map(Step::id).filter(s -> !done.containsKey(s)).toList();
    }

    /** The gate before the first phase that still has work. */
    static Optional<Gate> nextGate(Plan plan, Map<String, Integer> done) {
        return plan.phases().stream().filter(p -> p.steps().stream().anyMatch(s -> !done.containsKey(s.id())))
                .findFirst().flatMap(PhasePlan::gate);
    }

    /**
     * Marks the running migration abandoned, then removes what only an unfinished migration needs wherever it is
     * found (sync triggers and their functions, shadow columns, the INVALID and temporary indexes the migration's
     * concurrent builds left, the materialized view a replaced query was built as and never swapped in, the new column
     * of a rename whose old column is still there), each table's in one short transaction under
     * the default lock timeout, with retries. The steps done stay done: new columns, tables and indexes are left in
     * place.
     */
    public static AbandonResult abandon(Connection connection) {
        try {
            connection.setAutoCommit(true);
            ApplyLock.acquire(connection);
            try {
                StateStore state = new StateStore(connection);
                Optional<MigrationStatus> status = Optional.empty();
                Set<QualifiedName> built = new HashSet<>();
                List<DualWrite> renames = new ArrayList<>();
                if (state.exists()) {
                    Optional<Migration> running = state.running();
                    if (running.isPresent()) {
                        status = Optional.of(MigrationStatus.of(state, running.get()));
                        state.finish(running.get().id(), Migration.Status.ABANDONED);
                    }
                    Optional<Migration> latest = state.latest();
                    latest.ifPresent(m -> m.plan().steps().forEach(step -> {
                        if (step instanceof DdlStep d) {
                            DdlRunner.indexBuiltBy(d).ifPresent(built::add);
                            // A replacement materialized view is built in a transaction, so no ConcurrentIndex names
                            // it; the step that swaps it in locks it.
                            d.locks().stream().map(LockHold::target).filter(t -> t instanceof LockTarget.Relation)
                                    .map(LockTarget::name)
                                    .filter(n -> n.name().endsWith(Scaffolding.REPLACEMENT_INDEX_SUFFIX))
                                    .forEach(built::add);
                        }
                    }));
                    // A finished migration's renames are done: a column of the old name seen now is someone else's.
                    latest.filter(m -> m.status() == Migration.Status.ABANDONED).ifPresent(m -> m.plan().dualWrites()
                            .stream().filter(d -> d.kind() == DualWrite.Kind.RENAME_COLUMN).forEach(renames::add));
                }
                Leftovers.Cleanup cleanup = Leftovers.remove(connection, built, renames, ApplyOptions.defaults(),
                        line -> {});
                return new AbandonResult(status, cleanup.removed(), cleanup.kept());
            } finally {
                ApplyLock.release(connection);
            }
        } catch (SQLException e) {
            throw new StrataException("abandon failed: " + firstLine(e), e);
        }
    }

    static String firstLine(SQLException e) {
        String text = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return text.lines().findFirst().orElse(text).strip();
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
