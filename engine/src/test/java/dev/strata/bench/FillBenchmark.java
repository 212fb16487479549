package dev.strata.bench;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.rehearse.StatisticsReader;
import dev.strata.rehearse.SyntheticRows;
import dev.strata.rehearse.TableStatistics;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How fast {@link SyntheticRows#fill} fills the users table of {@code examples/users/before} from production-like
 * statistics, at each row count given (default 100,000 and 1,000,000), on an embedded server:
 *
 * <pre>
 * mvn -o -q -pl engine test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=dev.strata.bench.FillBenchmark -Dexec.args="--pg 18 100000 1000000"
 * </pre>
 *
 * "Production" holds 200,000 users (identity id, unique username and email, created_at over four years),
 * analysed; each fill starts on an empty copy of the schema and includes the final ANALYZE.
 */
public final class FillBenchmark {

    private FillBenchmark() {}

    public static void main(String[] args) throws Exception {
        int major = TestPostgres.NEWEST_MAJOR;
        java.util.List<Long> counts = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--pg")) {
                major = Integer.parseInt(args[++i]);
            } else {
                counts.add(Long.parseLong(args[i].replace("_", "")));
            }
        }
        if (counts.isEmpty()) {
            counts = java.util.List.of(100_000L, 1_000_000L);
        }
        Catalog catalog = SchemaFiles.read(Path.of(System.getProperty("strata.examples", "examples"), "users", "before"))
                .catalog();
        QualifiedName users = QualifiedName.of("public", "users");
        Map<QualifiedName, TableStatistics> stats;
        try (var prod = TestPostgres.newDatabase(major)) {
            prod.execute(CreateDdl.statements(catalog).toArray(String[]::new));
            prod.execute("INSERT INTO public.users (username, email, created_at) SELECT 'user_' || md5(g::text),"
                    + " 'user' || g || '@' || (ARRAY['example.com', 'mail.test', 'corp.example'])[1 + g % 3],"
                    + " TIMESTAMPTZ '2022-01-01' + (g * 631) * INTERVAL '1 second' FROM generate_series(1, 200000) g",
                    "ANALYZE public.users");
            try (var c = prod.connect()) {
                stats = StatisticsReader.read(c, Set.of(users), Duration.ofSeconds(10));
            }
        }
        for (long n : counts) {
            try (var scratch = TestPostgres.newDatabase(major); var c = scratch.connect()) {
                scratch.execute(CreateDdl.statements(catalog).toArray(String[]::new));
                var result = SyntheticRows.fill(c, catalog, stats, Map.of(users, n), 1);
                long bytes = Long.parseLong(scratch.query("SELECT pg_total_relation_size('public.users')").getFirst().getFirst());
                long estimate = SyntheticRows.estimatedBytes(catalog.table(users).orElseThrow(), stats.get(users), n);
                System.out.printf(Locale.ROOT, "PG %d  %,10d rows  %6.2f s  %,8.0f rows/s  size %,d MB (estimated %,d MB)%n",
                        major, n, result.took().toMillis() / 1000.0, n / (result.took().toMillis() / 1000.0),
                        bytes >> 20, estimate >> 20);
            }
        }
    }
}
