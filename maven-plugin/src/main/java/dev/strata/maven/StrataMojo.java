package dev.strata.maven;

import dev.strata.cli.Main;
import org.apache.maven.plugin.AbstractMojo;
import org.apache.maven.plugin.MojoFailureException;
import org.apache.maven.plugins.annotations.Parameter;
import picocli.CommandLine;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What every goal shares: it builds the argument list of a {@code strata} command from its parameters (named as the
 * CLI's options, in camelCase) and runs that command in-process through the CLI's own command tree, so a build
 * passes and fails exactly where {@code bin/strata} would, with the same one-line messages. Exit codes: 0 (nothing
 * to change) and 2 (changes planned) pass; anything else fails the build with what the command printed on stderr.
 */
abstract class StrataMojo extends AbstractMojo {

    /** {@code plan}: changes planned. A pull request that changes the schema is no failure. */
    static final int CHANGES = 2;

    /** {@code apply}: stopped at a gate without confirmation. */
    static final int WAITING_AT_GATE = 3;

    /** Skips the goal. */
    @Parameter(property = "strata.skip", defaultValue = "false")
    boolean skip;

    /**
     * A PostgreSQL server of the target major that {@code validate} and {@code plan} with {@code from} build the
     * declared schema on (a fresh database, dropped afterwards), as the CLI's {@code --scratch-url}. Without it the
     * goals check the YAML alone ({@code --offline}): the plugin does not carry the embedded PostgreSQL binaries that
     * {@code bin/strata} starts by default.
     */
    @Parameter(property = "strata.scratchUrl")
    String scratchUrl;

    /** PG* variables and STRATA_DEBUG, as the CLI reads them; the tests give their own. */
    Map<String, String> environment = System.getenv();

    @Override
    public final void execute() throws MojoFailureException {
        if (skip) {
            getLog().info("strata: skipped (strata.skip)");
            return;
        }
        run();
    }

    abstract void run() throws MojoFailureException;

    /**
     * Runs {@code strata args…}: stdout goes to the log as it comes (apply's steps, backfill progress), stderr is kept
     * for the failure message.
     *
     * @return 0 or {@link #CHANGES}
     * @throws MojoFailureException with the command's own message for any other exit code
     */
    final int strata(List<String> args, Optional<String> url) throws MojoFailureException {
        Redaction redaction = Redaction.of(url, environment);
        getLog().info(redaction.commandLine(args));
        List<String> errors = new ArrayList<>();
        CommandLine cli = Main.commandLine(environment);
        LineWriter out = new LineWriter(line -> getLog().info(redaction.scrub(line)));
        LineWriter err = new LineWriter(line -> {
            String scrubbed = redaction.scrub(line);
            // plan --out names each file it wrote on stderr (stdout is the plan's); that is progress, not a failure.
            if (scrubbed.startsWith("wrote ")) {
                getLog().info(scrubbed);
            } else {
                errors.add(scrubbed);
            }
        });
        int code;
        try (PrintWriter o = new PrintWriter(out, true); PrintWriter e = new PrintWriter(err, true)) {
            cli.setOut(o);
            cli.setErr(e);
            code = cli.execute(args.toArray(String[]::new));
        }
        if (code == 0 || code == CHANGES) {
            errors.forEach(getLog()::warn);
            return code;
        }
        if (code == WAITING_AT_GATE) {
            throw new MojoFailureException("strata apply stopped at a gate waiting for confirmation: make the deploy it"
                    + " asks for, then run again with <yes>true</yes> (-Dstrata.yes)");
        }
        throw new MojoFailureException(errors.isEmpty()
                ? "strata " + args.getFirst() + " failed with exit code " + code
                : String.join(System.lineSeparator(), errors));
    }

    /** {@code --name value}, when the parameter is set. */
    static void option(List<String> args, String name, Object value) {
        if (value == null || value instanceof String text && text.isBlank()) {
            return;
        }
        args.add(name);
        args.add(value instanceof File file ? path(file) : value.toString());
    }

    /**
     * Relative to the directory Maven runs in, against which the command resolves it again: the plan, its messages
     * and the log then name {@code schema/users.yaml}, not a path on this machine (the plan's heading names --from).
     */
    static String path(File file) {
        Path absolute = file.toPath().toAbsolutePath().normalize();
        Path here = Path.of("").toAbsolutePath();
        if (!Objects.equals(absolute.getRoot(), here.getRoot())) {
            return absolute.toString();
        }
        String relative = here.relativize(absolute).toString();
        return relative.isEmpty() ? "." : relative;
    }

    /** {@code --name}, when true. */
    /** {@code --scratch-url URL}, or {@code --offline} without one (see {@link #scratchUrl}). */
    final void serverCheck(List<String> args) {
        if (scratchUrl == null || scratchUrl.isBlank()) {
            args.add("--offline");
        } else {
            option(args, "--scratch-url", scratchUrl);
        }
    }

    static void flag(List<String> args, String name, boolean on) {
        if (on) {
            args.add(name);
        }
    }

    /** {@code --name} or {@code --no-name}; neither when unset, so the CLI's own default (strata.yaml) decides. */
    static void negatable(List<String> args, String name, Boolean value) {
        if (value != null) {
            args.add(value ? "--" + name : "--no-" + name);
        }
    }

    static Optional<String> present(String text) {
        return Optional.ofNullable(text).filter(t -> !t.isBlank());
    }
}
