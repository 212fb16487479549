package dev.strata.cli;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.diagnostics.StrataException;
import dev.strata.execute.DriftException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

import java.io.PrintWriter;

/**
 * Turns every failure of a running command into stderr lines and exit code 1 ({@link #DRIFT} when an open
 * migration changed under it), and every usage error into one line and {@link #USAGE}. Users see no stack trace
 * unless STRATA_DEBUG=1, and then only for internal errors.
 */
final class ErrorHandler implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final int FAILURE = 1;

    /**
     * An unknown option, a missing argument or a bad option value, on any command: sysexits' EX_USAGE, so that CI
     * can tell it from {@code plan}'s 2 (changes planned).
     */
    static final int USAGE = 64;

    /** The line every command's --help lists for {@link #USAGE}. */
    static final String USAGE_EXIT_CODE = "64:usage error (unknown option, missing argument, bad option value)";

    /** An open migration's tables or desired schema changed since it started: nothing was run (strata apply). */
    static final int DRIFT = 4;

    private final boolean debug;

    ErrorHandler(boolean debug) {
        this.debug = debug;
    }

    /** Picocli's own parse errors and those a command raises while checking its options' values. */
    @Override
    public int handleParseException(ParameterException exception, String[] args) {
        PrintWriter err = exception.getCommandLine().getErr();
        String message = exception.getMessage() == null ? "invalid usage" : exception.getMessage();
        err.println(message.lines().findFirst().orElse(message));
        err.flush();
        return USAGE;
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
