package dev.strata.bench;

import dev.strata.testing.TestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The benchmark's table, identical in every database it is created in: values are computed from the
 * row number, so every copy holds the same data.
 */
final class Accounts {

    /** The desired schema: only amount's type differs from what {@link #create} builds. */
    static final String DESIRED_YAML = """
            tables:
              accounts:
                columns:
                  id: { type: bigint, identity: always }
                  amount: { type: bigint, nullable: false }
                  note: text
                  updated_at: { type: timestamptz, nullable: false, default: now() }
                primary_key: [id]
            """;

    private Accounts() {}

    static void create(TestDatabase db, long rows) {
        db.execute("""
                CREATE TABLE accounts (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    amount integer NOT NULL,
                    note text,
                    updated_at timestamptz NOT NULL DEFAULT now())""",
                "INSERT INTO accounts (amount, note, updated_at) "
                        + "SELECT (i::bigint * 7919 % 100000)::integer, 'note ' || md5(i::text), timestamptz '2025-01-01 00:00:00+00' + i * interval '1 second' "
                        + "FROM generate_series(1, " + rows + ") AS i",
                // Same starting point for every copy: hint bits set, visibility map and statistics current.
                "VACUUM ANALYZE accounts",
                "CHECKPOINT");
    }

    static Path desiredDirectory() {
        try {
            Path dir = Files.createTempDirectory("strata-bench-desired");
            Files.writeString(dir.resolve("accounts.yaml"), DESIRED_YAML);
            dir.toFile().deleteOnExit();
            dir.resolve("accounts.yaml").toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
