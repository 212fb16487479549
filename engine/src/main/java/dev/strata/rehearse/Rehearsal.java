package dev.strata.rehearse;

import dev.strata.ddl.CreateDdl;
import dev.strata.diagnostics.StrataException;
import dev.strata.execute.ApplyOptions;
import dev.strata.execute.Executor;
import dev.strata.execute.PhaseSelection;
import dev.strata.execute.PlanService;
import dev.strata.execute.PlanSource;
import dev.strata.execute.Progress;
import dev.strata.expr.SingleStatement;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.LockTarget;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.RestoreRate;
import dev.strata.plan.Step;
import dev.strata.plan.TableFacts;
import dev.strata.plan.TableWork;
import dev.strata.scratch.Scratch;
import dev.strata.scratch.ScratchDatabase;
import dev.strata.sql.Identifiers;
import dev.strata.yaml.LoadedSchema;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * {@code strata rehearse}: runs the plan from production's schema to the desired one on a scratch server, at several
 * fractions of production's row counts, with synthetic rows shaped by production's planner statistics and an
 * application workload beside it, measures every step ({@link StepProbe}) and projects each figure to production
 * ({@link Projection}).
 *
 * <p>Production is never written: this class never connects to it. The caller reads its catalog and statistics
 * ({@link StatisticsReader}) and hands them in; everything here happens in fresh databases on the scratch server, one
 * per scale, dropped afterwards. There the plan runs with the real {@link Executor}, gates confirmed, data loss and
 * blocking allowed, since nothing there is anyone's data.
 */
public final class Rehearsal {

    /** A rewrite or a shadow column can double a table while the plan runs: the budget covers both copies. */
    private static final int HEADROOM = 2;
    /** How long the workload runs before the plan starts: its statements then are the baseline of "waited beyond". */
    private static final Duration WARM_UP = Duration.ofSeconds(1);
    private static final String AFTER_CONTRACT = "the workload is the old application: once CONTRACT removed what it"
            + " used, its statements failed, as expected after the read-switch gate (none failed before CONTRACT)";

    private Rehearsal() {}

    public static RehearsalReport run(RehearsalInput input, RehearsalOptions options, Consumer<String> log) {
        Catalog current = input.current();
        List<String> notes = new ArrayList<>();
        // Which tables the plan touches: planned against production's own sizes, before anything is filled.
        Plan sketch = PlanService.plan(current, input.desired(), input.major(), facts(input), input.source(), List.of(),
                options.dropNow());
        if (sketch.isEmpty()) {
            notes.add("the desired schema matches production's: no step to rehearse");
            return new RehearsalReport(input.source(), input.major(), "none (nothing to rehearse)",
                    options.workload().describe(), List.of(), List.of(), options.thresholds(), notes);
        }
        Set<QualifiedName> touched = touched(sketch, current);
        Set<QualifiedName> filled = new TreeSet<>(SyntheticRows.withParents(current, touched));
        // Synthetic rows are shaped per table and inserted into it: a partition tree would need them routed by bound.
        List<QualifiedName> partitioned = filled.stream()
                .filter(n -> current.table(n).map(Table::inPartitionTree).orElse(false)).toList();
        if (!partitioned.isEmpty()) {
            throw new StrataException("rehearse cannot fill partitioned tables or partitions yet (" + partitioned.stream()
                    .map(QualifiedName::toString).collect(java.util.stream.Collectors.joining(", "))
                    + "): plan the change with strata plan, whose steps state their locks (docs/locks.md#partitions)");
        }
        Map<QualifiedName, TableStatistics> statistics = new TreeMap<>();
        for (QualifiedName name : filled) {
            Table table = current.table(name).orElseThrow();
            statistics.put(name, Optional.ofNullable(input.production().get(name)).orElseGet(() -> {
                notes.add("no statistics for " + name + ": filled as an empty table's shape (0 rows in production)");
                return StatisticsReader.assumed(table, name, 0);
            }));
        }
        List<Double> scales = withinBudget(options, current, statistics, notes);
        if (options.workload() instanceof RehearsalOptions.WorkloadChoice.Synthetic && touched.isEmpty()) {
            notes.add("the plan touches no existing table: no workload ran");
        }

        List<ScaleRun> runs = new ArrayList<>();
        Map<String, Step> steps = new LinkedHashMap<>();
        Map<String, List<Sample>> samples = new LinkedHashMap<>();
        String scratchName;
        try (ScratchDatabase server = options.scratch().open(input.major())) {
            scratchName = server.description();
            for (double scale : scales) {
                runs.add(runScale(input, options, server, scale, filled, touched, statistics, steps, samples, notes, log));
            }
        }

        List<StepReport> reports = new ArrayList<>();
        for (var entry : steps.entrySet()) {
            Step step = entry.getValue();
            Optional<QualifiedName> table = table(step, filled, statistics);
            long productionRows = table.map(t -> statistics.get(t).rows()).orElse(0L);
            List<Sample> measured = samples.getOrDefault(entry.getKey(), List.of());
            reports.add(StepReport.of(step.id(), step.phase(), step.summary(), lock(step), table, productionRows,
                    measured, table.isEmpty() ? StepReport.Growth.NOTHING : growth(step), options.thresholds()));
        }
        if (scales.stream().distinct().count() == 2) {
            notes.add("two scales: a line through two points always fits (R² 1); three or more say how good the fit is");
        }
        return new RehearsalReport(input.source(), input.major(), scratchName, options.workload().describe(), runs,
                reports, options.thresholds(), notes);
    }

    /**
     * The tables whose statistics a rehearsal needs: those the plan from {@code current} to {@code desired} touches, and
     * every table their foreign keys reach. The caller reads only these from production.
     */
    public static Set<QualifiedName> tablesToRead(Catalog current, LoadedSchema desired, int major) {
        Plan sketch = PlanService.plan(current, desired, major, Map.of(), "production", List.of());
        return new TreeSet<>(SyntheticRows.withParents(current, touched(sketch, current)));
    }

    private static ScaleRun runScale(RehearsalInput input, RehearsalOptions options, ScratchDatabase server, double scale,
            Set<QualifiedName> filled, Set<QualifiedName> touched, Map<QualifiedName, TableStatistics> statistics,
            Map<String, Step> steps, Map<String, List<Sample>> samples, List<String> notes, Consumer<String> log) {
        Map<QualifiedName, Long> rows = new TreeMap<>();
        filled.forEach(t -> rows.put(t, rowsAt(scale, statistics.get(t).rows())));
        log.accept("rehearsing at " + percent(scale) + ": " + rows.entrySet().stream()
                .map(e -> e.getKey() + " " + String.format(Locale.ROOT, "%,d", e.getValue()) + " rows")
                .collect(Collectors.joining(", ")));
        try (ScratchDatabase db = Scratch.on(server.settings(), input.major()); Connection c = db.connect()) {
            build(c, input.current());
            FillResult fill = SyntheticRows.fill(c, input.current(), statistics, rows, options.seed());
            analyze(c, filled);
            Plan plan = PlanService.plan(c, input.desired(), db.description(), RestoreRate.DEFAULT, options.dropNow(), true);
            plan.steps().forEach(s -> steps.putIfAbsent(s.id(), s));
            Instant start;
            Duration ran;
            List<StepMeasurement> measurements;
            try (Workload workload = workload(options, db, input.current(), touched);
                 StepProbe probe = StepProbe.attach(db.settings(), c, workload, StepProbe.DEFAULT_SAMPLE_EVERY)) {
                workload.start();
                if (!(options.workload() instanceof RehearsalOptions.WorkloadChoice.None)) {
                    // The statements before the first step are the workload's baseline.
                    Thread.sleep(WARM_UP.toMillis());
                }
                start = Instant.now();
                new Executor(c, ApplyOptions.defaults().withAllowDataLoss(true).withAllowBlocking(true).withConfirmGates(true), log)
                        .withListener(probe)
                        .withProgress(Progress.NONE)
                        .apply(new PlanSource.Saved(plan), PhaseSelection.ALL);
                ran = Duration.between(start, Instant.now());
                measurements = probe.measurements();
                workload.notes().stream().filter(n -> !notes.contains(n)).forEach(notes::add);
                // Once CONTRACT removes what the old application used, its statements fail: expected, since the
                // read-switch gate stands for its replacement. Before that, a failure is a finding.
                boolean broken = measurements.stream().anyMatch(m -> m.phase() != Phase.CONTRACT && m.workloadFailures() > 0);
                if (broken) {
                    workload.failureMessages().forEach(f -> notes.add("at " + percent(scale)
                            + " the old application's statements failed before CONTRACT: " + f));
                } else if (!workload.failureMessages().isEmpty() && !notes.contains(AFTER_CONTRACT)) {
                    notes.add(AFTER_CONTRACT);
                }
            }
            Map<QualifiedName, Long> actual = fill.rows().isEmpty() ? rows : fill.rows();
            for (StepMeasurement m : measurements) {
                Step step = steps.get(m.stepId());
                long stepRows = step == null ? 0 : table(step, filled, statistics).map(t -> actual.getOrDefault(t, 0L)).orElse(0L);
                samples.computeIfAbsent(m.stepId(), k -> new ArrayList<>()).add(sample(scale, stepRows, m));
            }
            return new ScaleRun(scale, actual, fill.took(), ran);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StrataException("rehearsal at " + percent(scale) + " interrupted", e);
        } catch (SQLException e) {
            throw new StrataException(server.settings().scrub("rehearsal at " + percent(scale) + " on " + server.description()
                    + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("")), e);
        }
    }

    static Sample sample(double scale, long rows, StepMeasurement m) {
        List<String> locks = m.locks().stream()
                .sorted(Comparator.comparing(HeldLock::held).reversed()
                        .thenComparing(h -> h.relation().toString()).thenComparing(h -> h.mode().ordinal()))
                .map(h -> h.mode().label() + " on " + h.relation() + " for " + h.held().toMillis() + " ms")
                .toList();
        return new Sample(scale, rows, m.wall(), m.longestBlockingHold(), m.longestApplicationWait(), m.walBytes(),
                m.tableGrowthBytes() + m.indexGrowthBytes(), locks, m.rewritten(), m.workloadStatements(),
                m.workloadFailures());
    }

    private static Workload workload(RehearsalOptions options, ScratchDatabase db, Catalog current, Set<QualifiedName> touched) {
        return switch (options.workload()) {
            case RehearsalOptions.WorkloadChoice.Synthetic s -> touched.isEmpty() || s.transactionsPerSecond() <= 0
                    ? Workload.none()
                    : Workload.synthetic(db.settings(), current, touched, s.transactionsPerSecond(), options.seed());
            case RehearsalOptions.WorkloadChoice.Pgbench p -> Workload.pgbench(db.settings(), p.script(), p.transactionsPerSecond());
            case RehearsalOptions.WorkloadChoice.None n -> Workload.none();
        };
    }

    /** Production's schema, as {@code strata ddl} builds it, in one transaction. */
    private static void build(Connection c, Catalog current) throws SQLException {
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
            for (String sql : CreateDdl.statements(current)) {
                if (!SingleStatement.isSingle(sql)) {
                    throw new StrataException("refusing to send production's schema to the scratch server: a statement"
                            + " is not exactly one: " + sql.lines().findFirst().orElse(""));
                }
                st.execute(sql);
            }
            c.commit();
        } finally {
            c.setAutoCommit(true);
        }
    }

    /** The planner then sees what production's planner sees, as far as synthetic rows can make it. */
    private static void analyze(Connection c, Set<QualifiedName> tables) throws SQLException {
        try (Statement st = c.createStatement()) {
            for (QualifiedName t : tables) {
                st.execute("ANALYZE " + Identifiers.qualified(t));
            }
        }
    }

    /** The existing tables the plan locks or backfills. */
    static Set<QualifiedName> touched(Plan plan, Catalog current) {
        Set<QualifiedName> touched = new TreeSet<>();
        for (Step step : plan.steps()) {
            switch (step) {
                case BackfillStep b -> touched.add(b.table());
                case DdlStep d -> d.locks().forEach(l -> {
                    if (l.target() instanceof LockTarget.Relation(QualifiedName name) && current.table(name).isPresent()) {
                        touched.add(name);
                    }
                });
            }
        }
        touched.removeIf(t -> current.table(t).isEmpty());
        return touched;
    }

    /** The filled table a step works on (the largest, when it locks several): its rows are what its figures grow with. */
    static Optional<QualifiedName> table(Step step, Set<QualifiedName> filled, Map<QualifiedName, TableStatistics> statistics) {
        return switch (step) {
            case BackfillStep b -> Optional.of(b.table()).filter(filled::contains);
            case DdlStep d -> d.locks().stream()
                    .map(LockHold::target)
                    .filter(t -> t instanceof LockTarget.Relation)
                    .map(LockTarget::name)
                    .filter(filled::contains)
                    .max(Comparator.comparingLong((QualifiedName t) -> statistics.get(t).rows())
                            .thenComparing(Comparator.reverseOrder()));
        };
    }

    /** Which of the step's figures grow with its table's rows, from the work the plan says it does under each lock. */
    static StepReport.Growth growth(Step step) {
        return switch (step) {
            case BackfillStep b -> StepReport.Growth.WORK_ONLY;
            case DdlStep d -> d.locks().stream().anyMatch(LockHold::blocksTrafficDuringFullTableWork)
                    ? StepReport.Growth.EVERY_FIGURE
                    : d.locks().stream().anyMatch(l -> l.work() != TableWork.CATALOG_ONLY)
                    ? StepReport.Growth.WORK_ONLY : StepReport.Growth.NOTHING;
        };
    }

    /** The strongest lock the plan says the step takes, and on what. */
    static String lock(Step step) {
        List<LockHold> locks = switch (step) {
            case BackfillStep b -> b.locks();
            case DdlStep d -> d.locks();
        };
        Optional<LockMode> strongest = locks.stream().map(LockHold::mode).max(Comparator.naturalOrder());
        return strongest.map(mode -> mode.label() + " on " + locks.stream().filter(l -> l.mode() == mode)
                .map(LockHold::describeTarget).distinct().sorted().collect(Collectors.joining(", "))).orElse("none");
    }

    private static Map<QualifiedName, TableFacts> facts(RehearsalInput input) {
        Map<QualifiedName, TableFacts> facts = new TreeMap<>();
        input.production().forEach((name, s) -> facts.put(name, new TableFacts(s.pages() * 8192, s.rows(), s.rows() == 0)));
        return facts;
    }

    /**
     * The scales, shrunk in proportion when the largest would not fit {@code --max-scratch-gb} (its tables and indexes,
     * twice: a rewrite or shadow column may copy them while the plan runs).
     */
    static List<Double> withinBudget(RehearsalOptions options, Catalog current,
            Map<QualifiedName, TableStatistics> statistics, List<String> notes) {
        List<Double> scales = options.scales().stream().sorted().toList();
        if (options.maxScratchBytes().isEmpty()) {
            return scales;
        }
        long budget = options.maxScratchBytes().get();
        double largest = scales.getLast();
        long estimate = 0;
        // The estimate is a fixed cost per table (empty pages) plus bytes per row: the fixed part does not shrink with
        // the scale, and a scale's rows round up by at most one per table, so both come off the budget first.
        double fixed = 0;
        double perScale = 0;
        for (var e : statistics.entrySet()) {
            Table table = current.table(e.getKey()).orElseThrow();
            long rows = e.getValue().rows();
            estimate += HEADROOM * SyntheticRows.estimatedBytes(table, e.getValue(), rowsAt(largest, rows));
            long empty = SyntheticRows.estimatedBytes(table, e.getValue(), 0);
            double perRow = rows > 0 ? (double) (SyntheticRows.estimatedBytes(table, e.getValue(), rows) - empty) / rows : 0;
            fixed += HEADROOM * (empty + perRow + 1);
            perScale += HEADROOM * perRow * rows;
        }
        if (estimate <= budget) {
            return scales;
        }
        double fits = (budget - fixed) / perScale;
        if (!(fits > 0)) {
            throw new StrataException("--max-scratch-gb " + gigabytes(budget) + " is less than the tables a rehearsal"
                    + " fills need on the scratch server at any scale (about " + gigabytes(Math.round(fixed)) + ")");
        }
        double factor = fits / largest;
        List<Double> shrunk = scales.stream().map(s -> s * factor).toList();
        notes.add("the largest scale (" + percent(largest) + ") would need about " + gigabytes(estimate)
                + " on the scratch server, over --max-scratch-gb " + gigabytes(budget) + ": scales shrunk to "
                + shrunk.stream().map(Rehearsal::percent).collect(Collectors.joining(", ")));
        return shrunk;
    }

    static long rowsAt(double scale, long productionRows) {
        if (productionRows <= 0) {
            return 0;
        }
        return Math.max(1, Math.round(scale * productionRows));
    }

    static String percent(double fraction) {
        return BigDecimal.valueOf(fraction * 100).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString() + " %";
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.2f GB", bytes / 1e9);
    }
}
