package dev.strata.bench;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.PulledCatalog;
import dev.strata.connect.ConnectionSettings;
import dev.strata.execute.ApplyOptions;
import dev.strata.execute.Executor;
import dev.strata.execute.PhaseSelection;
import dev.strata.execute.PlanService;
import dev.strata.execute.PlanSource;
import dev.strata.execute.Progress;
import dev.strata.plan.Plan;
import dev.strata.plan.RestoreRate;
import dev.strata.rehearse.Figure;
import dev.strata.rehearse.Rehearsal;
import dev.strata.rehearse.RehearsalInput;
import dev.strata.rehearse.RehearsalOptions;
import dev.strata.rehearse.RehearsalReport;
import dev.strata.rehearse.StatisticsReader;
import dev.strata.rehearse.StepMeasurement;
import dev.strata.rehearse.StepProbe;
import dev.strata.rehearse.StepReport;
import dev.strata.rehearse.Thresholds;
import dev.strata.rehearse.Workload;
import dev.strata.scratch.ScratchDatabase;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.SchemaFiles;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * How far {@code strata rehearse}'s projections are from what the same plan takes at full size (docs/benchmarks.md,
 * "Rehearsal accuracy"). For each N: a table of N real rows (production), rehearsed at N/25, N/12 and N/6 on fresh
 * databases of the same server with synthetic rows from its statistics; then the same plan run on the N rows
 * themselves, measured by the same probe. One plan holds the three kinds of step the projection matters most for: a
 * backfill (integer → bigint), a {@code CREATE INDEX CONCURRENTLY} and a {@code VALIDATE CONSTRAINT}.
 *
 * <pre>mvn -q -pl engine test-compile exec:java -Dexec.mainClass=dev.strata.bench.RehearsalBenchmark -Dexec.args="--rows 1000000,5000000"</pre>
 */
public final class RehearsalBenchmark {

    private RehearsalBenchmark() {}

    private static final String BEFORE = """
            tables:
              items:
                columns:
                  id: { type: bigint, identity: always }
                  amount: { type: integer, nullable: false }
                  note: { type: text, nullable: false }
                primary_key: [id]
            """;

    private static final String AFTER = """
            tables:
              items:
                columns:
                  id: { type: bigint, identity: always }
                  amount: { type: bigint, nullable: false }
                  note: { type: text, nullable: false }
                primary_key: [id]
                checks:
                  - { expression: "amount >= 0", name: amount_not_negative }
                indexes:
                  - [note]
            """;

    public static void main(String[] args) throws Exception {
        List<Long> sizes = List.of(1_000_000L, 5_000_000L);
        int major = TestPostgres.NEWEST_MAJOR;
        for (int i = 0; i < args.length; i += 2) {
            String value = i + 1 < args.length ? args[i + 1] : "";
            switch (args[i]) {
                case "--rows" -> sizes = java.util.Arrays.stream(value.split(",")).map(s -> Long.parseLong(s.replace("_", ""))).toList();
                case "--pg" -> major = Integer.parseInt(value);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --rows N[,N…] --pg 14|18");
            }
        }
        Path dir = Files.createTempDirectory("strata-rehearsal-bench");
        Files.writeString(dir.resolve("items.yaml"), AFTER);
        LoadedSchema desired = SchemaFiles.read(dir);
        System.out.println("| N | step | projected (from N/25, N/12, N/6) | R² | actual at N | error |");
        System.out.println("|---|---|---|---|---|---|");
        for (long n : sizes) {
            run(n, major, desired);
        }
    }

    private static void run(long n, int major, LoadedSchema desired) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            log("creating %,d rows of public.items", n);
            db.execute("CREATE TABLE public.items (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,"
                            + " amount integer NOT NULL, note text NOT NULL)",
                    "INSERT INTO public.items (amount, note) SELECT ((i::bigint * 7919) % 100000)::integer, md5(i::text)"
                            + " FROM generate_series(1, " + n + ") i",
                    "VACUUM ANALYZE public.items");
            ConnectionSettings settings = ConnectionSettings.resolve(Optional.of(db.postgresUrl()), Map.of(), db.user());
            RehearsalInput input;
            try (Connection c = db.connect()) {
                PulledCatalog pulled = CatalogReader.read(c, List.of("public"));
                var tables = Rehearsal.tablesToRead(pulled.catalog(), desired, major);
                input = new RehearsalInput(pulled.catalog(), desired, StatisticsReader.read(c, tables, Duration.ofSeconds(30)),
                        major, "benchmark");
            }
            ScratchDatabase keep = new ScratchDatabase(settings, major, "the benchmark's server", () -> { });
            RehearsalOptions options = new RehearsalOptions(List.of(1 / 25.0, 1 / 12.0, 1 / 6.0), Optional.empty(),
                    m -> keep, new RehearsalOptions.WorkloadChoice.None(), new Thresholds(Duration.ofDays(1), Optional.empty()),
                    1, false);
            log("rehearsing at N/25, N/12, N/6");
            RehearsalReport report = Rehearsal.run(input, options, RehearsalBenchmark::log);

            log("running the plan at N");
            List<StepMeasurement> actual;
            try (Connection c = db.connect()) {
                Plan plan = PlanService.plan(c, desired, "benchmark", RestoreRate.DEFAULT, false, true);
                try (Workload none = Workload.none(); StepProbe probe = StepProbe.attach(settings, c, none, StepProbe.DEFAULT_SAMPLE_EVERY)) {
                    new Executor(c, ApplyOptions.defaults().withAllowDataLoss(true).withConfirmGates(true), RehearsalBenchmark::log)
                            .withListener(probe).withProgress(Progress.NONE)
                            .apply(new PlanSource.Saved(plan), PhaseSelection.ALL);
                    actual = probe.measurements();
                }
            }
            for (StepReport step : report.steps()) {
                var measured = actual.stream().filter(m -> m.stepId().equals(step.stepId())).findFirst();
                double projected = step.atProduction(Figure.DURATION).orElse(Double.NaN);
                String fit = step.projections().get(Figure.DURATION).describe().replace("linear a + b·n, ", "");
                if (measured.isEmpty()) {
                    continue;
                }
                double real = measured.get().wall().toNanos() / 1e6;
                System.out.printf(Locale.ROOT, "| %,d | %s %s | %.0f ms | %s | %.0f ms | %+.0f %% |%n", n, step.stepId(),
                        step.title(), projected, fit, real, 100 * (projected - real) / real);
            }
            System.out.flush();
        }
    }

    private static void log(String format, Object... args) {
        System.err.printf(Locale.ROOT, format + "%n", args);
    }

    private static void log(String line) {
        System.err.println(line);
    }
}
