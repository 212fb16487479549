package dev.strata.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.LifecyclePhase;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code strata plan}: writes the plan into {@code target/strata/} in each format asked for ({@code plan.md},
 * {@code plan.json}, {@code 01_expand.sql}…). Changes planned pass; a plan the lock policy refuses and invalid
 * input fail the build (a refused plan still leaves {@code plan.md} to read, and no SQL).
 */
@Mojo(name = "plan", defaultPhase = LifecyclePhase.VERIFY)
public final class PlanMojo extends StrataMojo {

    /** What a previous plan wrote into {@link #out}: removed first, so no stale SQL outlives a refused plan. */
    private static final Pattern PLAN_FILE = Pattern.compile("plan\\.(txt|md|json)|[0-9]{2}_[a-z]+\\.sql");

    /** The directory of schema YAML files you want. */
    @Parameter(property = "strata.desired", defaultValue = "${project.basedir}/schema", required = true)
    File desired;

    /** The live database (postgres://… or jdbc:postgresql://…); PG* variables fill the gaps, and name it alone without url and from. */
    @Parameter(property = "strata.url")
    String url;

    /** A directory of schema YAML files describing the current schema (offline review), instead of url. */
    @Parameter(property = "strata.from")
    File from;

    /** The formats to write, each into {@link #out}: text, markdown, json, sql. */
    @Parameter(property = "strata.formats", defaultValue = "markdown,json,sql")
    List<String> formats;

    /** Where the plan files go. */
    @Parameter(property = "strata.out", defaultValue = "${project.build.directory}/strata", required = true)
    File out;

    /** PostgreSQL major of an offline plan (default: pg_version in strata.yaml, else 14). */
    @Parameter(property = "strata.pgVersion")
    Integer pgVersion;

    /** A directory whose Mustache templates override the built-in ones. */
    @Parameter(property = "strata.templates")
    File templates;

    /** Accept steps that block reads or writes while they scan or rewrite a table. */
    @Parameter(property = "strata.allowBlocking", defaultValue = "false")
    boolean allowBlocking;

    /** Rows per backfill batch in SQL output (the CLI's default when unset). */
    @Parameter(property = "strata.batchSize")
    Integer batchSize;

    /** Pause between backfill batches in SQL output, in ms. */
    @Parameter(property = "strata.batchPause")
    Long batchPause;

    /** statement_timeout of catalog-only steps in SQL output, in ms. */
    @Parameter(property = "strata.statementTimeout")
    Long statementTimeout;

    /** How fast a restore copies the database (e.g. 200MB/s), for the restore estimate of a live plan. */
    @Parameter(property = "strata.restoreRate")
    String restoreRate;

    /** true: plan drops as DROP TABLE/COLUMN (data loss); false: keep them in strata_archive; unset: strata.yaml decides. */
    @Parameter(property = "strata.dropNow")
    Boolean dropNow;

    @Override
    void run() throws MojoFailureException {
        removePreviousPlan();
        int code = 0;
        for (String format : formats) {
            List<String> args = new ArrayList<>(List.of("plan"));
            option(args, "--desired", desired);
            option(args, "--url", url);
            option(args, "--from", from);
            if (from != null) {
                serverCheck(args);
            }
            option(args, "--format", format.strip());
            option(args, "--out", out);
            option(args, "--pg-version", pgVersion);
            option(args, "--templates", templates);
            flag(args, "--allow-blocking", allowBlocking);
            option(args, "--batch-size", batchSize);
            option(args, "--batch-pause", batchPause);
            option(args, "--statement-timeout", statementTimeout);
            option(args, "--restore-rate", restoreRate);
            negatable(args, "drop-now", dropNow);
            code = strata(args, present(url).or(() -> present(scratchUrl)));
        }
        getLog().info(code == CHANGES ? "strata: changes planned, see " + path(out) : "strata: no changes");
    }

    private void removePreviousPlan() throws MojoFailureException {
        Path dir = out.toPath();
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> PLAN_FILE.matcher(f.getFileName().toString()).matches()).toList()) {
                Files.delete(file);
            }
            Path dualWrite = dir.resolve("dual-write");
            if (Files.isDirectory(dualWrite)) {
                try (Stream<Path> tree = Files.walk(dualWrite)) {
                    for (Path path : tree.sorted(Comparator.reverseOrder()).toList()) {
                        Files.delete(path);
                    }
                }
            }
        } catch (IOException e) {
            throw new MojoFailureException("cannot remove the previous plan from " + dir + ": " + e.getMessage());
        }
    }
}
