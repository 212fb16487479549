package dev.strata.conformance;

import dev.strata.catalog.CatalogReader;
import dev.strata.catalog.PulledCatalog;
import dev.strata.testing.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** Loading a case's scripts and pulling databases, with a time limit so one bad case cannot stall the run. */
final class Scripts {

    private static final String TIMEOUT = "SET statement_timeout = '120s'";

    private Scripts() {}

    /** Runs a whole script in one session (the driver splits it, respecting dollar quotes). */
    static void run(TestDatabase db, String script) throws SQLException {
        try (Connection c = db.connect(); var st = c.createStatement()) {
            st.execute(TIMEOUT);
            st.execute(script);
        }
    }

    /** Runs the setup (if any) and the script; the error names which one failed. */
    static Optional<String> load(TestDatabase db, Optional<String> setup, String script) {
        if (setup.isPresent()) {
            try {
                run(db, setup.get());
            } catch (SQLException e) {
                return Optional.of("setup.sql: " + Kinds.firstLine(e.getMessage()));
            }
        }
        try {
            run(db, script);
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(Kinds.firstLine(e.getMessage()));
        }
    }

    /**
     * Every non-system schema, as {@code strata pull} reads them in a project that manages grants
     * ({@code manage: { grants: true }}): the strict judgement compares privileges, so the harness opts in.
     */
    static PulledCatalog pull(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            return CatalogReader.read(c, List.of(), java.util.Set.of());
        }
    }
}
