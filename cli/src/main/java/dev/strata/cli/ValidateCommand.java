package dev.strata.cli;

import dev.strata.model.Catalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Checks a directory of schema YAML files and reports every problem as file:line:column: message.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:valid", "1:invalid (one file:line:column: message line per problem), or no such directory",
                ErrorHandler.USAGE_EXIT_CODE})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "the directory of schema YAML files")
    private Path dir;

    @Override
    public Integer call() {
        Catalog catalog = SchemaDirectory.declared(dir).catalog();
        spec.commandLine().getOut().println(dir + ": valid (" + CatalogSummary.of(catalog) + ")");
        return 0;
    }
}
