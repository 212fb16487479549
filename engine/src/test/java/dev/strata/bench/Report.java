package dev.strata.bench;

import dev.strata.bench.MigrationBenchmark.Migration;
import dev.strata.bench.MigrationBenchmark.Options;
import dev.strata.bench.MigrationBenchmark.Throughput;

import java.util.List;
import java.util.Locale;

/** The benchmark's results as Markdown, ready to paste into docs/benchmarks.md. */
final class Report {

    private Report() {}

    static String render(Options o, Machine m, String pgVersion, List<String> planSteps, Throughput strataBackfill,
            Throughput naiveUpdate, Throughput strataUnderLoad, Latencies idle, Migration strata, Migration naive) {
        StringBuilder out = new StringBuilder();
        line(out, "## Setup");
        line(out, "");
        line(out, "- Rows: %,d; backfill batch size: %,d; workload: %.0f statements/s (80 %% single-row UPDATE, 20 %% INSERT) on %d connections",
                o.rows(), o.batchSize(), o.rate(), o.threads());
        line(out, "- Lock sampling period: %d ms (measured mean: Strata run %.2f ms, naive run %.2f ms)",
                o.samplePeriodMillis(), strata.locks().meanPeriodMillis(), naive.locks().meanPeriodMillis());
        line(out, "- CPU: %s, %d cores; memory %s", m.cpu(), m.cores(), m.memory());
        line(out, "- OS: %s; Java: %s; PostgreSQL %s", m.os(), m.java(), pgVersion);
        line(out, "- Strata plan: %s", String.join("; ", planSteps));
        line(out, "");
        line(out, "## Backfill throughput (no concurrent load)");
        line(out, "");
        line(out, "| method | rows | seconds | rows/s | vs single UPDATE |");
        line(out, "|---|---:|---:|---:|---:|");
        line(out, "| single `UPDATE … SET amount_new = amount::bigint` | %,d | %.2f | %,.0f | 100 %% |",
                naiveUpdate.rows(), naiveUpdate.seconds(), naiveUpdate.rowsPerSecond());
        line(out, "| Strata batched backfill (batch %,d) | %,d | %.2f | %,.0f | %.0f %% |", o.batchSize(),
                strataBackfill.rows(), strataBackfill.seconds(), strataBackfill.rowsPerSecond(),
                100 * strataBackfill.rowsPerSecond() / naiveUpdate.rowsPerSecond());
        line(out, "| Strata batched backfill, under the workload | %,d | %.2f | %,.0f | %.0f %% |",
                strataUnderLoad.rows(), strataUnderLoad.seconds(), strataUnderLoad.rowsPerSecond(),
                100 * strataUnderLoad.rowsPerSecond() / naiveUpdate.rowsPerSecond());
        line(out, "");
        line(out, "## Workload latency (ms, from each statement's scheduled start)");
        line(out, "");
        line(out, "| window | seconds | statements | failed | p50 | p95 | p99 | max | p99 / idle p99 |");
        line(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        latency(out, "idle (no migration)", o.idleSeconds(), idle, idle);
        latency(out, "Strata: expand → backfill → contract", strata.seconds(), strata.latencies(), idle);
        latency(out, "naive `ALTER COLUMN amount TYPE bigint`", naive.seconds(), naive.latencies(), idle);
        line(out, "");
        line(out, "## Locks that block reads or writes");
        line(out, "");
        line(out, "| migration | longest continuous hold by the migration (ms) | modes seen | longest workload wait on the table lock (ms) | longest workload wait on a row lock (ms) | samples |");
        line(out, "|---|---:|---|---:|---:|---:|");
        locks(out, "Strata", strata.locks());
        locks(out, "naive ALTER", naive.locks());
        return out.toString();
    }

    private static void latency(StringBuilder out, String name, double seconds, Latencies l, Latencies idle) {
        line(out, "| %s | %.1f | %,d | %d | %.1f | %.1f | %.1f | %.1f | %.1f× |", name, seconds, l.count(), l.failures(),
                l.p50(), l.p95(), l.p99(), l.max(), idle.p99() == 0 ? 0 : l.p99() / idle.p99());
    }

    private static void locks(StringBuilder out, String name, LockMonitor.Result r) {
        line(out, "| %s | %.0f | %s | %.0f | %.0f | %,d |", name, r.longestHoldMillis(), r.modes(), r.longestTableWaitMillis(),
                r.longestRowWaitMillis(), r.samples());
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
