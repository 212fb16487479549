package dev.strata.maven;

import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Mojo;
import org.apache.maven.plugins.annotations.Parameter;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code strata apply}: runs the phased change set on the database, with the CLI's safety options: nothing that
 * deletes data, blocks traffic or passes a gate runs unless a parameter says so. Bound to no phase: run it as
 * {@code mvn strata:apply -Dstrata.phase=expand}. A run that stops at a gate fails the build, naming it.
 */
@Mojo(name = "apply")
public final class ApplyMojo extends StrataMojo {

    /** The directory of schema YAML files you want (planned live); ignored when {@link #plan} is given. */
    @Parameter(property = "strata.desired", defaultValue = "${project.basedir}/schema", required = true)
    File desired;

    /** A reviewed plan saved with strata:plan (plan.json) against the database, instead of desired. */
    @Parameter(property = "strata.plan")
    File plan;

    /** The database (postgres://… or jdbc:postgresql://…); PG* variables fill the gaps. */
    @Parameter(property = "strata.url")
    String url;

    /** expand, backfill, contract or all. */
    @Parameter(property = "strata.phase", required = true)
    String phase;

    /** Confirm the gates: the application deploys they ask for are done. */
    @Parameter(property = "strata.yes", defaultValue = "false")
    boolean yes;

    /** Run steps that delete data (dropped columns and tables) or narrow a column's type. */
    @Parameter(property = "strata.allowDataLoss", defaultValue = "false")
    boolean allowDataLoss;

    /** true: destroy dropped tables and columns instead of keeping them in strata_archive; unset: strata.yaml decides. */
    @Parameter(property = "strata.dropNow")
    Boolean dropNow;

    /** Run steps the lock policy refuses (they block traffic while they scan or rewrite). */
    @Parameter(property = "strata.allowBlocking", defaultValue = "false")
    boolean allowBlocking;

    /** How long a statement waits for its lock before it is retried, in ms. */
    @Parameter(property = "strata.lockTimeout")
    Long lockTimeout;

    /** Attempts per step when its lock is not available. */
    @Parameter(property = "strata.maxAttempts")
    Integer maxAttempts;

    /** statement_timeout for catalog-only DDL, in ms. */
    @Parameter(property = "strata.statementTimeout")
    Long statementTimeout;

    /** Rows per backfill batch. */
    @Parameter(property = "strata.batchSize")
    Integer batchSize;

    /** Pause between backfill batches, in ms. */
    @Parameter(property = "strata.batchPause")
    Long batchPause;

    /** Backfill rate cap; 0 = none. */
    @Parameter(property = "strata.rowsPerSecond")
    Long rowsPerSecond;

    /** Refuse a phase that loses data unless WAL archiving archived a segment at most this long ago (30m, 1h, 2d). */
    @Parameter(property = "strata.requireArchiveAge")
    String requireArchiveAge;

    /** Who reviewed the plan: steps on large tables (strata.yaml review rules) run only when one is their reviewer. */
    @Parameter(property = "strata.reviewedBy")
    List<String> reviewedBy = List.of();

    @Override
    void run() throws MojoFailureException {
        List<String> args = new ArrayList<>(List.of("apply"));
        option(args, "--url", url);
        if (plan != null) {
            option(args, "--plan", plan);
        } else {
            option(args, "--desired", desired);
        }
        option(args, "--phase", phase);
        flag(args, "--yes", yes);
        flag(args, "--allow-data-loss", allowDataLoss);
        negatable(args, "drop-now", dropNow);
        flag(args, "--allow-blocking", allowBlocking);
        option(args, "--lock-timeout", lockTimeout);
        option(args, "--max-attempts", maxAttempts);
        option(args, "--statement-timeout", statementTimeout);
        option(args, "--batch-size", batchSize);
        option(args, "--batch-pause", batchPause);
        option(args, "--rows-per-second", rowsPerSecond);
        option(args, "--require-archive-age", requireArchiveAge);
        // An empty name is passed on: the CLI refuses it rather than the build silently dropping it.
        for (String name : reviewedBy) {
            args.add("--reviewed-by");
            args.add(name == null ? "" : name);
        }
        strata(args, present(url));
    }
}
