package dev.strata.bench;

import java.util.Arrays;
import java.util.List;

/** Nearest-rank percentiles of latencies, in milliseconds. */
record Latencies(int count, int failures, double p50, double p95, double p99, double max) {

    static Latencies of(List<Workload.Sample> samples) {
        long[] nanos = samples.stream().mapToLong(Workload.Sample::latencyNanos).sorted().toArray();
        int failures = (int) samples.stream().filter(Workload.Sample::failed).count();
        if (nanos.length == 0) {
            return new Latencies(0, failures, 0, 0, 0, 0);
        }
        return new Latencies(nanos.length, failures, rank(nanos, 0.50), rank(nanos, 0.95), rank(nanos, 0.99),
                nanos[nanos.length - 1] / 1e6);
    }

    private static double rank(long[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }

    @Override
    public String toString() {
        return Arrays.toString(new double[] {p50, p95, p99, max});
    }
}
