package dev.strata.cli;

import dev.strata.connect.ConnectionSettings;
import dev.strata.diagnostics.StrataException;
import dev.strata.execute.PlanService;
import dev.strata.plan.Plan;
import dev.strata.plan.RestoreRate;
import dev.strata.plan.ReviewRules;
import dev.strata.render.FlywayRenderer;
import dev.strata.render.JsonRenderer;
import dev.strata.render.LiquibaseRenderer;
import dev.strata.render.MarkdownRenderer;
import dev.strata.render.SqlRenderer;
import dev.strata.render.Templates;
import dev.strata.render.TextRenderer;
import dev.strata.scratch.Scratch;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.ProjectConfig;
import dev.strata.yaml.SchemaFiles;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Plans the phased change set (expand, backfill, contract) that takes the current schema to the desired one.",
                "Exit code 0: no changes; 2: changes planned; 1: error (or a step the lock policy refuses, or a plan --preflight"
                        + " says would fail); 64: usage error."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no changes", "2:changes planned", "1:invalid input, an operational error, or a plan the lock policy"
                + " refuses or preflight says would fail",
                ErrorHandler.USAGE_EXIT_CODE})
final class PlanCommand implements Callable<Integer> {

    static final int CHANGES = 2;

    private final Map<String, String> environment;
    private final Scratch.Source scratch;

    @Spec
    private CommandSpec spec;

    @Option(names = "--desired", paramLabel = "DIR", required = true, description = "the directory of schema YAML files you want")
    private Path desired;

    /** Neither option: the database the PG* variables name, as for every other command without --url. */
    @ArgGroup(exclusive = true, multiplicity = "0..1")
    private Current current = new Current();

    static final class Current {
        @Option(names = "--url", paramLabel = "URL",
                description = "the live database (postgres://… or jdbc:postgresql://…; PG* variables fill the gaps;"
                        + " with neither --url nor --from, they alone name it)")
        String url;

        @Option(names = "--from", paramLabel = "DIR", description = "a directory of schema YAML files describing the current schema (offline review)")
        Path from;
    }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text (default), markdown, json, sql (one file per phase), flyway (versioned migrations,"
                    + " one per step) or liquibase (a formatted SQL changelog)")
    private Format format;

    @Option(names = "--out", paramLabel = "DIR",
            description = "write the plan into DIR (plan.txt, plan.md, plan.json, one .sql file per phase, V<version>__….sql"
                    + " migrations, or changelog.sql) instead of stdout")
    private Path out;

    @Option(names = "--pg-version", paramLabel = "MAJOR",
            description = "PostgreSQL major version for offline plans (--from); default: pg_version in strata.yaml, else 14, the oldest supported")
    private Integer pgVersion;

    /** With --from, the desired schema is built on a scratch server of the target major, as validate does. */
    @Mixin
    private ServerCheckOptions serverCheck;


    @Option(names = "--templates", paramLabel = "DIR", description = "a directory whose Mustache templates override the built-in ones")
    private Path templates;

    @Option(names = "--allow-blocking", description = "accept steps that block reads or writes while they scan or rewrite a table")
    private boolean allowBlocking;

    @Option(names = "--version-prefix", paramLabel = "VERSION",
            description = "leading part of the Flyway scripts' versions (42 gives V42.001__…, V42.002__…); default: the"
                    + " current UTC time as yyyyMMddHHmmss, which makes the output differ from run to run")
    private String versionPrefix;

    @Option(names = "--batch-size", paramLabel = "ROWS", defaultValue = "1000", description = "rows per backfill batch in sql, flyway and liquibase output (default ${DEFAULT-VALUE})")
    private int batchSize;

    @Option(names = "--batch-pause", paramLabel = "MILLIS", defaultValue = "100", description = "pause between backfill batches in sql, flyway and liquibase output, ms (default ${DEFAULT-VALUE})")
    private long batchPauseMillis;

    @Option(names = "--statement-timeout", paramLabel = "MS", defaultValue = "60000",
            description = "statement_timeout for catalog-only steps in sql, flyway and liquibase output, as apply uses (default ${DEFAULT-VALUE})")
    private long statementTimeoutMillis;

    @Option(names = "--restore-rate", paramLabel = "RATE", defaultValue = "100MB/s",
            description = "how fast a restore copies the database (B, kB, MB, GB, TB per second), for the restore estimate"
                    + " of plans against a live database (default ${DEFAULT-VALUE})")
    private String restoreRate;

    @Option(names = "--drop-now", negatable = true, description = "plan dropped tables and columns as DROP TABLE and DROP COLUMN (data loss) instead of"
            + " keeping them in strata_archive until purged (default: on when strata.yaml says retain: false)")
    private Boolean dropNowOption;

    private boolean dropNow;

    @Option(names = "--preflight", description = "with --url: count the live rows that would make each constraint or"
            + " conversion of the plan fail (read-only, each query under --preflight-timeout); exit 1 if any would")
    private boolean preflight;

    @Mixin
    private PreflightOptions preflightOptions;

    enum Format {
        text, markdown, json, sql, flyway, liquibase;

        /** Output a runner would pick up and run as it is. */
        boolean runnable() {
            return this == sql || this == flyway || this == liquibase;
        }
    }

    PlanCommand(Map<String, String> environment, Scratch.Source scratch) {
        this.environment = environment;
        this.scratch = scratch;
    }

    @Override
    public Integer call() {
        if (statementTimeoutMillis < 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--statement-timeout must not be negative: " + statementTimeoutMillis);
        }
        long restoreBytesPerSecond;
        try {
            restoreBytesPerSecond = RestoreRate.parse(restoreRate);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        if (versionPrefix != null && !FlywayRenderer.validPrefix(versionPrefix)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--version-prefix must be a Flyway version (digits, parts separated by dots): " + versionPrefix);
        }
        if (preflight && current.from != null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--preflight reads the live data: use it with --url, not --from");
        }
        LoadedSchema wanted = SchemaDirectory.declared(desired);
        ProjectConfig.Settings config = ProjectConfig.load(desired);
        Optional<ReviewRules> rules = config.review();
        dropNow = dropNowOption != null ? dropNowOption : !config.retain();
        if (current.from == null && (serverCheck.offline || serverCheck.url != null)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), (serverCheck.offline ? "--offline" : "--scratch-url")
                    + " applies to plan --from; against a live database the server itself checks the desired schema");
        }
        Plan planned = current.from != null ? offline(wanted, config) : live(wanted, restoreBytesPerSecond);
        Plan plan = rules.map(r -> planned.withReviewRules(r, current.from == null, wanted.catalog())).orElse(planned);
        boolean refused = !plan.violations().isEmpty() && !allowBlocking;
        boolean failing = !plan.preflight().failures().isEmpty();
        // A refused plan is still worth reading, but its SQL must not be left where a runner would pick it up.
        if ((!refused && !failing) || !format.runnable()) {
            emit(plan);
        }
        if (failing) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("strata: preflight says this plan would fail on the live data:");
            plan.preflight().failures().forEach(f -> err.println("  " + f.line()));
            if (format.runnable()) {
                err.println("No SQL was written.");
            }
            err.flush();
            return ErrorHandler.FAILURE;
        }
        if (refused) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("strata: the lock policy refuses this plan:");
            plan.violations().forEach(v -> err.println("  " + v.stepId() + ": " + v.message()));
            if (format.runnable()) {
                err.println("No SQL was written.");
            }
            err.println("Change the schema so no step blocks traffic while it scans or rewrites, or re-run with --allow-blocking to accept it.");
            err.flush();
            return ErrorHandler.FAILURE;
        }
        return plan.isEmpty() ? 0 : CHANGES;
    }

    private Plan offline(LoadedSchema wanted, ProjectConfig.Settings config) {
        LoadedSchema before = SchemaFiles.read(SchemaDirectory.existing(current.from));
        var target = ServerCheckOptions.Target.of(pgVersion, config, spec.commandLine());
        int major = target.major();
        serverCheck.check(wanted, desired, major, environment, scratch);
        Plan plan = PlanService.plan(before.catalog(), wanted, major, Map.of(), current.from + "/", List.of(), dropNow);
        Optional<String> unnamed = target.unnamed("this plan is for PostgreSQL " + ProjectConfig.OLDEST_MAJOR
                + ", the oldest supported, so it runs on any supported server; name production's major to use what"
                + " a newer server offers (its SQL files refuse to run on an older one).");
        if (unnamed.isPresent() && !plan.isEmpty()) {
            plan = plan.withWarnings(List.of(unnamed.get()));
        }
        return plan;
    }

    private Plan live(LoadedSchema wanted, long restoreBytesPerSecond) {
        ConnectionSettings settings = Database.settings(current.url, environment);
        // Only a saved plan (JSON) needs the catalog's fingerprint, which apply --plan checks.
        return Database.run(settings, "read the catalog of", connection -> preflightOptions.check(preflight, environment,
                connection, PlanService.plan(connection, wanted, settings.redacted(), restoreBytesPerSecond, dropNow,
                        format == Format.json)));
    }

    private void emit(Plan plan) {
        Templates t = templates == null ? Templates.builtIn() : Templates.withOverrides(templates);
        SortedMap<String, String> files = new TreeMap<>();
        switch (format) {
            case text -> files.put("plan.txt", TextRenderer.render(plan, out == null && colourWanted()));
            case markdown -> {
                MarkdownRenderer.Document document = MarkdownRenderer.render(plan, t, out != null);
                files.put("plan.md", document.markdown());
                files.putAll(document.files());
            }
            case json -> files.put("plan.json", JsonRenderer.render(plan));
            case sql -> files.putAll(SqlRenderer.files(plan, batchSize, Duration.ofMillis(batchPauseMillis),
                    Duration.ofMillis(statementTimeoutMillis)));
            case flyway -> {
                files.putAll(FlywayRenderer.files(plan, versionPrefix != null ? versionPrefix
                        : DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC).format(Instant.now()),
                        batchSize, Duration.ofMillis(batchPauseMillis), Duration.ofMillis(statementTimeoutMillis)));
                FlywayRenderer.placeholderWarning(files).ifPresent(w -> spec.commandLine().getErr().println("warning: " + w));
            }
            case liquibase -> files.put(LiquibaseRenderer.FILE, LiquibaseRenderer.changelog(plan, batchSize,
                    Duration.ofMillis(batchPauseMillis), Duration.ofMillis(statementTimeoutMillis)));
        }
        if (out == null) {
            PrintWriter stdout = spec.commandLine().getOut();
            boolean several = files.size() > 1;
            files.forEach((name, content) -> {
                if (several) {
                    stdout.println("-- ==== " + name + " ====");
                }
                stdout.print(content);
            });
            stdout.flush();
            return;
        }
        try {
            Files.createDirectories(out);
            for (var file : files.entrySet()) {
                Files.createDirectories(out.resolve(file.getKey()).getParent());
                Files.writeString(out.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
                spec.commandLine().getErr().println("wrote " + out.resolve(file.getKey()));
            }
            spec.commandLine().getErr().flush();
        } catch (IOException e) {
            throw new StrataException("cannot write the plan into " + out + ": " + e.getMessage());
        }
    }

    private boolean colourWanted() {
        return System.console() != null && !environment.containsKey("NO_COLOR") && !"dumb".equals(environment.get("TERM"));
    }
}
