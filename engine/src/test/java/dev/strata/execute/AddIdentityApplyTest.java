package dev.strata.execute;

import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.strata.execute.ExecutorFixture.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * strata apply turns an unindexed NOT NULL column into an identity under the default lock policy: the step that reads
 * max(c) under ACCESS EXCLUSIVE finds an index built for it, so nothing scans the table under that lock.
 */
class AddIdentityApplyTest {

    private static final LoadedSchema BEFORE = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  ref: { type: integer, nullable: false }
                primary_key: [id]
            """);
    private static final LoadedSchema AFTER = yaml("""
            tables:
              items:
                columns:
                  id: { type: bigint, nullable: false }
                  ref: { type: integer, identity: by default }
                primary_key: [id]
            """);

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void identityOnAnUnindexedColumnIsAppliedWithoutAllowingBlockingAndLeavesNoIndexBehind(int major) {
        try (var db = TestPostgres.newDatabase(major)) {
            create(db, BEFORE);
            db.execute("INSERT INTO public.items SELECT g, g * 5 FROM generate_series(1, 1000) g");
            List<List<String>> relfilenode = db.query("SELECT relfilenode FROM pg_class WHERE oid = 'public.items'::regclass");

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(AFTER), PhaseSelection.ALL).outcome());

            db.execute("INSERT INTO public.items (id) VALUES (0)");
            assertEquals(List.of(List.of("5001")), db.query("SELECT ref FROM public.items WHERE id = 0"));
            assertEquals(relfilenode, db.query("SELECT relfilenode FROM pg_class WHERE oid = 'public.items'::regclass"));
            assertEquals(List.of(List.of("items_pkey")), db.query("SELECT indexrelid::regclass::text FROM pg_index"
                    + " WHERE indrelid = 'public.items'::regclass"));
            assertEquals(ApplyResult.Outcome.NOTHING_TO_DO, apply(db, yes(), desired(AFTER), PhaseSelection.ALL).outcome());
        }
    }
}
