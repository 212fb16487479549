package dev.strata.cli;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** strata plan --url reads the live catalog once, for review (text) and for a saved plan (json) alike. */
class CatalogReadsTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void planAgainstALiveDatabaseReadsTheCatalogOnce(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(Strata.run("ddl", "examples/users/before").out());

            for (String format : new String[] {"text", "json"}) {
                Strata[] plan = new Strata[1];
                int reads = CatalogQueries.countReads(() -> plan[0] = Strata.run("plan", "--url", db.postgresUrl(),
                        "--desired", "examples/users/after", "--format", format));

                assertEquals(PlanCommand.CHANGES, plan[0].exitCode(), plan[0].toString());
                assertEquals(1, reads, "catalog reads of plan --url --format " + format);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theCounterSeesEveryRead(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            int reads = CatalogQueries.countReads(() -> {
                assertEquals(0, Strata.run("pull", "--url", db.postgresUrl(), "--out", dir.resolve("a").toString()).exitCode());
                assertEquals(0, Strata.run("pull", "--url", db.postgresUrl(), "--out", dir.resolve("b").toString()).exitCode());
            });

            assertEquals(2, reads, "two pulls read the catalog twice");
        }
    }
}
