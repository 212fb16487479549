package dev.strata.conformance;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The machine the numbers were measured on, as the OS and the JVM report it. */
record Machine(int cores, long memoryBytes, String os, String java) {

    static Machine current() {
        long memory = ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getTotalMemorySize() : -1;
        return new Machine(Runtime.getRuntime().availableProcessors(), memory,
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                Runtime.version() + " (" + System.getProperty("java.vendor") + ")");
    }

    String markdown() {
        return "- CPU: " + cores + " cores" + cpuModel() + "\n"
                + "- Memory: " + (memoryBytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f GiB", memoryBytes / 1073741824.0)) + "\n"
                + "- OS: " + os + "\n"
                + "- Java: " + java + "\n"
                + "- PostgreSQL: embedded (zonky binaries, fsync off), version per section below\n";
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> " (" + l.substring(l.indexOf(':') + 1).strip() + ")")
                    .orElse("");
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
