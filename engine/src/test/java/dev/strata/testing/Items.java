package dev.strata.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A table that exercises every kind of step the executor runs: {@code items.qty} integer → bigint (shadow column,
 * sync trigger, backfill, NOT NULL tightening, swap), {@code label} renamed to {@code title} (both-ways trigger,
 * backfill, index rebuilt CONCURRENTLY) and {@code legacy} dropped (data loss). The fault, load and contention
 * suites share it.
 */
public final class Items {

    public static final String DESIRED_YAML = """
            tables:
              items:
                columns:
                  id: { type: bigint, identity: always }
                  qty: { type: bigint, nullable: false }
                  title: { type: text, renamed_from: label }
                primary_key: [id]
                indexes:
                  - { name: items_title_idx, columns: [title] }
            """;

    private Items() {}

    /** The current schema with {@code rows} rows; every tenth label is NULL. */
    public static void create(TestDatabase db, int rows) {
        db.execute("""
                CREATE TABLE items (
                    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    qty integer NOT NULL,
                    label text,
                    legacy text)""",
                "CREATE INDEX items_label_idx ON items (label)",
                "INSERT INTO items (qty, label, legacy) SELECT (i * 37) % 1000, CASE WHEN i % 10 = 0 THEN NULL ELSE 'label ' || i END, 'old' "
                        + "FROM generate_series(1, " + rows + ") AS i",
                "ANALYZE items");
    }

    /** Writes the desired schema into {@code dir} and returns it. */
    public static Path desired(Path dir) {
        try {
            Files.writeString(dir.resolve("items.yaml"), DESIRED_YAML);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A checksum of the values the migration must preserve, read through the current column names. */
    public static String checksumBefore(TestDatabase db) {
        return checksum(db, "label");
    }

    /** The same checksum, read through the desired column names. */
    public static String checksumAfter(TestDatabase db) {
        return checksum(db, "title");
    }

    /**
     * How many of the {@code rows} rows {@link #create} wrote are missing, extra or hold another value than it wrote,
     * read through the desired column names: 0 after a migration that changed no value.
     */
    public static long valuesChangedAfter(TestDatabase db, int rows) {
        return Long.parseLong(db.query("SELECT count(*) FROM generate_series(1, " + rows + ") AS g(i)"
                + " FULL JOIN items ON items.id = g.i WHERE items.id IS NULL OR g.i IS NULL"
                + " OR items.qty IS DISTINCT FROM (g.i * 37) % 1000"
                + " OR items.title IS DISTINCT FROM CASE WHEN g.i % 10 = 0 THEN NULL ELSE 'label ' || g.i END").get(0).get(0));
    }

    private static String checksum(TestDatabase db, String textColumn) {
        return db.query("SELECT count(*) || '/' || md5(string_agg(id || ':' || qty || ':' || coalesce(" + textColumn
                + ", '<null>'), ',' ORDER BY id)) FROM items").get(0).get(0);
    }
}
