package dev.strata.model;

/**
 * Sequence options, always complete: YAML fills what the user left out with PostgreSQL's own
 * defaults (see {@link #defaultsFor}), so a pulled sequence and a declared one compare equal.
 */
public record SequenceOptions(long start, long increment, long minValue, long maxValue, long cache, boolean cycle) {

    public SequenceOptions {
        if (increment == 0) {
            throw new IllegalArgumentException("sequence increment must not be zero");
        }
        if (minValue > maxValue) {
            throw new IllegalArgumentException("sequence min " + minValue + " exceeds max " + maxValue);
        }
        if (start < minValue || start > maxValue) {
            throw new IllegalArgumentException("sequence start " + start + " outside [" + minValue + ", " + maxValue + "]");
        }
        if (cache < 1) {
            throw new IllegalArgumentException("sequence cache must be at least 1");
        }
    }

    /** PostgreSQL's defaults for a sequence of the given integer type and direction. */
    public static SequenceOptions defaultsFor(DataType type, long increment) {
        long typeMax = maxOf(type);
        long min = increment > 0 ? 1 : -typeMax - 1;
        long max = increment > 0 ? typeMax : -1;
        return new SequenceOptions(increment > 0 ? min : max, increment, min, max, 1, false);
    }

    public static SequenceOptions defaultsFor(DataType type) {
        return defaultsFor(type, 1);
    }

    /** The largest value of smallint, integer or bigint (anything else is treated as bigint). */
    public static long maxOf(DataType type) {
        return switch (type.name()) {
            case "smallint" -> Short.MAX_VALUE;
            case "integer" -> Integer.MAX_VALUE;
            default -> Long.MAX_VALUE;
        };
    }
}
