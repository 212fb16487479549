package dev.strata.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the benchmark ran on, from /proc and the JVM (Linux; elsewhere the fields say unknown). */
record Machine(String cpu, int cores, String memory, String os, String java) {

    static Machine describe() {
        List<String> cpuinfo = lines("/proc/cpuinfo");
        String cpu = cpuinfo.stream().filter(l -> l.startsWith("model name")).findFirst()
                .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse("unknown");
        String memory = lines("/proc/meminfo").stream().filter(l -> l.startsWith("MemTotal:")).findFirst()
                .map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("\\D", "")) / 1024.0 / 1024.0))
                .orElse("unknown");
        String os = lines("/etc/os-release").stream().filter(l -> l.startsWith("PRETTY_NAME=")).findFirst()
                .map(l -> l.substring("PRETTY_NAME=".length()).replace("\"", "")).orElse(System.getProperty("os.name"))
                + ", kernel " + System.getProperty("os.version");
        String java = System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version");
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), memory, os, java);
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file));
        } catch (IOException e) {
            return List.of();
        }
    }
}
