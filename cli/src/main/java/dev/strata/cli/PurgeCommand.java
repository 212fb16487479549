package dev.strata.cli;

import dev.strata.connect.ConnectionSettings;
import dev.strata.diagnostics.StrataException;
import dev.strata.execute.ApplyLock;
import dev.strata.execute.RetainedTables;
import dev.strata.execute.RetainedTables.Retained;
import dev.strata.execute.RetainedTables.Selection;
import dev.strata.execute.StateStore;
import dev.strata.render.Describe;
import dev.strata.sql.Identifiers;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

@Command(name = "purge", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Destroys dropped tables and columns kept in strata_archive for good (all, or those --table, --older-than and"
                + " --migration choose; the filters combine): the only command that destroys data.",
                "Without --yes it only prints what it would destroy, with sizes, and exits 1.",
                "It refuses while an apply, a restore or another purge runs on the database."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:destroyed, or nothing chosen", "1:not confirmed (--yes), an unknown table or migration, another"
                + " strata command running, or an error", ErrorHandler.USAGE_EXIT_CODE})
final class PurgeCommand implements Callable<Integer> {

    private final Map<String, String> environment;

    @Spec
    private CommandSpec spec;

    @Option(names = "--url", paramLabel = "URL", description = "the database (postgres://… or jdbc:postgresql://…)")
    private String url;

    @Option(names = "--table", paramLabel = "NAME",
            description = "a kept table by its name in strata_archive, as strata status prints it (repeatable; default: all)")
    private List<String> tables = new ArrayList<>();

    @Option(names = "--older-than", paramLabel = "AGE", converter = Age.class,
            description = "only what was dropped at least AGE ago (30m, 12h, 7d, 2w), by its record")
    private Duration olderThan;

    @Option(names = "--migration", paramLabel = "ID", description = "only what migration ID dropped, by its record")
    private Long migration;

    @Option(names = "--yes", description = "destroy them; without it, only say what would be destroyed")
    private boolean yes;

    PurgeCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        ConnectionSettings settings = Database.settings(url, environment);
        Selection selection = new Selection(tables, Optional.ofNullable(olderThan),
                migration == null ? OptionalLong.empty() : OptionalLong.of(migration));
        PrintWriter out = spec.commandLine().getOut();
        // One session, under the apply lock, from the listing to the drop: what is printed is what is destroyed.
        int code = Database.run(settings, "purge in", connection -> {
            ApplyLock.acquireFor(connection, "purge");
            try {
                return purge(connection, selection, out);
            } finally {
                if (!connection.isClosed()) {
                    ApplyLock.release(connection);
                }
            }
        });
        out.flush();
        return code;
    }

    private int purge(java.sql.Connection connection, Selection selection, PrintWriter out) throws java.sql.SQLException {
        if (migration != null && !migrationExists(connection, migration)) {
            throw new StrataException("no migration " + migration + " (strata status shows the last one)");
        }
        List<Retained> kept = RetainedTables.list(connection);
        List<Retained> chosen = RetainedTables.select(kept, selection);
        if (chosen.isEmpty()) {
            out.println(kept.isEmpty() ? "nothing kept in strata_archive: nothing to purge"
                    : "nothing kept in strata_archive matches " + filters() + ": nothing to purge");
            return 0;
        }
        out.println(yes ? "destroying for good:" : "would destroy for good:");
        long total = 0;
        for (Retained r : chosen) {
            out.println("  " + Identifiers.qualified(r.archived()) + ": "
                    + r.origin().map(o -> o.kind() + " " + o.object() + ", migration " + o.migrationId() + ", ").orElse("")
                    + Describe.bytes(r.bytes()));
            total += r.bytes();
        }
        if (!yes) {
            out.println("nothing was destroyed: rerun with --yes to destroy " + Describe.bytes(total));
            return 1;
        }
        RetainedTables.purge(connection, chosen);
        out.println("destroyed " + chosen.size() + (chosen.size() == 1 ? " table, " : " tables, ") + Describe.bytes(total));
        return 0;
    }

    private String filters() {
        List<String> given = new ArrayList<>();
        tables.forEach(t -> given.add("--table " + t));
        if (olderThan != null) {
            given.add("--older-than " + spec.findOption("--older-than").originalStringValues().getLast());
        }
        if (migration != null) {
            given.add("--migration " + migration);
        }
        return String.join(" ", given);
    }

    private static boolean migrationExists(java.sql.Connection connection, long id) throws java.sql.SQLException {
        StateStore state = new StateStore(connection);
        return state.exists() && state.migration(id).isPresent();
    }

    /** {@code 30m}, {@code 12h}, {@code 7d}, {@code 2w}: a bad value is a usage error naming the option. */
    static final class Age implements ITypeConverter<Duration> {

        @Override
        public Duration convert(String text) {
            return Ages.parse(text, Set.of("m", "min", "h", "d", "w")).orElseThrow(() -> new TypeConversionException(
                    "expected an age such as 30m, 12h, 7d or 2w (minutes, hours, days, weeks), not '" + text + "'"));
        }
    }
}
