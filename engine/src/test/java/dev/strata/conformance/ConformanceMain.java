package dev.strata.conformance;

import dev.strata.catalog.PulledCatalog;
import dev.strata.conformance.Outcomes.Convergence;
import dev.strata.conformance.Outcomes.ConvergenceResult;
import dev.strata.conformance.Outcomes.Finding;
import dev.strata.conformance.Outcomes.RoundTrip;
import dev.strata.conformance.Outcomes.RoundTripResult;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Measures Strata against an outside corpus of schema pairs (a manual program, not a test: the
 * corpus is not part of the project). Usage:
 *
 * <pre>
 * ConformanceMain CORPUS_DIR [--major 18] [--major 14] [--only SUBSTRING]... [--explain] [--out docs/conformance.md] [--note TEXT]
 * </pre>
 *
 * Cases run one after another on the embedded servers; every database is dropped when its case ends.
 * With several majors, each major's cases run on a thread of their own (the servers are separate).
 * {@code --explain} prints the statement, objects or stack trace behind every failure. {@code --note} puts a
 * paragraph under the introduction (what this run is a baseline of, say).
 */
public final class ConformanceMain {

    static final String COMMAND = "mvn -q -pl engine test-compile exec:java -Dexec.classpathScope=test "
            + "-Dexec.mainClass=dev.strata.conformance.ConformanceMain "
            + "-Dexec.args=\"../shared/corpus/pgschema --major 18 --major 14\"";

    private ConformanceMain() {}

    public static void main(String[] args) throws IOException {
        Path corpus = null;
        List<Integer> majors = new ArrayList<>();
        List<String> only = new ArrayList<>();
        Explain explain = new Explain(false);
        Path out = Path.of("docs/conformance.md");
        String note = "";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--major" -> majors.add(Integer.parseInt(args[++i]));
                case "--only" -> only.add(args[++i]);
                case "--explain" -> explain = new Explain(true);
                case "--out" -> out = Path.of(args[++i]);
                case "--note" -> note = args[++i];
                default -> corpus = Path.of(args[i]);
            }
        }
        if (corpus == null || !Files.isDirectory(corpus)) {
            System.err.println("usage: ConformanceMain CORPUS_DIR [--major 18] [--major 14] [--only SUBSTRING] [--explain] [--out FILE] [--note TEXT]");
            System.err.println("corpus directory not found: " + corpus);
            return;
        }
        if (majors.isEmpty()) {
            majors.add(TestPostgres.NEWEST_MAJOR);
        }
        locateBinaries();
        // several --only widen the selection: a case runs when its name contains any of them
        List<CorpusCase> cases = CorpusCase.discover(corpus).stream()
                .filter(c -> only.isEmpty() || only.stream().anyMatch(c.name()::contains)).toList();
        Explain details = explain;
        List<Report.Run> runs;
        try (var pool = java.util.concurrent.Executors.newFixedThreadPool(majors.size())) {
            List<java.util.concurrent.Future<Report.Run>> futures = majors.stream()
                    .map(major -> pool.submit(() -> run(major, cases, details))).toList();
            runs = new ArrayList<>();
            for (var f : futures) {
                runs.add(f.get());
            }
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the conformance run failed: " + e, e);
        }
        String report = Report.markdown(ConformanceMain.COMMAND, cases.size(), Machine.current(), runs, note);
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, report);
        System.err.println("wrote " + out.toAbsolutePath());
    }

    /**
     * Surefire passes the binaries' directory as a property; under exec:java the working directory
     * is the repository root, so look in the engine's target as well.
     */
    private static void locateBinaries() {
        if (System.getProperty("strata.pg.binaries") != null) {
            return;
        }
        for (String dir : List.of("engine/target/pg-binaries", "target/pg-binaries")) {
            if (Files.isDirectory(Path.of(dir))) {
                System.setProperty("strata.pg.binaries", dir);
                return;
            }
        }
    }

    private static Report.Run run(int major, List<CorpusCase> cases, Explain explain) {
        long start = System.nanoTime();
        String version;
        try (TestDatabase probe = TestPostgres.newDatabase(major)) {
            version = probe.query("SHOW server_version").getFirst().getFirst();
            // pgschema's own tests connect as role testuser, and a few cases name it without creating it.
            probe.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'testuser') THEN"
                    + " CREATE ROLE testuser; END IF; END $$");
        }
        List<RoundTripResult> roundTrips = new ArrayList<>();
        List<ConvergenceResult> convergence = new ArrayList<>();
        int n = 0;
        for (CorpusCase c : cases) {
            n++;
            ConvergenceResult result = runCase(major, c, roundTrips, explain);
            convergence.add(result);
            System.err.printf("[pg%d %3d/%d] %-60s %s%n", major, n, cases.size(), c.name(), result.outcome().label);
        }
        return new Report.Run(major, version, (System.nanoTime() - start) / 1_000_000_000L, roundTrips, convergence);
    }

    private static ConvergenceResult runCase(int major, CorpusCase c, List<RoundTripResult> roundTrips, Explain explain) {
        try (TestDatabase oldDb = TestPostgres.newDatabase(major); TestDatabase newDb = TestPostgres.newDatabase(major)) {
            Side before = side(major, c, "old.sql", c.oldSql(), oldDb, explain);
            Side after = side(major, c, "new.sql", c.newSql(), newDb, explain);
            roundTrips.add(before.result());
            roundTrips.add(after.result());
            if (before.pulled().isEmpty() || after.pulled().isEmpty()) {
                boolean crashed = before.result().outcome() == RoundTrip.CRASHED || after.result().outcome() == RoundTrip.CRASHED;
                ConvergenceResult stopped = new ConvergenceResult(c.name(), crashed ? Convergence.CRASHED : Convergence.SKIPPED,
                        crashed ? List.of(new Finding("catalog reader crashed on a loaded script (see round trip)", "")) : List.of(),
                        List.of());
                // Strictly, a skipped pair is a failed pair: name the script that stopped it.
                RoundTripResult cause = before.pulled().isEmpty() ? before.result() : after.result();
                return stopped.withStrict(Outcomes.Strict.stopped(stopped.outcome().label + ", " + cause.outcome().label,
                        cause.findings()));
            }
            ConvergenceResult result = ConvergenceCheck.check(c.name(), major, oldDb, before.pulled().get(), after.pulled().get(),
                    explain);
            return ConvergenceCheck.strictly(result, oldDb, after.facts(), explain);
        }
    }

    /** @param facts the strict description of the loaded database, empty if the script did not load */
    private record Side(RoundTripResult result, Optional<PulledCatalog> pulled, List<Fingerprint.Fact> facts) {}

    /** Loads one script, pulls it and runs the round trip; the pull is empty if the script did not load or the pull crashed. */
    private static Side side(int major, CorpusCase c, String file, String sql, TestDatabase db, Explain explain) {
        String script = c.name() + "/" + file;
        Optional<String> loadError = Scripts.load(db, c.setup(), sql);
        if (loadError.isPresent()) {
            return new Side(new RoundTripResult(script, RoundTrip.LOAD_FAILED,
                    List.of(new Finding(Kinds.normalize(loadError.get()), loadError.get())), new TreeSet<>()), Optional.empty(),
                    List.of());
        }
        List<Fingerprint.Fact> facts;
        Optional<Outcomes.Strict> undescribed = Optional.empty();
        try {
            facts = Fingerprint.everything(db);
        } catch (SQLException e) {
            // The harness's own query failing must not change the model comparison's outcome.
            explain.crash(script, e);
            facts = List.of();
            undescribed = Optional.of(Outcomes.Strict.fail(new Finding("harness: strict description failed", Kinds.sqlError(e))));
        }
        PulledCatalog pulled;
        try {
            pulled = Scripts.pull(db);
        } catch (Exception e) {
            explain.crash(script, e);
            return new Side(new RoundTripResult(script, RoundTrip.CRASHED,
                    List.of(new Finding(Kinds.crash("catalog reader", e), Kinds.where(e) + ": " + Kinds.firstLine(e.getMessage()))),
                    new TreeSet<>()).withKinds(Fingerprint.kinds(facts)), Optional.empty(), facts);
        }
        RoundTripResult result = RoundTripCheck.check(script, major, c.setup(), db, pulled, facts, explain)
                .withKinds(Fingerprint.kinds(facts));
        return new Side(undescribed.map(result::withStrict).orElse(result), Optional.of(pulled), facts);
    }
}
