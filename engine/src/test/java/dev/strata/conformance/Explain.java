package dev.strata.conformance;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.function.Consumer;

/** Details of failures for a person debugging them ({@code --explain}); silent otherwise. */
record Explain(boolean enabled) {

    Consumer<String> about(String subject) {
        return message -> {
            if (enabled) {
                System.err.println("  [" + subject + "] " + message);
            }
        };
    }

    void crash(String subject, Throwable e) {
        if (enabled) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            about(subject).accept("crashed:\n" + trace);
        }
    }
}
