package dev.strata.rehearse;

import java.util.Locale;

/** The figures a rehearsal measures for every step and projects to production. */
public enum Figure {
    DURATION("duration", Unit.MILLISECONDS),
    BLOCKING_HOLD("longest blocking hold", Unit.MILLISECONDS),
    APPLICATION_WAIT("longest application wait", Unit.MILLISECONDS),
    WAL("WAL", Unit.BYTES),
    GROWTH("table and index growth", Unit.BYTES);

    public enum Unit { MILLISECONDS, BYTES }

    private final String label;
    private final Unit unit;

    Figure(String label, Unit unit) {
        this.label = label;
        this.unit = unit;
    }

    public String label() {
        return label;
    }

    public Unit unit() {
        return unit;
    }

    /** The JSON key: {@code blocking_hold}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
