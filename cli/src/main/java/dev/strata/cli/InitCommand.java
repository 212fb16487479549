package dev.strata.cli;

import dev.strata.diagnostics.StrataException;
import dev.strata.yaml.ProjectConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "init", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Writes a starter project into DIR (default: the current directory):",
                "  schema/accounts.yaml          a first table, with the JSON Schema modeline",
                "  schema/strata.yaml            configuration: pg_version, retain, review",
                "  .github/workflows/strata.yml  CI: validate, post the Markdown plan on PRs",
                "  schemas/*.json                the JSON Schemas the modelines point to",
                "It writes only new files: when one of them exists, it writes nothing."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:a file it would write exists (nothing was written), or a file cannot be written",
                ErrorHandler.USAGE_EXIT_CODE})
final class InitCommand implements Callable<Integer> {

    /** Where each file comes from (a resource next to this class) and goes (relative to DIR), in writing order. */
    private static final Map<String, String> FILES = files();

    private static Map<String, String> files() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("schema/accounts.yaml", "init/accounts.yaml");
        files.put("schema/" + ProjectConfig.FILE, "init/strata.yaml");
        files.put(".github/workflows/strata.yml", "init/strata.yml");
        files.put("schemas/strata-schema.json", "init/schemas/strata-schema.json");
        files.put("schemas/strata-config.json", "init/schemas/strata-config.json");
        return files;
    }

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DIR", arity = "0..1", defaultValue = ".", description = "where to write (default: the current directory)")
    private Path dir;

    @Option(names = "--pg-version", paramLabel = "MAJOR", defaultValue = "14",
            description = "production's PostgreSQL major, written as pg_version in strata.yaml (default ${DEFAULT-VALUE}, the oldest supported)")
    private int pgVersion;

    @Override
    public Integer call() {
        if (pgVersion < ProjectConfig.OLDEST_MAJOR || pgVersion > ProjectConfig.NEWEST_MAJOR) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--pg-version must be "
                    + ProjectConfig.OLDEST_MAJOR + " to " + ProjectConfig.NEWEST_MAJOR + ", not " + pgVersion);
        }
        // All checked before anything is written: a refusal leaves DIR as it was.
        for (String file : FILES.keySet()) {
            Path target = dir.resolve(file);
            if (Files.exists(target, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                throw new StrataException(target + ": exists; strata init writes only new files (move it away, or init another DIR)");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        for (Map.Entry<String, String> file : FILES.entrySet()) {
            Path target = dir.resolve(file.getKey());
            String text = resource(file.getValue());
            if (file.getKey().endsWith(ProjectConfig.FILE)) {
                text = text.replace("PG_VERSION", Integer.toString(pgVersion));
            }
            try {
                Files.createDirectories(target.getParent());
                Files.writeString(target, text, StandardOpenOption.CREATE_NEW);
            } catch (IOException e) {
                throw new StrataException(target + ": cannot write: " + e.getMessage());
            }
            out.println("wrote " + target);
        }
        out.println("next: edit " + dir.resolve("schema") + "/, then strata validate " + dir.resolve("schema"));
        return 0;
    }

    private static String resource(String name) {
        try (InputStream in = InitCommand.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
