package dev.strata.execute;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static dev.strata.execute.ExecutorFixture.apply;
import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Dropping again what strata_archive still keeps from an earlier drop of the same definition: the archive's names
 * hash the definition, so the second drop must claim another name instead of colliding with the first one's.
 */
class RedropTest {

    private static final String WITH_NOTE = """
            tables:
              notes:
                columns:
                  id: { type: bigint, nullable: false }
                  body: text
                primary_key: [id]
            """;
    private static final String WITHOUT_NOTE_BODY = """
            tables:
              notes:
                columns:
                  id: { type: bigint, nullable: false }
                primary_key: [id]
            """;
    private static final String NO_TABLES = """
            tables: {}
            """;

    private static final String ARCHIVE = "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            + " WHERE n.nspname = 'strata_archive' AND c.relkind = 'r' ORDER BY c.relname";

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void aColumnDroppedAgainWithTheSameDefinitionIsKeptBesideTheFirstCopy(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.notes (id bigint PRIMARY KEY, body text)",
                    "INSERT INTO public.notes VALUES (1, 'first')");
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(yaml(WITHOUT_NOTE_BODY)), PhaseSelection.ALL).outcome());
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(yaml(WITH_NOTE)), PhaseSelection.ALL).outcome());
            db.execute("UPDATE public.notes SET body = 'second'");

            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(yaml(WITHOUT_NOTE_BODY)), PhaseSelection.ALL).outcome());

            List<List<String>> archived = db.query(ARCHIVE);
            assertEquals(2, archived.size(), archived.toString());
            assertEquals(List.of(List.of("first"), List.of("second")), db.query(
                    "SELECT body FROM strata_archive.\"" + archived.get(0).get(0) + "\" UNION ALL SELECT body FROM strata_archive.\""
                            + archived.get(1).get(0) + "\" ORDER BY 1"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void aTableDroppedAgainWithTheSameDefinitionIsKeptBesideTheFirstCopy(int major) {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.notes (id bigint PRIMARY KEY, body text)",
                    "INSERT INTO public.notes VALUES (1, 'first')");
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(yaml(NO_TABLES)), PhaseSelection.ALL).outcome());
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, apply(db, yes(), desired(yaml(WITH_NOTE)), PhaseSelection.ALL).outcome());
            db.execute("INSERT INTO public.notes VALUES (2, 'second')");

            ApplyResult second = apply(db, yes(), desired(yaml(NO_TABLES)), PhaseSelection.ALL);
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, second.outcome());

            List<List<String>> archived = db.query(ARCHIVE);
            assertEquals(2, archived.size(), archived.toString());
            assertEquals(List.of(), db.query("SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                    + " WHERE n.nspname = 'public' AND c.relkind = 'r'"));
            assertEquals(List.of(List.of("notes_pkey"), List.of("notes_pkey_2")), db.query(
                    "SELECT conname FROM pg_constraint WHERE connamespace = 'strata_archive'::regnamespace AND contype = 'p' ORDER BY 1"));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void aTableKeptBesideAnEarlierCopyComesBackWithItsOwnIndexNames(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.notes (id bigint PRIMARY KEY, body text)",
                    "CREATE SCHEMA strata_archive", "CREATE TABLE strata_archive.elsewhere (id int CONSTRAINT notes_pkey PRIMARY KEY)",
                    "INSERT INTO public.notes VALUES (1, 'kept')");
            ApplyResult dropped = apply(db, yes(), desired(yaml(NO_TABLES)), PhaseSelection.ALL);
            assertEquals(ApplyResult.Outcome.MIGRATION_DONE, dropped.outcome());

            try (java.sql.Connection c = db.connect()) {
                Restore.run(c, dropped.migrationId().orElseThrow(), java.util.Optional.empty());
            }

            assertEquals(List.of(List.of("1", "kept")), db.query("SELECT id, body FROM public.notes"));
            assertEquals(List.of(List.of("notes_pkey")), db.query(
                    "SELECT conname FROM pg_constraint WHERE conrelid = 'public.notes'::regclass AND contype = 'p'"));
        }
    }
}
