package dev.strata.cli;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.diagnostics.StrataException;
import dev.strata.execute.DriftException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * Turns every failure of a running command into stderr lines and exit code 1 ({@link #DRIFT} when an open
 * migration changed under it). Users see no stack trace unless STRATA_DEBUG=1, and then only for internal errors.
 */
final class ErrorHandler implements IExecutionExceptionHandler {

    static final int FAILURE = 1;

    /** An open migration's tables or desired schema changed since it started: nothing was run (strata apply). */
    static final int DRIFT = 4;

    private final boolean debug;

    ErrorHandler(boolean debug) {
        this.debug = debug;
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, ParseResult parseResult) {
        PrintWriter err = commandLine.getErr();
        if (exception instanceof DriftException drift) {
            err.println(drift.getMessage());
            err.flush();
            return DRIFT;
        }
        switch (exception) {
            case InvalidInputException invalid -> invalid.diagnostics().stream().map(Diagnostic::toString).forEach(err::println);
            case StrataException failure -> err.println(failure.getMessage());
            default -> {
                String message = exception.getMessage() == null ? exception.getClass().getName() : exception.getMessage();
                err.println("internal error: " + message.lines().findFirst().orElse(message)
                        + " (run with STRATA_DEBUG=1 for the stack trace)");
                if (debug) {
                    exception.printStackTrace(err);
                }
            }
        }
        err.flush();
        return FAILURE;
    }
}
