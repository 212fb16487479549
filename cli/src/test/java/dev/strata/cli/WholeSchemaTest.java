package dev.strata.cli;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The newcomer's path through a database that uses every kind Strata manages (examples/whole/setup.sql): pull it,
 * build an empty database from the YAML with {@code ddl}, pull that back byte for byte, change every kind in the
 * YAML and apply it.
 */
class WholeSchemaTest {

    static final Path SETUP = Path.of("examples/whole/setup.sql");
    static final Path PULLED = Path.of("examples/whole/schema");

    @TempDir
    Path work;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void aPulledWholeSchemaBuildsAnEmptyDatabaseThatPullsBackByteForByte(int major) throws IOException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase copy = TestPostgres.newDatabase(major)) {
            source.execute(Files.readString(SETUP));
            Path first = pull(source, work.resolve("first"));

            Strata ddl = Strata.run("ddl", first.toString());
            assertEquals(0, ddl.exitCode(), ddl.toString());
            copy.execute(ddl.out());
            Path second = pull(copy, work.resolve("second"));

            assertEquals(files(first), files(second));
            if (major == TestPostgres.NEWEST_MAJOR && Boolean.getBoolean("strata.regenerate.whole")) {
                // -Dstrata.regenerate.whole=true rewrites the golden files from this pull.
                try (Stream<Path> old = Files.walk(PULLED)) {
                    old.sorted(java.util.Comparator.reverseOrder()).filter(Files::isRegularFile).forEach(p -> p.toFile().delete());
                }
                for (var file : files(first).entrySet()) {
                    Files.createDirectories(PULLED.resolve(file.getKey()).getParent());
                    Files.writeString(PULLED.resolve(file.getKey()), file.getValue());
                }
            }
            if (major == TestPostgres.NEWEST_MAJOR) {
                // Older servers print some definitions differently (view column prefixes, extension versions).
                assertEquals(files(PULLED), files(first), "examples/whole/schema is what pull writes for examples/whole/setup.sql");
            }
            Strata plan = Strata.run("plan", "--url", source.postgresUrl(), "--desired", first.toString());
            assertEquals(0, plan.exitCode(), plan.toString());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void everyKindChangedInTheYamlIsAppliedAndTheDatabaseThenPlansNothing(int major) throws IOException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute(Files.readString(SETUP));
            Path schema = pull(db, work.resolve("schema"));
            edit(schema, "public/_extensions.yaml", "extensions:\n", "extensions:\n  citext: {}\n");
            edit(schema, "public/_types.yaml", "[new, paid, shipped]", "[new, paid, shipped, cancelled]");
            // A new domain check is validated under SHARE on the tables using it, which the lock policy refuses.
            edit(schema, "billing/_domains.yaml", "default: '0'", "default: '1'");
            edit(schema, "public/_composite_types.yaml", "      Zip: varchar(10)", "      Zip: varchar(10)\n      country: text");
            edit(schema, "billing/_types.yaml", "{start: 1000, owned_by: invoices.no}",
                    "{start: 1000, owned_by: invoices.no}\n  receipt_no: {start: 1}");
            edit(schema, "public/customers.yaml", "comment: People who buy", "comment: People who buy from us");
            edit(schema, "public/customers.yaml", "      home: address", "      home: address\n      phone: text");
            edit(schema, "public/orders.yaml", "name: orders_customer, columns: [customer_id]", "name: orders_customer, columns: [customer_id, status]");
            edit(schema, "public/_functions.yaml", "SELECT coalesce(sum(total), 0)", "SELECT coalesce(sum(total), 0)::bigint");
            edit(schema, "billing/_procedures.yaml", "'''30 days''::interval'", "'''90 days''::interval'");
            edit(schema, "public/_triggers.yaml", "events: [update]", "events: [insert, update]");
            edit(schema, "public/_triggers.yaml", "    when: (old.status IS DISTINCT FROM new.status)\n", "");
            edit(schema, "public/_policies.yaml", "{using: tenant = CURRENT_USER}", "{using: tenant = SESSION_USER}");
            edit(schema, "public/_materialized_views.yaml", "columns: [customer_id]}",
                    "columns: [customer_id]}\n      - {name: order_counts_n, columns: [n]}");
            edit(schema, "public/_aggregates.yaml", "initcond: ''", "initcond: '-'");
            edit(schema, "public/_views.yaml", " AS total\n", " AS total,\n        c.phone\n");
            // An index on a partitioned table: its own ON ONLY, then each partition's CONCURRENTLY, attached.
            edit(schema, "public/events.yaml", "[{name: events_payload, method: gin, columns: [payload]}]",
                    "[{name: events_payload, method: gin, columns: [payload]}, {name: events_customer, columns: [customer_id]}]");

            Strata apply = Strata.run("apply", "--url", db.postgresUrl(), "--desired", schema.toString(),
                    "--phase", "all", "--yes");
            assertEquals(0, apply.exitCode(), apply.toString());
            Strata plan = Strata.run("plan", "--url", db.postgresUrl(), "--desired", schema.toString());
            assertEquals(0, plan.exitCode(), plan.toString());
        }
    }

    /** Replaces text the pulled file must hold, so a change in pull's layout fails here rather than editing nothing. */
    static void edit(Path schema, String file, String from, String to) throws IOException {
        Path path = schema.resolve(file);
        String text = Files.readString(path);
        assertTrue(text.contains(from), file + " holds no '" + from + "':\n" + text);
        Files.writeString(path, text.replace(from, to));
    }

    static Path pull(TestDatabase db, Path out) {
        Strata pull = Strata.run("pull", "--url", db.postgresUrl(), "--out", out.toString());
        assertEquals(0, pull.exitCode(), pull.toString());
        return out;
    }

    /** Every file below the directory by relative path, with its text. */
    static Map<String, String> files(Path directory) throws IOException {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                files.put(directory.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }
}
