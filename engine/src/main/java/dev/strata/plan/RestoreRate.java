package dev.strata.plan;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rate a restore copies the database at ({@code --restore-rate 200MB/s}), for the plan's restore estimate. Units
 * are 1024-based, as PostgreSQL's {@code pg_size_pretty} prints sizes.
 */
public final class RestoreRate {

    /** 100 MB/s: a base backup copied from object storage to local disk, without parallelism. */
    public static final long DEFAULT = 100L * 1024 * 1024;

    private static final Pattern RATE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*(b|kb|mb|gb|tb)(?:/s)?");
    private static final String[] UNITS = {"b", "kb", "mb", "gb", "tb"};

    private RestoreRate() {}

    /** Bytes per second; a rate that is not a positive size per second is refused in one line. */
    public static long parse(String text) {
        Matcher m = RATE.matcher(text.strip().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("--restore-rate must be a size per second such as 200MB/s or 1.5GB/s"
                    + " (units B, kB, MB, GB, TB), not '" + text + "'");
        }
        int unit = java.util.Arrays.asList(UNITS).indexOf(m.group(2));
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1024).pow(unit));
        if (bytes.signum() <= 0 || bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException("--restore-rate must be more than 0 and less than 8 EB/s, not '" + text + "'");
        }
        return bytes.longValue() == 0 ? 1 : bytes.longValue();
    }
}
