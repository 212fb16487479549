package dev.strata.cli;

import dev.strata.connect.ConnectionSettings;
import dev.strata.execute.AbandonResult;
import dev.strata.execute.Executor;
import dev.strata.execute.MigrationStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "abandon", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Marks the running migration abandoned so another can start, and removes what only an",
                "unfinished migration needs (sync triggers, shadow columns, the half-filled new column of a rename whose",
                "old column is still there, INVALID indexes of its concurrent builds).",
                "The steps done stay done (new columns, tables, indexes); plan again from there."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:abandoned, or no migration running", "1:an operational error", ErrorHandler.USAGE_EXIT_CODE})
final class AbandonCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "the database (postgres://… or jdbc:postgresql://…)")
    private String url;

    AbandonCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ConnectionSettings settings = Database.settings(url, environment);
        AbandonResult result = Database.run(settings, "reach", Executor::abandon);
        PrintWriter out = spec.commandLine().getOut();
        if (result.abandoned().isEmpty()) {
            out.println("no migration is running: nothing to abandon");
        } else {
            MigrationStatus s = result.abandoned().get();
            out.println("abandoned migration " + s.migration().id() + "; the steps done stay done.");
            out.println("done (left in place): " + (s.done().isEmpty() ? "none" : String.join(", ", doneInPlanOrder(s))));
            out.println("never run: " + (s.pending().isEmpty() ? "none" : String.join(", ", s.pending())));
        }
        result.removed().forEach(r -> out.println("removed (only the migration needed it): " + r));
        result.kept().forEach(k -> out.println("left: " + k));
        if (result.abandoned().isPresent()) {
            out.println("plan again (strata plan --url …) to see what remains between the database and your schema.");
        }
        out.flush();
        return 0;
    }

    private static java.util.List<String> doneInPlanOrder(MigrationStatus s) {
        return s.migration().plan().steps().stream().map(dev.strata.plan.Step::id).filter(s.done()::containsKey).toList();
    }
}
