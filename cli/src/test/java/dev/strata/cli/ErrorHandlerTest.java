package dev.strata.cli;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.diagnostics.StrataException;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorHandlerTest {

    @Command(name = "boom")
    static final class Boom implements Runnable {
        private final RuntimeException failure;

        Boom(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public void run() {
            throw failure;
        }
    }

    private record Outcome(int exitCode, String err) {}

    private static Outcome execute(RuntimeException failure, boolean debug) {
        StringWriter err = new StringWriter();
        var cli = new CommandLine(new Boom(failure));
        cli.setErr(new PrintWriter(err, true));
        cli.setExecutionExceptionHandler(new ErrorHandler(debug));
        return new Outcome(cli.execute(), err.toString());
    }

    @Test
    void invalidInputPrintsEveryDiagnosticInLocationOrder() {
        var failure = new InvalidInputException(List.of(new Diagnostic("b.yaml", 1, 1, "second"),
                new Diagnostic("a.yaml", 3, 7, "first")));
        var outcome = execute(failure, false);
        assertEquals(1, outcome.exitCode());
        assertEquals("a.yaml:3:7: first\nb.yaml:1:1: second\n", outcome.err().replace("\r\n", "\n"));
    }

    @Test
    void operationalFailurePrintsItsOneLine() {
        var outcome = execute(new StrataException("cannot connect to h:1: connection refused"), false);
        assertEquals(1, outcome.exitCode());
        assertEquals("cannot connect to h:1: connection refused", outcome.err().strip());
    }

    @Test
    void unexpectedFailureIsAnInternalErrorWithoutStackTrace() {
        var outcome = execute(new IllegalStateException("the impossible happened"), false);
        assertEquals(1, outcome.exitCode());
        assertEquals("internal error: the impossible happened (run with STRATA_DEBUG=1 for the stack trace)",
                outcome.err().strip());
    }

    @Test
    void strataDebugAddsTheStackTraceOfAnInternalError() {
        var outcome = execute(new IllegalStateException("the impossible happened"), true);
        assertTrue(outcome.err().contains("\tat "), outcome.err());
    }
}
