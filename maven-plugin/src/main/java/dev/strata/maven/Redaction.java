package dev.strata.maven;

import dev.strata.connect.ConnectionSettings;
import dev.strata.diagnostics.StrataException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the connection's password (from the URL or PGPASSWORD) out of the build log: the command line a goal logs
 * shows the URL as the engine redacts it, and every line the command prints is scrubbed once more on its way to
 * the log, whatever the command itself already did.
 */
final class Redaction {

    private final Optional<String> url;
    private final Optional<ConnectionSettings> settings;

    private Redaction(Optional<String> url, Optional<ConnectionSettings> settings) {
        this.url = url;
        this.settings = settings;
    }

    static Redaction of(Optional<String> url, Map<String, String> environment) {
        Optional<ConnectionSettings> settings;
        try {
            settings = Optional.of(ConnectionSettings.resolve(url, environment, System.getProperty("user.name")));
        } catch (StrataException invalid) {
            // The command reports the invalid URL itself, without echoing it; here it is only hidden whole.
            settings = Optional.empty();
        }
        return new Redaction(url, settings);
    }

    String scrub(String line) {
        String scrubbed = settings.map(s -> s.scrub(line)).orElse(line);
        return url.filter(u -> !u.isEmpty() && settings.isEmpty()).map(u -> scrubbed.replace(u, "***")).orElse(scrubbed);
    }

    /** {@code strata plan --url postgres://app@db:5432/shop …}: the arguments with the URL as the engine shows it. */
    String commandLine(List<String> args) {
        List<String> shown = new ArrayList<>(args.size() + 1);
        shown.add("strata");
        for (int i = 0; i < args.size(); i++) {
            boolean isUrl = i > 0 && args.get(i - 1).equals("--url");
            shown.add(isUrl ? settings.map(ConnectionSettings::redacted).orElse("***") : scrub(args.get(i)));
        }
        return String.join(" ", shown);
    }
}
