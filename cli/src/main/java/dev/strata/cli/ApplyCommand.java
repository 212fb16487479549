package dev.strata.cli;

import dev.strata.connect.ConnectionSettings;
import dev.strata.connect.Connections;
import dev.strata.diagnostics.StrataException;
import dev.strata.execute.ApplyOptions;
import dev.strata.execute.ApplyResult;
import dev.strata.execute.Executor;
import dev.strata.execute.GateConfirmation;
import dev.strata.execute.LogProgress;
import dev.strata.execute.PhaseSelection;
import dev.strata.execute.PlanSource;
import dev.strata.execute.StepListener;
import dev.strata.plan.PlanJson;
import dev.strata.yaml.ProjectConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.Console;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

@Command(name = "apply", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Applies the phased change set to the database: expand, then (after the dual-write deploy) backfill,",
                "then (after the read-switch deploy) contract. Progress is kept in the database's strata schema:",
                "rerun the same command after any interruption and it continues where it stopped."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done, or nothing to do", "1:invalid input, a refusal (e.g. preflight says the migration would"
                        + " fail) or an operational error",
                "3:stopped at a gate waiting for confirmation (--yes, or y on a terminal)",
                "4:the running migration's tables were changed outside Strata, or --desired/--plan is not what it was"
                        + " started with; nothing was run (undo the change and rerun, or strata abandon and plan again)",
                ErrorHandler.USAGE_EXIT_CODE})
final class ApplyCommand implements Callable<Integer> {

    static final int WAITING_AT_GATE = 3;

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL",
            description = "the database (postgres://… or jdbc:postgresql://…; PG* variables fill the gaps)")
    private String url;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Source source;

    static final class Source {
        @Option(names = "--desired", paramLabel = "DIR", description = "the directory of schema YAML files you want (planned live)")
        Path desired;

        @Option(names = "--plan", paramLabel = "FILE", description = "a reviewed plan saved with strata plan --url … --format json")
        Path plan;
    }

    @Option(names = "--phase", paramLabel = "PHASE", required = true, description = "expand, backfill, contract or all")
    private String phase;

    @Option(names = "--yes", description = "confirm the gates (the application deploys they ask for are done)")
    private boolean yes;

    @Option(names = "--allow-data-loss", description = "run steps that delete data (dropped columns and tables) or narrow a column's type (a value that does not fit still stops the migration)")
    private boolean allowDataLoss;

    @Option(names = "--drop-now", negatable = true, description = "destroy dropped tables and columns (DROP TABLE, DROP COLUMN: data loss) instead"
            + " of keeping them in strata_archive until purged; applies when a migration starts (default: on when"
            + " strata.yaml says retain: false)")
    private Boolean dropNow;

    @Option(names = "--allow-blocking", description = "run steps the lock policy refuses (they block traffic while they scan or rewrite)")
    private boolean allowBlocking;

    @Option(names = "--lock-timeout", paramLabel = "MS", defaultValue = "2000",
            description = "how long a statement waits for its lock before it gives up and is retried (default ${DEFAULT-VALUE})")
    private long lockTimeoutMillis;

    @Option(names = "--max-attempts", paramLabel = "N", defaultValue = "10",
            description = "attempts per step when its lock is not available (default ${DEFAULT-VALUE})")
    private int maxAttempts;

    @Option(names = "--statement-timeout", paramLabel = "MS", defaultValue = "60000",
            description = "statement_timeout for catalog-only DDL (default ${DEFAULT-VALUE}); scans and backfills have none")
    private long statementTimeoutMillis;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "1000", description = "rows per backfill batch (default ${DEFAULT-VALUE})")
    private int batchSize;

    @Option(names = "--batch-pause", paramLabel = "MS", defaultValue = "0", description = "pause between backfill batches (default ${DEFAULT-VALUE})")
    private long batchPauseMillis;

    @Option(names = "--rows-per-second", paramLabel = "N", defaultValue = "0", description = "backfill rate cap; 0 = none (default)")
    private long rowsPerSecond;

    @Option(names = "--require-archive-age", paramLabel = "DURATION",
            description = "refuse to start a phase with a step that loses data unless WAL archiving is on, its last attempt"
                    + " succeeded, and it archived a segment at most DURATION ago (e.g. 30m, 1h, 2d)")
    private String requireArchiveAge;
    @Option(names = "--reviewed-by", paramLabel = "NAME",
            description = "who reviewed the plan (repeatable): steps on large tables (strata.yaml review rules) run only"
                    + " when a NAME is one of their reviewers, and are recorded with it")
    private List<String> reviewedBy = new ArrayList<>();

    @Option(names = "--skip-preflight", description = "start a new migration without preflight, which otherwise counts"
            + " the live rows that would make a constraint or conversion of the plan fail and refuses to start if any would")
    private boolean skipPreflight;

    @Mixin
    private PreflightOptions preflightOptions;

    /** Told of every step the executor runs: the tests' fault injection; {@link StepListener#NONE} otherwise. */
    private final StepListener listener;

    ApplyCommand(Map<String, String> environment, StepListener listener) {
        this.environment = environment;
        this.listener = listener;
    }

    @Override
    public Integer call() {
        PhaseSelection selection = selection();
        ApplyOptions options = options();
        Optional<Duration> archiveMaxAge = Optional.ofNullable(requireArchiveAge).map(this::archiveAge);
        checkReviewers();
        PrintWriter out = spec.commandLine().getOut();
        Consumer<String> log = line -> {
            out.println(line);
            out.flush();
        };
        if (dropNow != null && source.desired == null) {
            throw new StrataException("--drop-now applies to --desired: a saved plan already says how it drops tables and columns"
                    + " (make it with strata plan --drop-now)");
        }
        PlanSource planSource = source.desired != null ? null : new PlanSource.Saved(readPlan(source.plan));
        ConnectionSettings settings = Database.settings(url, environment);
        if (planSource == null) {
            ProjectConfig.Settings config = ProjectConfig.load(source.desired);
            planSource = new PlanSource.Desired(SchemaDirectory.declared(source.desired), settings.redacted(),
                    config.review(), dropNow != null ? dropNow : !config.retain());
        }
        Console console = System.console();
        PlanSource toApply = planSource;
        ApplyResult result = Database.run(settings, "apply the plan to", connection -> preflighted(archived(
                new Executor(connection, options, log), archiveMaxAge))
                .withLockWatch(() -> Connections.open(settings))
                .withListener(listener)
                .withProgress(console != null ? new TerminalProgress(System.err) : new LogProgress(log))
                .withGates(console != null ? ask(console) : GateConfirmation.NOBODY)
                .withReviewedBy(reviewedBy)
                .apply(toApply, selection));
        return result.outcome() == ApplyResult.Outcome.WAITING_AT_GATE ? WAITING_AT_GATE : 0;
    }

    private PhaseSelection selection() {
        try {
            return PhaseSelection.valueOf(phase.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--phase must be expand, backfill, contract or all, not '" + phase + "'");
        }
    }

    private Executor preflighted(Executor executor) {
        return skipPreflight ? executor
                : executor.withPreflight(preflightOptions.timeout(), preflightOptions.replicaOpener(environment));
    }

    private static Executor archived(Executor executor, Optional<Duration> maxAge) {
        return maxAge.map(executor::withArchiveRequirement).orElse(executor);
    }

    /** {@code 90s}, {@code 30m}, {@code 1h}, {@code 2d}. */
    private Duration archiveAge(String text) {
        return Ages.parse(text, Set.of("s", "m", "min", "h", "d")).filter(age -> !age.isZero()).orElseThrow(() ->
                new picocli.CommandLine.ParameterException(spec.commandLine(), "--require-archive-age must be a"
                        + " positive duration such as 90s, 30m, 1h or 2d, not '" + text + "'"));
    }

    private void checkReviewers() {
        if (reviewedBy.stream().anyMatch(String::isBlank)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--reviewed-by needs a name");
        }
    }

    private ApplyOptions options() {
        try {
            return new ApplyOptions(Duration.ofMillis(lockTimeoutMillis), maxAttempts, Duration.ofMillis(statementTimeoutMillis),
                    Duration.ZERO, batchSize, Duration.ofMillis(batchPauseMillis), rowsPerSecond, allowDataLoss,
                    allowBlocking, yes);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private static dev.strata.plan.Plan readPlan(Path file) {
        try {
            return PlanJson.read(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StrataException(file + ": cannot read the plan: " + e.getMessage());
        }
    }

    private static GateConfirmation ask(Console console) {
        return gate -> {
            console.printf("Gate %s: %s%n", gate.id(), gate.title());
            gate.instructions().forEach(i -> console.printf("  - %s%n", i));
            String answer = console.readLine("Is this deployed and true? [y/N] ");
            return answer != null && answer.strip().toLowerCase(Locale.ROOT).startsWith("y");
        };
    }
}
