package dev.strata.cli;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.PulledCatalog;
import dev.strata.connect.ConnectionSettings;
import dev.strata.model.Grant;
import dev.strata.model.UnmanagedObject;
import dev.strata.yaml.ProjectConfig;
import dev.strata.yaml.SchemaWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "pull", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Reads the live catalog and writes it as schema YAML files into --out.",
                "Only files whose first line is '" + SchemaWriter.OWNERSHIP_MARKER + "' are overwritten or removed."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:an operational error, or files in --out that Strata did not write",
                ErrorHandler.USAGE_EXIT_CODE})
final class PullCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL",
            description = {"postgres://user:password@host:port/database?sslmode=... or jdbc:postgresql://...;",
                    "missing parts come from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE"})
    private String url;

    @Option(names = "--schema", paramLabel = "NAME",
            description = "a schema to read (repeatable; default: every schema that is not PostgreSQL's own)")
    private List<String> schemas = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "the directory to write the YAML files into")
    private Path out;

    PullCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ConnectionSettings settings = Database.settings(url, environment);
        // Grants and default privileges only when the project's strata.yaml opts in (manage: { grants: true }).
        Set<String> skipped = new HashSet<>(Grant.OPT_IN_KINDS);
        skipped.retainAll(ProjectConfig.load(this.out).unmanagedKinds());
        PulledCatalog pulled = Database.run(settings, "read the catalog of",
                connection -> CatalogReader.read(connection, List.copyOf(schemas), skipped));
        PrintWriter out = spec.commandLine().getOut();
        OwnedFiles.sync(this.out, SchemaWriter.files(pulled.catalog())).forEach(out::println);
        out.flush();
        PrintWriter err = spec.commandLine().getErr();
        pulled.unmanaged().stream().sorted().map(UnmanagedObject::describe).forEach(line -> err.println("note: " + line));
        err.flush();
        return 0;
    }
}
