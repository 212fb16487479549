package dev.strata.cli;

import dev.strata.connect.ConnectionSettings;
import dev.strata.execute.Restore;
import dev.strata.plan.Retention;
import dev.strata.sql.Identifiers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "restore", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Brings the tables a migration dropped back from strata_archive under their names, with the",
                "foreign keys that were dropped with them (NOT VALID, then VALIDATE)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:restored", "1:an unknown migration or table, a name taken again, another strata"
                + " command (apply, restore, purge) running, or an error", ErrorHandler.USAGE_EXIT_CODE})
final class RestoreCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "the database (postgres://… or jdbc:postgresql://…)")
    private String url;

    @Option(names = "--migration", paramLabel = "ID", required = true,
            description = "the migration that dropped them (strata status prints its id)")
    private long migration;

    @Option(names = "--table", paramLabel = "SCHEMA.TABLE", description = "only this table, by its name before the drop")
    private String table;

    RestoreCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ConnectionSettings settings = Database.settings(url, environment);
        List<Retention.KeptTable> restored = Database.run(settings, "restore in",
                connection -> Restore.runLocked(connection, migration, Optional.ofNullable(table)));
        PrintWriter out = spec.commandLine().getOut();
        for (Retention.KeptTable r : restored) {
            out.println("restored " + r.table() + " from " + Identifiers.qualified(r.archived())
                    + (r.validate().isEmpty() ? "" : " with its foreign keys") + ": every row it held when it was dropped is back"
                    + " (only a statement naming " + Identifiers.qualified(r.archived()) + " could have changed it since).");
        }
        out.println("declare " + (restored.size() == 1 ? "it" : "them") + " in your schema files again, or the next plan drops "
                + (restored.size() == 1 ? "it" : "them") + " again.");
        out.flush();
        return 0;
    }
}
