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
        description = {"Brings the tables and columns a migration dropped back from strata_archive under their names:",
                "a table with the foreign keys that were dropped with it (NOT VALID, then VALIDATE); a column with its",
                "values (in batches), default, NOT NULL, indexes and constraints (online, as a plan builds them)."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:restored", "1:an unknown migration or object, a name taken again, something not rebuilt, another"
                + " strata command (apply, restore, purge) running, or an error", ErrorHandler.USAGE_EXIT_CODE})
final class RestoreCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "the database (postgres://… or jdbc:postgresql://…)")
    private String url;

    @Option(names = "--migration", paramLabel = "ID", required = true,
            description = "the migration that dropped them (strata status prints its id)")
    private long migration;

    @Option(names = {"--object", "--table"}, paramLabel = "NAME",
            description = "only this table (schema.table) or column (schema.table.column), by its name before the drop")
    private String object;

    RestoreCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ConnectionSettings settings = Database.settings(url, environment);
        List<Restore.Restored> restored = Database.run(settings, "restore in",
                connection -> Restore.runLocked(connection, migration, Optional.ofNullable(object)));
        PrintWriter out = spec.commandLine().getOut();
        boolean complete = true;
        for (Restore.Restored r : restored) {
            switch (r) {
                case Restore.Restored.Table(Retention.KeptTable t) -> out.println("restored " + t.table() + " from "
                        + Identifiers.qualified(t.archived()) + (t.validate().isEmpty() ? "" : " with its foreign keys")
                        + ": every row it held when it was dropped is back (only a statement naming "
                        + Identifiers.qualified(t.archived()) + " could have changed it since).");
                case Restore.Restored.Column c -> {
                    complete &= c.notRebuilt().isEmpty();
                    column(out, c);
                }
            }
        }
        out.println("declare " + (restored.size() == 1 ? "it" : "them") + " in your schema files again, or the next plan drops "
                + (restored.size() == 1 ? "it" : "them") + " again.");
        out.flush();
        return complete ? 0 : 1;
    }

    static void column(PrintWriter out, Restore.Restored.Column c) {
        Retention.KeptColumn k = c.kept();
        String archive = Identifiers.qualified(k.archived());
        out.println("restored " + k.object() + " from " + archive + ": " + rows(c.valuesBack()) + (c.valuesBack() == 1 ? " has its value back" : " have their value back")
                + (k.rebuild().isEmpty() ? "" : c.notRebuilt().isEmpty()
                        ? ", and what the drop took with it is rebuilt (default, NOT NULL, indexes, constraints)" : "") + ".");
        out.println("  not restored: " + rows(c.insertedSince()) + " inserted since the drop (their " + k.column()
                + " is NULL); " + rows(c.deletedSince()) + " deleted since (their values stay in " + archive
                + " until purged).");
        out.println("  updates made since to rows that still exist cannot be told apart: the application stopped using "
                + k.column() + " at the read switch, so each of them has its value from the contract.");
        for (String failed : c.notRebuilt()) {
            out.println("  not rebuilt (the rest of its step was skipped; fix the cause and run it by hand): " + failed);
        }
    }

    private static String rows(long n) {
        return n + (n == 1 ? " row" : " rows");
    }
}
