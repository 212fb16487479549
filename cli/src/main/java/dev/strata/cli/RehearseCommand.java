package dev.strata.cli;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.PulledCatalog;
import dev.strata.connect.ConnectionSettings;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.rehearse.Rehearsal;
import dev.strata.rehearse.RehearsalInput;
import dev.strata.rehearse.RehearsalOptions;
import dev.strata.rehearse.RehearsalReport;
import dev.strata.rehearse.StatisticsReader;
import dev.strata.rehearse.TableStatistics;
import dev.strata.rehearse.Thresholds;
import dev.strata.rehearse.RehearsalRenderer;
import dev.strata.scratch.Scratch;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.ProjectConfig;
import dev.strata.yaml.SchemaFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "rehearse", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Runs the plan on a scratch PostgreSQL at a few fractions of production's row counts, with synthetic"
                + " rows shaped by production's planner statistics and an application workload beside it; measures every"
                + " step (duration, locks held, application waits, WAL, growth) and projects each figure to production's"
                + " rows (a least-squares line over row count).",
                "Production is only read: its catalog and pg_stats (no row, unless --sample), in a read-only session under"
                        + " --statement-timeout."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every step stays within the thresholds at production size",
                "1:invalid input or an operational error (no production or scratch server, a step failed on scratch)",
                RehearseCommand.EXCEEDED + ":a rehearsal's projected figure exceeds a threshold (--max-blocking-ms, --max-step-duration)",
                ErrorHandler.USAGE_EXIT_CODE})
final class RehearseCommand implements Callable<Integer> {

    /** A rehearsal's projected figure exceeds a threshold: CI gates on it. */
    static final int EXCEEDED = 5;

    private final Map<String, String> environment;
    private final Scratch.Source embedded;

    @Spec
    private CommandSpec spec;

    @Option(names = "--desired", paramLabel = "DIR", required = true, description = "the directory of schema YAML files you want")
    private Path desired;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Production production;

    static final class Production {
        @Option(names = "--url", paramLabel = "URL", description = "production (read only: its catalog and planner statistics)")
        String url;

        @Option(names = "--from", paramLabel = "DIR",
                description = "a directory of schema YAML files describing production's schema (no database; give --rows)")
        Path from;
    }

    @Option(names = "--rows", paramLabel = "TABLE=N", split = ",",
            description = "with --from: production's row count of a table (schema.table or table, for public), repeatable")
    private Map<String, Long> rows = new TreeMap<>();

    @Option(names = "--pg-version", paramLabel = "MAJOR",
            description = "with --from: the PostgreSQL major to rehearse on; default: pg_version in strata.yaml, else 14")
    private Integer pgVersion;

    @Option(names = "--sample", paramLabel = "PCT",
            description = "with --url: compute the statistics from a TABLESAMPLE SYSTEM (PCT) sample of production's rows"
                    + " instead of pg_stats (the only option that reads production's rows)")
    private Double sample;

    @Option(names = "--statement-timeout", paramLabel = "MS", defaultValue = "5000",
            description = "statement_timeout of every read on production (default ${DEFAULT-VALUE})")
    private long statementTimeoutMillis;

    @Option(names = "--scratch-url", paramLabel = "URL",
            description = "rehearse in fresh databases on this server (created there and dropped afterwards; the role needs"
                    + " CREATEDB; its major must be production's); default: " + Scratch.URL_ENV
                    + ", else an embedded PostgreSQL of production's major")
    private String scratchUrl;

    @Option(names = "--scales", paramLabel = "FRACTIONS", split = ",",
            description = "fractions of production's rows to rehearse at, one fresh database each (default 0.01,0.02,0.04)")
    private List<Double> scales;

    @Option(names = "--scale", paramLabel = "FRACTION", description = "one scale only; --scale 1 rehearses at full size")
    private Double scale;

    @Option(names = "--max-scratch-gb", paramLabel = "GB",
            description = "the disk the largest scale may take on the scratch server; the scales shrink to fit, and the report says so")
    private Double maxScratchGb;

    @Option(names = "--workload-tps", paramLabel = "TPS", defaultValue = "50",
            description = "transactions per second of the workload beside the plan (default ${DEFAULT-VALUE}; 0: none)")
    private double workloadTps;

    @Option(names = "--workload", paramLabel = "FILE",
            description = "a pgbench script to run as the workload instead of the synthetic one (pgbench from PATH or STRATA_PGBENCH)")
    private Path workloadScript;

    @Option(names = "--max-blocking-ms", paramLabel = "MS", defaultValue = "100",
            description = "the longest a step may hold a lock that blocks the application, or make it wait, at production size"
                    + " (default ${DEFAULT-VALUE})")
    private long maxBlockingMillis;

    @Option(names = "--max-step-duration", paramLabel = "DURATION",
            description = "the longest a step may run at production size, e.g. 500ms, 90s, 10m, 1h (default: no limit)")
    private String maxStepDuration;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "text (default), markdown or json")
    private Format format;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "seed of the synthetic rows and workload: the same seed fills the same rows (default ${DEFAULT-VALUE})")
    private long seed;

    enum Format { text, markdown, json }

    RehearseCommand(Map<String, String> environment, Scratch.Source embedded) {
        this.environment = environment;
        this.embedded = embedded;
    }

    @Override
    public Integer call() {
        RehearsalOptions options = options();
        if (production.from != null && sample != null) {
            throw usage("--sample reads production's rows: use it with --url, not --from");
        }
        if (production.from == null && (!rows.isEmpty() || pgVersion != null)) {
            throw usage((rows.isEmpty() ? "--pg-version" : "--rows") + " applies to --from; with --url production says it");
        }
        if (production.from != null && rows.isEmpty()) {
            throw usage("--from needs --rows TABLE=N for the tables the plan changes: there is no database to count them");
        }
        LoadedSchema wanted = SchemaDirectory.declared(desired);
        Optional<String> unnamed = Optional.empty();
        RehearsalInput input;
        if (production.from != null) {
            var target = ServerCheckOptions.Target.of(pgVersion, ProjectConfig.load(desired), spec.commandLine());
            unnamed = target.unnamed("rehearsed on PostgreSQL " + ProjectConfig.OLDEST_MAJOR + ", the oldest supported;"
                    + " name production's major: what takes which lock, and for how long, differs between majors.");
            input = fromFiles(wanted, target.major());
        } else {
            input = fromDatabase(wanted);
        }
        PrintWriter err = spec.commandLine().getErr();
        RehearsalReport rehearsed = Rehearsal.run(input, options, line -> {
            err.println(line);
            err.flush();
        });
        RehearsalReport report = unnamed.filter(w -> !rehearsed.steps().isEmpty()).map(rehearsed::noting).orElse(rehearsed);
        PrintWriter out = spec.commandLine().getOut();
        out.print(switch (format) {
            case text -> RehearsalRenderer.text(report);
            case markdown -> RehearsalRenderer.markdown(report);
            case json -> RehearsalRenderer.json(report);
        });
        out.flush();
        return report.withinThresholds() ? 0 : EXCEEDED;
    }

    private RehearsalOptions options() {
        if (scale != null && scales != null) {
            throw usage("--scale and --scales exclude each other: --scale F is --scales F");
        }
        List<Double> chosen = scale != null ? List.of(scale) : scales != null ? scales : RehearsalOptions.DEFAULT_SCALES;
        for (double s : chosen) {
            if (!(s > 0 && s <= 1)) {
                throw usage("a scale is a fraction of production's rows, above 0 and at most 1 (1: full size): " + s);
            }
        }
        if (maxScratchGb != null && !(maxScratchGb > 0)) {
            throw usage("--max-scratch-gb must be positive: " + maxScratchGb);
        }
        if (workloadTps < 0 || Double.isNaN(workloadTps)) {
            throw usage("--workload-tps must not be negative: " + workloadTps);
        }
        if (maxBlockingMillis < 0) {
            throw usage("--max-blocking-ms must not be negative: " + maxBlockingMillis);
        }
        if (statementTimeoutMillis <= 0) {
            throw usage("--statement-timeout must be positive: " + statementTimeoutMillis);
        }
        if (sample != null && !(sample > 0 && sample <= 100)) {
            throw usage("--sample is a percentage above 0 and at most 100: " + sample);
        }
        if (workloadScript != null && workloadTps == 0) {
            throw usage("--workload runs the script at --workload-tps, which must then be above 0");
        }
        if (workloadScript != null && !Files.isRegularFile(workloadScript)) {
            throw usage("--workload " + workloadScript + ": no such file");
        }
        Optional<Duration> maxDuration = Optional.ofNullable(maxStepDuration).map(text -> Ages.parse(text, Set.of("ms", "s", "m", "min", "h"))
                .filter(d -> !d.isZero())
                .orElseThrow(() -> usage("--max-step-duration must be a positive duration such as 500ms, 90s, 10m or 1h, not '"
                        + text + "'")));
        RehearsalOptions.WorkloadChoice workload = workloadScript != null
                ? new RehearsalOptions.WorkloadChoice.Pgbench(workloadScript, workloadTps)
                : workloadTps == 0 ? new RehearsalOptions.WorkloadChoice.None()
                : new RehearsalOptions.WorkloadChoice.Synthetic(workloadTps);
        Optional<String> server = Optional.ofNullable(scratchUrl)
                .or(() -> Optional.ofNullable(environment.get(Scratch.URL_ENV)).filter(u -> !u.isBlank()));
        Scratch.Source source = server.<Scratch.Source>map(u -> major -> Scratch.on(Database.settings(u, environment), major))
                .orElse(embedded);
        return new RehearsalOptions(chosen, Optional.ofNullable(maxScratchGb).map(gb -> Math.round(gb * 1e9)), source,
                workload, new Thresholds(Duration.ofMillis(maxBlockingMillis), maxDuration), seed, false);
    }

    /** {@code --from DIR --rows T=N}: no database at all; shapes from the column types and constraints only. */
    private RehearsalInput fromFiles(LoadedSchema wanted, int major) {
        Catalog current = SchemaFiles.read(SchemaDirectory.existing(production.from)).catalog();
        Map<QualifiedName, TableStatistics> statistics = new TreeMap<>();
        for (var entry : rows.entrySet()) {
            QualifiedName name = tableName(entry.getKey());
            Table table = current.table(name).orElseThrow(() -> usage("--rows " + entry.getKey() + ": no table " + name
                    + " in " + production.from));
            if (entry.getValue() < 0) {
                throw usage("--rows " + entry.getKey() + ": a row count must not be negative");
            }
            statistics.put(name, StatisticsReader.assumed(table, name, entry.getValue()));
        }
        return new RehearsalInput(current, wanted, statistics, major, production.from + "/ with --rows (no database)");
    }

    /** {@code --url}: production's catalog and statistics, in a read-only session under the statement timeout. */
    private RehearsalInput fromDatabase(LoadedSchema wanted) {
        ConnectionSettings settings = Database.settings(production.url, environment);
        Duration timeout = Duration.ofMillis(statementTimeoutMillis);
        return Database.run(settings, "read the catalog and statistics of", connection -> {
            readOnly(connection, timeout);
            List<String> schemas = wanted.catalog().schemas().stream().map(Schema::name).toList();
            PulledCatalog pulled = CatalogReader.read(connection, schemas);
            int major = pulled.version().major();
            Set<QualifiedName> tables = Rehearsal.tablesToRead(pulled.catalog(), wanted, major);
            Map<QualifiedName, TableStatistics> statistics = sample != null
                    ? StatisticsReader.sampled(connection, tables, sample, timeout)
                    : StatisticsReader.read(connection, tables, timeout);
            return new RehearsalInput(pulled.catalog(), wanted, statistics, major, settings.redacted());
        });
    }

    /** Every transaction of this session is read-only, and no statement runs longer than {@code timeout}. */
    private static void readOnly(Connection connection, Duration timeout) throws SQLException {
        try (Statement st = connection.createStatement()) {
            st.execute("SET default_transaction_read_only = on");
            st.execute("SET statement_timeout = " + timeout.toMillis());
        }
    }

    private QualifiedName tableName(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length == 1 && !parts[0].isBlank()) {
            return QualifiedName.of("public", parts[0]);
        }
        if (parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank()) {
            return QualifiedName.of(parts[0], parts[1]);
        }
        throw usage("--rows " + text + ": a table is schema.table or table (for public)");
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
