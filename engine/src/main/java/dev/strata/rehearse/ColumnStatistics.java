package dev.strata.rehearse;

import java.util.List;

/**
 * What {@code pg_stats} holds for one column (or what {@link StatisticsReader#sampled} or
 * {@link StatisticsReader#assumed} stands in for it): the shape of its values, never the values of a row beyond the
 * most common ones and the histogram's bounds, both as the server prints them.
 *
 * @param nullFraction          {@code null_frac}: the fraction of rows whose value is NULL
 * @param distinct              {@code n_distinct}: &gt; 0 a count of distinct non-null values, &lt; 0 minus their
 *                              number as a fraction of the rows (-1: every row differs), 0 unknown
 * @param mostCommonValues      {@code most_common_vals} as text; empty when pg_stats has none
 * @param mostCommonFrequencies {@code most_common_freqs}, one per value (fractions of all rows)
 * @param histogramBounds       {@code histogram_bounds} as text: equal-population buckets of the values that are
 *                              not among the most common ones; empty when pg_stats has none
 * @param averageWidth          {@code avg_width}: bytes of a non-null value as stored
 * @param correlation           {@code correlation}: between physical and logical order (0 when unknown)
 */
public record ColumnStatistics(String column, double nullFraction, double distinct, List<String> mostCommonValues,
        List<Double> mostCommonFrequencies, List<String> histogramBounds, int averageWidth, double correlation) {

    public ColumnStatistics {
        mostCommonValues = List.copyOf(mostCommonValues);
        mostCommonFrequencies = List.copyOf(mostCommonFrequencies);
        histogramBounds = List.copyOf(histogramBounds);
        if (mostCommonValues.size() != mostCommonFrequencies.size()) {
            throw new IllegalArgumentException("column " + column + ": " + mostCommonValues.size()
                    + " most common values but " + mostCommonFrequencies.size() + " frequencies");
        }
    }

    /** The number of distinct non-null values among {@code rows} rows, at least 1. */
    public long distinctValues(long rows) {
        long nonNull = Math.max(1, Math.round(rows * (1 - nullFraction)));
        double d = distinct > 0 ? distinct : distinct < 0 ? -distinct * rows : nonNull;
        return Math.max(1, Math.min(nonNull, Math.round(d)));
    }

    /** The fraction of all rows that hold one of the most common values. */
    public double mostCommonTotal() {
        return mostCommonFrequencies.stream().mapToDouble(Double::doubleValue).sum();
    }
}
