package dev.strata.render;

import dev.strata.plan.Plan;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A plan as Flyway versioned migrations, one per step ({@link MigrationScripts}):
 * {@code V<prefix>.<nnn>__<phase>_<description>.sql}, numbered in execution order. A script that must not run in a
 * transaction has a {@code .sql.conf} beside it with {@code executeInTransaction=false}, Flyway's per-script setting.
 * Gates are not scripts: the last script before a gate says which {@code flyway migrate -target} stops there, and
 * the first after it what must be deployed first.
 */
public final class FlywayRenderer {

    /** What Flyway accepts as a version: digits in parts separated by dots (or underscores, which it reads as dots). */
    private static final Pattern VERSION = Pattern.compile("[0-9]+([._][0-9]+)*");

    private static final String CONF = """
            # CREATE INDEX CONCURRENTLY and a backfill that commits per batch cannot run in a transaction.
            # Run Flyway with postgresql.transactional.lock=false: Flyway's default lock is an open transaction,
            # which a concurrent index build waits for until lock_timeout ends it.
            executeInTransaction=false
            """;

    private FlywayRenderer() {}

    /** Whether {@code prefix} may lead the scripts' versions. */
    public static boolean validPrefix(String prefix) {
        return VERSION.matcher(prefix).matches();
    }

    /**
     * @param versionPrefix the leading part of every script's version ({@code 42} gives {@code 42.001}, {@code 42.002}, …);
     *                      it must sort after the versions the project's migrations already have
     */
    public static SortedMap<String, String> files(Plan plan, String versionPrefix, int batchSize, Duration pause,
            Duration statementTimeout) {
        if (!validPrefix(versionPrefix)) {
            throw new IllegalArgumentException("not a Flyway version: " + versionPrefix);
        }
        List<MigrationScripts.Script> scripts = MigrationScripts.of(plan, batchSize, pause, statementTimeout);
        // Zero-padded, so a directory listing shows the scripts in the order Flyway runs them.
        int width = Math.max(3, Integer.toString(scripts.size()).length());
        SortedMap<String, String> files = new TreeMap<>();
        for (MigrationScripts.Script script : scripts) {
            String version = versionPrefix + "." + String.format(Locale.ROOT, "%0" + width + "d", script.number());
            String name = "V" + version + "__" + script.description() + ".sql";
            StringBuilder out = new StringBuilder();
            out.append("-- Strata plan for ").append(SqlRenderer.oneLine(plan.current())).append(" (PostgreSQL ")
                    .append(plan.pgMajor()).append("): ").append(script.step().phase().title()).append(", script ")
                    .append(script.number()).append(" of ").append(scripts.size()).append('\n');
            script.gateBefore().ifPresent(gate -> out.append(MigrationScripts.gateComment(plan, gate)));
            script.gateAfter().ifPresent(gate -> out.append("-- Next: gate ").append(SqlRenderer.oneLine(gate.id()))
                    .append(" (").append(SqlRenderer.oneLine(gate.title())).append("). flyway migrate -target=")
                    .append(version).append(" stops after this script; migrate again once it is deployed.\n"));
            out.append('\n').append(script.sql());
            files.put(name, out.toString());
            if (!script.transactional()) {
                files.put(name + ".conf", CONF);
            }
        }
        return Collections.unmodifiableSortedMap(files);
    }

    /**
     * A warning when a script holds {@code ${}: Flyway reads it as a placeholder, fails on one it has no value for and
     * replaces one it has, in strings too, and no per-script setting turns that off.
     */
    public static Optional<String> placeholderWarning(SortedMap<String, String> files) {
        return files.entrySet().stream().filter(f -> f.getValue().contains("${")).map(f -> f.getKey()).findFirst()
                .map(name -> name + " holds ${, which Flyway takes for a placeholder: run these scripts with"
                        + " -placeholderReplacement=false");
    }
}
