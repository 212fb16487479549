package dev.strata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Cold start of the CLI, as ratios against {@code java -version} measured in the same run (docs/benchmarks.md). Each
 * round runs every command once, in the same order, so a busy machine slows all of them alike; the figure is the
 * median of the rounds. Three ways to start a command: the plain shaded jar ({@code java -jar}, no archive), the
 * launcher as it was before the class-data archive (a {@code java -version} probe, then the plain jar), and
 * {@code bin/strata} now (Java's major from the JDK's release file, the archive the build trained).
 *
 * <p>Run from the repository root after {@code mvn -q -DskipTests package}:
 * {@code mvn -q -pl cli test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.strata.bench.StartupBenchmark -Dexec.args="--rounds 15"}
 */
public final class StartupBenchmark {

    public static void main(String[] args) throws Exception {
        int rounds = 15;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--rounds")) {
                rounds = Integer.parseInt(args[++i]);
            } else {
                throw new IllegalArgumentException("unknown option " + args[i] + " (known: --rounds N)");
            }
        }
        Path root = root();
        String java = run(root, List.of("bash", "-c", ". bin/find-java.bash && strata_find_java")).trim();
        String jar = root.resolve("cli/target/strata.jar").toString();
        String launcher = root.resolve("bin/strata").toString();

        Map<String, List<String>> commands = new LinkedHashMap<>();
        commands.put("--help", List.of("--help"));
        boolean offline = offered(root);
        commands.put("validate examples/shop", offline ? List.of("validate", "--offline", "examples/shop")
                : List.of("validate", "examples/shop"));
        List<String> plan = new ArrayList<>(List.of("plan", "--from", "examples/users/before", "--desired",
                "examples/users/after"));
        if (offline) {
            plan.add("--offline");
        }
        commands.put("plan --from examples/users", plan);

        Map<String, List<Long>> times = new LinkedHashMap<>();
        List<String> order = new ArrayList<>();
        order.add("java -version");
        for (String name : commands.keySet()) {
            order.add(name + " | jar");
            order.add(name + " | before");
            order.add(name + " | bin/strata");
        }
        for (int round = 0; round < rounds; round++) {
            time(times, root, "java -version", List.of(java, "-version"));
            for (Map.Entry<String, List<String>> command : commands.entrySet()) {
                List<String> plain = concat(List.of(java, "-jar", jar), command.getValue());
                time(times, root, command.getKey() + " | jar", plain);
                time(times, root, command.getKey() + " | before", List.of("bash", "-c",
                        quote(List.of(java, "-version")) + " 2>/dev/null; exec " + quote(plain)));
                time(times, root, command.getKey() + " | bin/strata", concat(List.of(launcher), command.getValue()));
            }
            System.err.printf("round %d of %d%n", round + 1, rounds);
        }

        double baseline = median(times.get("java -version"));
        System.out.printf(Locale.ROOT, "Java: %s; %d rounds; median wall-clock ms, and × `java -version` (%.0f ms)%n%n",
                java, rounds, baseline);
        System.out.println("| command | plain jar | launcher before | bin/strata now | now vs before |");
        System.out.println("|---|---|---|---|---|");
        for (String name : commands.keySet()) {
            double plain = median(times.get(name + " | jar"));
            double before = median(times.get(name + " | before"));
            double now = median(times.get(name + " | bin/strata"));
            System.out.printf(Locale.ROOT, "| `%s` | %.0f ms (%.1f×) | %.0f ms (%.1f×) | %.0f ms (%.1f×) | %.2f |%n",
                    name, plain, plain / baseline, before, before / baseline, now, now / baseline, now / before);
        }
    }

    /**
     * Whether the CLI offers {@code --offline}: then validate and plan --from run with it, so the figures are the CLI's
     * own start, not a scratch server's (which README's "Checking on a server" measures).
     */
    private static boolean offered(Path root) throws IOException, InterruptedException {
        return run(root, List.of(root.resolve("bin/strata").toString(), "validate", "--help")).contains("--offline");
    }

    private static void time(Map<String, List<Long>> times, Path root, String name, List<String> command)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        int exit = process.waitFor();
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (exit != 0 && exit != 2) {
            throw new IllegalStateException(name + " exited " + exit + ": " + command);
        }
        times.computeIfAbsent(name, k -> new ArrayList<>()).add(millis);
    }

    private static String run(Path root, List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        process.waitFor();
        return out;
    }

    private static double median(List<Long> values) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String quote(List<String> words) {
        return String.join(" ", words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").toList());
    }

    private static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve("bin/strata"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("run from inside the repository: no bin/strata above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}
