package dev.strata.rehearse;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.QualifiedName;
import dev.strata.plan.Phase;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The examples' users rename, run phase after phase under the old application: it keeps working through EXPAND and
 * BACKFILL (the sync trigger copies its writes), and breaks at CONTRACT, which the gate before it says to deploy the
 * new application for.
 */
class UsersRenameRehearsalTest {

    private static final Path EXAMPLES = Path.of("..", "examples", "users");
    private static final QualifiedName USERS = QualifiedName.of("public", "users");

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theOldApplicationRunsCleanlyUntilContractDropsTheColumnItStillUses(int major) {
        LoadedSchema before = SchemaFiles.read(EXAMPLES.resolve("before"));
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.statements(before.catalog()).toArray(String[]::new));
            db.execute("INSERT INTO public.users (username, email) SELECT 'user' || g, 'u' || g || '@example.com'"
                    + " FROM generate_series(1, 2000) g", "ANALYZE public.users");
            Workload workload = Workload.synthetic(RehearseFixture.settings(db), before.catalog(), Set.of(USERS), 200, 1);
            workload.start();
            StepProbeTest.sleep(200);

            List<StepMeasurement> measured = RehearseFixture.rehearse(db,
                    RehearseFixture.desired(SchemaFiles.read(EXAMPLES.resolve("after"))), workload);

            measured.forEach(System.out::println); workload.failureMessages().forEach(System.out::println);
            assertEquals(List.of("public.users: no INSERT (a unique or exclusion constraint besides the key would reject a"
                    + " copied row)"), workload.notes());
            long beforeContract = measured.stream().filter(m -> m.phase() != Phase.CONTRACT)
                    .mapToLong(StepMeasurement::workloadFailures).sum();
            assertEquals(0, beforeContract, measured + "\n" + workload.failureMessages());
            assertTrue(measured.stream().filter(m -> m.phase() == Phase.BACKFILL)
                    .allMatch(m -> m.workloadStatements() > 0 && m.walBytes() > 0), measured.toString());
            assertTrue(workload.failureMessages().stream().anyMatch(m -> m.contains("\"username\" does not exist")),
                    workload.failureMessages().toString());
        }
    }
}
