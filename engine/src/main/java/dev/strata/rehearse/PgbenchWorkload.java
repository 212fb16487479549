package dev.strata.rehearse;

import dev.strata.connect.ApplicationName;
import dev.strata.connect.ConnectionSettings;
import dev.strata.diagnostics.StrataException;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The user's pgbench script as the workload: {@code pgbench -n -f script -R rate -c clients -T long -P 1 --log},
 * with the connection given only through the child's environment (PGHOST, PGPORT, PGUSER, PGDATABASE, PGPASSWORD,
 * PGSSLMODE), never on its command line. Each transaction of pgbench's per-transaction log becomes one statement of
 * the {@link StatementLog}: it ended at the logged instant and took the logged time less its schedule lag (under
 * {@code -R} pgbench measures from the scheduled start, and time spent behind schedule is not time spent waiting on
 * the server). {@link #start} returns once pgbench printed its first progress line (about a second after it started),
 * or fails with pgbench's own error when it stopped at once. pgbench stops a client at its first SQL error, so a
 * failure is counted, at the moment it is read, from the "client N ... aborted" line pgbench prints, and that client
 * sends nothing more for the rest of the rehearsal.
 *
 * <p>pgbench buffers its log and writes the last lines when it exits: the windows are complete only once the workload
 * is closed. Closing sends SIGALRM, which pgbench takes for the end of its {@code -T} duration (it finishes the
 * transactions in flight and writes its log), and kills it only if it has not exited after a few seconds.
 */
final class PgbenchWorkload implements Workload.Driver {

    static final String ENVIRONMENT_VARIABLE = "STRATA_PGBENCH";
    private static final String MARKER = "strata rehearse pgbench";
    /** pgbench 15 on: "client 0 script 0 aborted in command 1 query 0: ..."; before: "client 0 aborted in command 1 ...". */
    private static final Pattern ABORTED = Pattern.compile("client \\d+ (script \\d+ )?aborted");
    private static final int MAX_CLIENTS = 4;
    /** How long start() waits for pgbench's first progress line (it prints one a second). */
    private static final java.time.Duration STARTUP = java.time.Duration.ofSeconds(10);

    private final Path binary;
    private final Path script;
    private final double rate;
    private final ConnectionSettings settings;
    private final StatementLog log;
    private final List<String> notes = new ArrayList<>();
    private final List<String> lastErrors = new ArrayList<>();
    private final java.util.concurrent.CountDownLatch progressed = new java.util.concurrent.CountDownLatch(1);
    private final Map<Path, Long> read = new HashMap<>();
    private Process process;
    private Path logDirectory;
    private Thread stderr;

    private PgbenchWorkload(Path binary, Path script, double rate, ConnectionSettings settings, StatementLog log) {
        this.binary = binary;
        this.script = script;
        this.rate = rate;
        this.settings = settings;
        this.log = log;
    }

    static PgbenchWorkload prepare(ConnectionSettings settings, Path script, double rate, Map<String, String> environment,
            StatementLog log) {
        if (!(rate > 0) || Double.isInfinite(rate)) {
            throw new IllegalArgumentException("the workload's rate must be a positive number of transactions per second: " + rate);
        }
        if (!Files.isRegularFile(script) || !Files.isReadable(script)) {
            throw new StrataException("workload script " + script + " does not exist or cannot be read");
        }
        return new PgbenchWorkload(binary(environment), script.toAbsolutePath(), rate, settings, log);
    }

    /** {@code STRATA_PGBENCH} when set, else the first {@code pgbench} on PATH. */
    static Path binary(Map<String, String> environment) {
        String given = environment.get(ENVIRONMENT_VARIABLE);
        if (given != null && !given.isBlank()) {
            Path path = Path.of(given);
            if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
                throw new StrataException(ENVIRONMENT_VARIABLE + "=" + given + " is not an executable file: point it at"
                        + " PostgreSQL's pgbench, or unset it to use the pgbench on PATH");
            }
            return path;
        }
        String path = environment.getOrDefault("PATH", "");
        for (String directory : path.split(java.io.File.pathSeparator)) {
            if (directory.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(directory, "pgbench");
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        throw new StrataException("pgbench is not on PATH: install PostgreSQL's client programs (they include pgbench)"
                + " or set " + ENVIRONMENT_VARIABLE + " to its path, or rehearse with the synthetic workload (no --workload)");
    }

    @Override
    public synchronized void start() {
        int clients = (int) Math.clamp((long) Math.ceil(rate / 10), 1, MAX_CLIENTS);
        try {
            logDirectory = Files.createTempDirectory("strata-pgbench");
        } catch (IOException e) {
            throw new StrataException("cannot make a directory for pgbench's logs: " + e.getMessage(), e);
        }
        List<String> command = List.of(binary.toString(), "--no-vacuum", "--file=" + script,
                "--rate=" + String.format(Locale.ROOT, "%.3f", rate), "--client=" + clients, "--jobs=1",
                "--time=" + TimeUnit.DAYS.toSeconds(7), "--progress=1", "--log", "--log-prefix=" + logDirectory.resolve("tx"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> environment = builder.environment();
        environment.keySet().removeIf(name -> name.startsWith("PG"));
        environment.put("PGHOST", settings.host());
        environment.put("PGPORT", String.valueOf(settings.port()));
        environment.put("PGUSER", settings.user());
        environment.put("PGDATABASE", settings.database());
        environment.put("PGAPPNAME", ApplicationName.marked(settings.applicationName(), MARKER));
        Optional.ofNullable(settings.properties().getProperty("password")).ifPresent(p -> environment.put("PGPASSWORD", p));
        Optional.ofNullable(settings.parameters().get("sslmode")).ifPresent(m -> environment.put("PGSSLMODE", m));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StrataException("cannot run " + binary + ": " + e.getMessage(), e);
        }
        stderr = new Thread(this::readErrors, "strata-rehearse-pgbench-stderr");
        stderr.setDaemon(true);
        stderr.start();
        // A script that does not parse, or a server pgbench cannot reach, ends it at once: say so now, not at the end.
        // Its first progress line says it runs.
        try {
            long deadline = System.nanoTime() + STARTUP.toNanos();
            while (progressed.getCount() > 0 && process.isAlive() && System.nanoTime() < deadline) {
                progressed.await(50, TimeUnit.MILLISECONDS);
            }
            if (progressed.getCount() > 0 && process.waitFor(100, TimeUnit.MILLISECONDS)) {
                stderr.join(TimeUnit.SECONDS.toMillis(1));
                String why = lastError().map(line -> ": " + line).orElse("");
                deleteLogs();
                throw new StrataException("pgbench stopped at once (exit status " + process.exitValue() + ")" + why);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The first line of pgbench's last error message (its later lines quote the script and point into it). */
    private Optional<String> lastError() {
        synchronized (lastErrors) {
            for (String line : lastErrors.reversed()) {
                if (line.startsWith("pgbench: error: ") || line.startsWith("pgbench: fatal: ")) {
                    return Optional.of(line.substring("pgbench: ".length()));
                }
            }
            return lastErrors.isEmpty() ? Optional.empty() : Optional.of(lastErrors.getLast());
        }
    }

    private void readErrors() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getErrorStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String clean = settings.scrub(line.strip());
                if (clean.startsWith("progress: ")) {
                    progressed.countDown();
                    continue;
                }
                // Not the workload's monitor: start() holds it while it waits for these lines.
                synchronized (lastErrors) {
                    lastErrors.add(clean);
                    if (lastErrors.size() > 5) {
                        lastErrors.removeFirst();
                    }
                }
                Matcher aborted = ABORTED.matcher(clean);
                if (aborted.find()) {
                    long now = RehearsalClock.epochNanos(RehearsalClock.now());
                    log.record(now, now, Optional.of("pgbench " + clean));
                }
            }
        } catch (IOException e) {
            // pgbench's stderr closed under us: it has exited, which close() reports.
        }
    }

    /** Reads the complete lines pgbench has written to its logs since the last call. */
    @Override
    public synchronized void refresh() {
        if (logDirectory == null) {
            return;
        }
        try (Stream<Path> files = Files.list(logDirectory)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith("tx.")).sorted().toList()) {
                byte[] bytes = Files.readAllBytes(file);
                long from = read.getOrDefault(file, 0L);
                int end = bytes.length;
                while (end > from && bytes[end - 1] != '\n') {
                    end--;
                }
                if (end > from) {
                    new String(bytes, (int) from, (int) (end - from), StandardCharsets.UTF_8).lines()
                            .forEach(this::transaction);
                    read.put(file, (long) end);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read pgbench's logs in " + logDirectory, e);
        }
    }

    /** {@code client_id transaction_no time script_no time_epoch time_us [schedule_lag [retries]]}. */
    void transaction(String line) {
        String[] fields = line.strip().split("\\s+");
        if (fields.length < 6) {
            return;
        }
        try {
            long endMicros = Long.parseLong(fields[4]) * 1_000_000L + Long.parseLong(fields[5]);
            long end = endMicros * 1000;
            if (fields[2].equals("failed")) {
                log.record(end, end, Optional.of("pgbench: a transaction failed (serialization or deadlock)"));
                return;
            }
            if (fields[2].equals("skipped")) {
                return;
            }
            long micros = Long.parseLong(fields[2]);
            long lag = fields.length > 6 ? Long.parseLong(fields[6]) : 0;
            long took = Math.max(0, micros - lag) * 1000;
            log.record(end - took, end, Optional.empty());
        } catch (NumberFormatException e) {
            // A line of another format (a newer pgbench): not a transaction this reader knows.
        }
    }

    @Override
    public void close() {
        Process running;
        synchronized (this) {
            running = process;
        }
        if (running != null) {
            stop(running);
            try {
                if (stderr != null) {
                    stderr.join(TimeUnit.SECONDS.toMillis(2));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        synchronized (this) {
            refresh();
            if (running != null && !running.isAlive() && running.exitValue() != 0 && running.exitValue() != 2) {
                notes.add("pgbench exited with status " + running.exitValue() + lastError().map(line -> ": " + line).orElse(""));
            }
            deleteLogs();
        }
    }

    private static void stop(Process running) {
        try {
            if (running.isAlive()) {
                // SIGALRM is pgbench's own -T timer: it ends the run cleanly and flushes the per-transaction log.
                new ProcessBuilder("kill", "-ALRM", String.valueOf(running.pid()))
                        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
                        .waitFor(2, TimeUnit.SECONDS);
            }
            if (!running.waitFor(5, TimeUnit.SECONDS)) {
                running.destroy();
                if (!running.waitFor(2, TimeUnit.SECONDS)) {
                    running.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                }
            }
        } catch (IOException e) {
            running.destroy();
        } catch (InterruptedException e) {
            running.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private synchronized void deleteLogs() {
        if (logDirectory == null) {
            return;
        }
        try (Stream<Path> files = Files.walk(logDirectory)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            notes.add("cannot delete pgbench's logs in " + logDirectory + ": " + e.getMessage());
        }
        logDirectory = null;
    }

    @Override
    public synchronized List<String> notes() {
        return List.copyOf(notes);
    }
}
