package dev.strata.cli;

import dev.strata.connect.ConnectionSettings;
import dev.strata.scratch.Scratch;
import dev.strata.scratch.ScratchDatabase;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scratch databases of the CLI tests: one database per major on the tests' shared servers, so that validate and
 * plan --from start no server of their own. The server check rolls back everything it builds, so one empty
 * database serves every run; closing it leaves it for the next.
 */
final class TestScratch {

    private static final Map<Integer, TestDatabase> DATABASES = new ConcurrentHashMap<>();

    static final Scratch.Source SHARED = major -> {
        if (major != TestPostgres.OLDEST_MAJOR && major != TestPostgres.NEWEST_MAJOR) {
            return Scratch.embedded(major); // refused as for a user: no binaries ship for that major
        }
        TestDatabase db = DATABASES.computeIfAbsent(major, TestPostgres::newDatabase);
        ConnectionSettings settings = ConnectionSettings.resolve(Optional.of(db.postgresUrl()), Map.of(), db.user());
        return new ScratchDatabase(settings, db.major(), "the tests' PostgreSQL " + db.major(), () -> { });
    };

    private TestScratch() {}
}
