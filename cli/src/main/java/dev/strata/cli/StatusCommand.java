package dev.strata.cli;

import dev.strata.connect.ConnectionSettings;
import dev.strata.execute.MigrationStatus;
import dev.strata.execute.RetainedTables;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Shows the migration in progress (or the last one): steps done and pending, backfill progress, the next gate;"
                + " and the dropped tables and columns kept in strata_archive, with their sizes, the migration that dropped them and how long ago.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:shown", "1:an operational error", ErrorHandler.USAGE_EXIT_CODE})
final class StatusCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "the database (postgres://… or jdbc:postgresql://…)")
    private String url;

    StatusCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ConnectionSettings settings = Database.settings(url, environment);
        Optional<MigrationStatus> status = Database.run(settings, "read the state of", MigrationStatus::read);
        List<RetainedTables.Retained> retained = Database.run(settings, "read the state of", RetainedTables::list);
        PrintWriter out = spec.commandLine().getOut();
        status.map(MigrationStatus::describe).ifPresentOrElse(lines -> lines.forEach(out::println),
                () -> out.println("no migration: strata apply has not run on " + settings.redacted()));
        RetainedTables.describe(retained).forEach(out::println);
        out.flush();
        return 0;
    }
}
