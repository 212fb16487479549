package dev.strata.cli;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A count and a unit ({@code 500ms}, {@code 90s}, {@code 30m}, {@code 12h}, {@code 7d}, {@code 2w}), as options take ages and durations. */
final class Ages {

    private static final Pattern AGE = Pattern.compile("(\\d{1,9})\\s*(ms|s|min|m|h|d|w)");

    private Ages() {}

    /** The age {@code text} spells with one of {@code units}; empty for anything else. */
    static Optional<Duration> parse(String text, Set<String> units) {
        Matcher m = AGE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches() || !units.contains(m.group(2))) {
            return Optional.empty();
        }
        long n = Long.parseLong(m.group(1));
        return Optional.of(switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m", "min" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        });
    }
}
