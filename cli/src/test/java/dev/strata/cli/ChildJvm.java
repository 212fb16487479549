package dev.strata.cli;

import java.util.ArrayList;
import java.util.List;

/** A class of this JVM's classpath run in a JVM of its own: for a real process death, or a process of its own. */
final class ChildJvm {

    private ChildJvm() {}

    /**
     * The command line. These JVMs live for seconds: the client compiler alone and the serial collector start them for
     * less CPU (on CI's 2 cores the JIT threads compete with the servers; ApplyFaultTest took 111 s with them, 161 s
     * without); how the process runs and dies is the same.
     */
    static List<String> command(Class<?> main, String... args) {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                main.getName()));
        command.addAll(List.of(args));
        return command;
    }
}
