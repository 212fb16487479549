package dev.strata.cli;

import dev.strata.connect.ConnectionSettings;
import dev.strata.connect.Connections;
import dev.strata.execute.PreflightRunner;
import dev.strata.execute.SessionOpener;
import dev.strata.plan.Plan;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** Where and how long preflight reads the live data: the options {@code plan} and {@code apply} share. */
final class PreflightOptions {

    @Spec(Spec.Target.MIXEE)
    private CommandSpec spec;

    @Option(names = "--preflight-timeout", paramLabel = "MS", defaultValue = "30000",
            description = "statement_timeout of each preflight query (default ${DEFAULT-VALUE}); a check that runs"
                    + " longer is reported as not checked")
    private long timeoutMillis;

    @Option(names = "--preflight-url", paramLabel = "URL",
            description = "run preflight on this server instead, e.g. a replica with the same schema (read-only is enough)")
    private String url;

    Duration timeout() {
        if (timeoutMillis <= 0) {
            throw new ParameterException(spec.commandLine(), "--preflight-timeout must be positive: " + timeoutMillis);
        }
        return Duration.ofMillis(timeoutMillis);
    }

    /** The server to run preflight on, when it is not the one planned against. */
    Optional<ConnectionSettings> replica(Map<String, String> environment) {
        return Optional.ofNullable(url).map(u -> Database.settings(u, environment));
    }

    Optional<SessionOpener> replicaOpener(Map<String, String> environment) {
        return replica(environment).map(settings -> () -> Connections.open(settings));
    }

    /**
     * {@code plan} with its preflight findings when {@code wanted}: on the {@code --preflight-url} server if given,
     * else on {@code planned}, the connection the plan was made on.
     */
    Plan check(boolean wanted, Map<String, String> environment, Connection planned, Plan plan) throws SQLException {
        if (!wanted) {
            return plan;
        }
        Optional<ConnectionSettings> replica = replica(environment);
        if (replica.isEmpty()) {
            return plan.withPreflight(new PreflightRunner(planned, timeout()).run(plan.preflight()));
        }
        return Database.run(replica.get(), "run preflight on", connection ->
                plan.withPreflight(new PreflightRunner(connection, timeout()).run(plan.preflight())));
    }
}
