package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.plan.Step;

import java.sql.SQLException;

/**
 * Strata's session ended under it: the server terminated it (SQLSTATE 57P01 administrator command, 57P02 crash of
 * another backend, 57P03 shutdown) or the connection broke (class 08). Nothing more can run on it, so the cleanup
 * that usually follows a failure is skipped, and the message says what happened rather than the driver's "This
 * connection has been closed", which is all a later statement would report.
 */
final class LostConnection {

    private LostConnection() {}

    static boolean is(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
    }

    /** What happened, with the driver's or server's first line. */
    static String cause(SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        String why = switch (state) {
            case "57P01" -> "the server terminated Strata's connection (an administrator ended the session, e.g. with"
                    + " pg_terminate_backend, or the server is shutting down)";
            case "57P02" -> "the server terminated Strata's connection (another server process crashed)";
            case "57P03" -> "the server terminated Strata's connection (it is shutting down)";
            // The server's FATAL message is lost with the socket when the driver fails writing rather than reading.
            default -> "the connection to the server was lost (the server ended the session, e.g. pg_terminate_backend"
                    + " or a restart, or the network failed)";
        };
        return why + ": " + Executor.firstLine(e);
    }

    /**
     * The failure of a step whose connection was lost.
     *
     * @param where what part of the step ran ({@code , batch 3}), or empty
     * @param next  what is kept and how to go on
     */
    static StrataException during(Step step, String where, SQLException e, String next) {
        return new StrataException("step " + step.id() + " (" + step.summary() + "; " + step.phase().title() + " phase"
                + where + "): " + cause(e) + "\n" + next, e);
    }
}
