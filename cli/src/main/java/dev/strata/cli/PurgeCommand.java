package dev.strata.cli;

import dev.strata.connect.ConnectionSettings;
import dev.strata.execute.RetainedTables;
import dev.strata.execute.RetainedTables.Retained;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.render.Describe;
import dev.strata.sql.Identifiers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "purge", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Destroys dropped tables kept in strata_archive (all, or those --table names), for good: the only",
                "command that destroys data. Without --yes it only prints what it would destroy, with sizes, and exits 1."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:destroyed, or nothing kept", "1:not confirmed (--yes), an unknown table, or an error",
                ErrorHandler.USAGE_EXIT_CODE})
final class PurgeCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "the database (postgres://… or jdbc:postgresql://…)")
    private String url;

    @Option(names = "--table", paramLabel = "NAME",
            description = "a kept table by its name in strata_archive, as strata status prints it (repeatable; default: all)")
    private List<String> tables = new ArrayList<>();

    @Option(names = "--yes", description = "destroy them; without it, only say what would be destroyed")
    private boolean yes;

    PurgeCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ConnectionSettings settings = Database.settings(url, environment);
        List<Retained> chosen = RetainedTables.select(
                Database.run(settings, "read the catalog of", RetainedTables::list), tables);
        PrintWriter out = spec.commandLine().getOut();
        if (chosen.isEmpty()) {
            out.println("nothing kept in strata_archive: nothing to purge");
            out.flush();
            return 0;
        }
        out.println(yes ? "destroying for good:" : "would destroy for good:");
        long total = 0;
        for (Retained r : chosen) {
            out.println("  " + Identifiers.qualified(QualifiedName.of(Schema.ARCHIVE, r.archivedName())) + ": "
                    + Describe.bytes(r.bytes()));
            total += r.bytes();
        }
        if (!yes) {
            out.println("nothing was destroyed: rerun with --yes to destroy " + Describe.bytes(total));
            out.flush();
            return 1;
        }
        Database.run(settings, "purge in", connection -> {
            RetainedTables.purge(connection, chosen);
            return null;
        });
        out.println("destroyed " + chosen.size() + (chosen.size() == 1 ? " table, " : " tables, ") + Describe.bytes(total));
        out.flush();
        return 0;
    }
}
