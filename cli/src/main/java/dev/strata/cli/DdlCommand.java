package dev.strata.cli;

import dev.strata.ddl.CreateDdl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "ddl", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Prints the SQL script that creates the schema a directory of YAML files declares.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", "1:no such directory, or invalid schema files (one file:line:column: message line per problem)",
                ErrorHandler.USAGE_EXIT_CODE})
final class DdlCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "the directory of schema YAML files")
    private Path dir;

    @Override
    public Integer call() {
        String script = CreateDdl.script(SchemaDirectory.declared(dir).catalog());
        PrintWriter out = spec.commandLine().getOut();
        out.print(script);
        if (!script.isEmpty() && !script.endsWith("\n")) {
            out.println();
        }
        out.flush();
        return 0;
    }
}
