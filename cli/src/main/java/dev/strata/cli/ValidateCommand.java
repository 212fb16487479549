package dev.strata.cli;

import dev.strata.scratch.Scratch;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.ProjectConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Checks a directory of schema YAML files and reports every problem as file:line:column: message.",
                "Then builds the schema on a scratch PostgreSQL of the target major (embedded, started for the purpose;"
                        + " or --scratch-url) and reports every error the server gives the same way; --offline skips that."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:invalid (one file:line:column: message line per problem, from the YAML or the scratch server), no such directory,"
                        + " or no scratch server to check on",
                ErrorHandler.USAGE_EXIT_CODE})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "the directory of schema YAML files")
    private Path dir;

    @Option(names = "--pg-version", paramLabel = "MAJOR",
            description = "the PostgreSQL major the schema is checked for; default: pg_version in strata.yaml, else 14, the oldest supported")
    private Integer pgVersion;

    @Mixin
    private ServerCheckOptions serverCheck;

    private final Map<String, String> environment;
    private final Scratch.Source scratch;

    ValidateCommand(Map<String, String> environment, Scratch.Source scratch) {
        this.environment = environment;
        this.scratch = scratch;
    }

    @Override
    public Integer call() {
        var target = ServerCheckOptions.Target.of(pgVersion, ProjectConfig.load(SchemaDirectory.existing(dir)), spec.commandLine());
        // The scratch server starts while the YAML is read and its expressions parsed.
        try (var scratchDatabase = serverCheck.begin(target.major(), environment, scratch)) {
            LoadedSchema schema = SchemaDirectory.declared(dir);
            scratchDatabase.check(schema, dir);
            spec.commandLine().getOut().println(dir + ": valid (" + CatalogSummary.of(schema.catalog()) + ")");
        }
        return 0;
    }
}
