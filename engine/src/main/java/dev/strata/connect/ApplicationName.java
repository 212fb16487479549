package dev.strata.connect;

import org.postgresql.PGProperty;

import java.util.Optional;

/**
 * The {@code application_name} Strata's sessions show in {@code pg_stat_activity}: the user's own name (from the URL
 * or PGAPPNAME), if any, with Strata's marker appended, e.g. {@code myapp (strata apply)}, so monitoring that keys
 * on the name keeps working and a DBA still sees that Strata is at work.
 */
public final class ApplicationName {

    /** What every session Strata opens is marked with. */
    public static final String MARKER = "strata";

    /** PostgreSQL keeps NAMEDATALEN - 1 bytes of it. */
    static final int MAX_BYTES = 63;

    private ApplicationName() {}

    /**
     * {@code given (marker)}, or the marker alone. Characters PostgreSQL would not show as they are (anything but
     * printable ASCII) become '?', as PostgreSQL 14 and 15 show them, and the given name is cut so the marker fits.
     */
    public static String marked(Optional<String> given, String marker) {
        String suffix = " (" + marker + ")";
        return given.map(ApplicationName::printable).filter(s -> !s.isBlank())
                .map(name -> name.substring(0, Math.min(name.length(), MAX_BYTES - suffix.length())).strip() + suffix)
                .orElse(marker);
    }

    /**
     * The user's part of a session's current name: without a Strata marker; empty when nothing else is left, or when
     * it is only the driver's default (nobody chose it).
     */
    public static Optional<String> given(String current) {
        String name = current.strip().replaceFirst(" \\(" + MARKER + "( [a-z ]+)?\\)$", "");
        if (name.isEmpty() || name.matches(MARKER + "( [a-z ]+)?")
                || name.equals(PGProperty.APPLICATION_NAME.getDefaultValue())) {
            return Optional.empty();
        }
        return Optional.of(name);
    }

    private static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> out.append(c >= 0x20 && c < 0x7f ? (char) c : '?'));
        return out.toString();
    }
}
