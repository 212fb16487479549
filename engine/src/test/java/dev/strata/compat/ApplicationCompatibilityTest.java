package dev.strata.compat;

import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Locale;

import static dev.strata.compat.AppField.bigint;
import static dev.strata.compat.AppField.integer;
import static dev.strata.compat.AppField.text;
import static dev.strata.compat.Scenario.ABSENT;
import static dev.strata.compat.Scenario.col;

/**
 * "The running application never notices a migration", per change kind with a gate: an old application version
 * writes and reads from before EXPAND until the read-switch gate, a new one from the dual-write gate to the end,
 * while Strata applies the plan ({@link CompatRun}). Each test states the change and the statements of both versions.
 *
 * <p>What the versions must do is what the plan's gates say: for a type change the new version reads the column as
 * the new type whatever its type is ({@code CAST(price AS bigint)}), so no cached plan changes its result type at the
 * swap, and until CONTRACT binds only values the old type holds; a row is written by one version only (who wrote last
 * is then well defined), and the new version takes over rows the old one wrote.
 */
class ApplicationCompatibilityTest {

    private static final String ACCOUNTS = """
            tables:
              accounts:
                columns:
                  id: { type: bigint, identity: always }
                  owner: { type: text, nullable: false }
                  note: text
                primary_key: [id]
            """;

    private static final AppField.Values NAME = (r, writer, n) -> writer + "-" + n;
    private static final AppField.Values NOTE = (r, writer, n) -> r.nextInt(8) == 0 ? null : "note " + r.nextInt(1000);
    private static final AppField OWNER = text("owner", NAME);
    private static final AppField NOTE_FIELD = text("note", NOTE);

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void renameColumn(int major) throws Exception {
        CompatRun.run(Scenario.kind("rename column")
                .current(ACCOUNTS)
                .desired(ACCOUNTS.replace("owner: {", "holder: { renamed_from: owner,"))
                .oldApp(App.on("accounts", OWNER, NOTE_FIELD))
                .newApp(App.on("accounts", text("holder", NAME).as("owner"), NOTE_FIELD))
                .end("accounts", col("owner", "holder"), col("note")), major);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void renameTable(int major) throws Exception {
        CompatRun.run(Scenario.kind("rename table")
                .current(ACCOUNTS)
                .desired(ACCOUNTS.replace("  accounts:\n", "  clients:\n    renamed_from: accounts\n"))
                .oldApp(App.on("accounts", OWNER, NOTE_FIELD))
                .newApp(App.on("clients", OWNER, NOTE_FIELD))
                .end("clients", col("owner"), col("note")), major);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void typeChangeIntegerToBigint(int major) throws Exception {
        String current = ACCOUNTS.replace("note: text", "price: { type: integer, nullable: false }");
        CompatRun.run(Scenario.kind("type change integer -> bigint")
                .current(current)
                .desired(current.replace("type: integer", "type: bigint"))
                .oldApp(App.on("accounts", OWNER, integer("price", (r, w, n) -> r.nextInt(1_000_000))))
                // The read switch: read the new type whatever the column's type is, bind the new type with values the old one holds.
                .newApp(App.on("accounts", OWNER, bigint("price", (r, w, n) -> (long) r.nextInt(1_000_000)).readAs("CAST(price AS bigint)")))
                .end("accounts", col("owner"), col("price", "price", v -> ((Number) v).longValue())), major);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void typeChangeWithUsing(int major) throws Exception {
        String current = ACCOUNTS.replace("note: text", "code: { type: text, nullable: false }");
        CompatRun.run(Scenario.kind("type change text -> integer, using:")
                .current(current)
                .desired(current.replace("code: { type: text, nullable: false }", "code: { type: integer, nullable: false, using: \"trim(code)::integer\" }"))
                // The old version writes codes zero-padded and blank-framed, the new one plain numbers.
                .oldApp(App.on("accounts", OWNER, text("code", (r, w, n) -> " %06d ".formatted(r.nextInt(1_000_000)))))
                .newApp(App.on("accounts", OWNER, integer("code", (r, w, n) -> r.nextInt(1_000_000)).readAs("CAST(code AS integer)")))
                .end("accounts", col("owner"), col("code", "code", v -> v instanceof String s ? Integer.parseInt(s.trim()) : v)), major);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void addNotNullColumnWithBackfill(int major) throws Exception {
        CompatRun.run(Scenario.kind("add NOT NULL column, backfill:")
                .current(ACCOUNTS)
                .desired(ACCOUNTS.replace("      note: text\n", "      note: text\n      region: { type: text, nullable: false, backfill: \"'eu'\" }\n"))
                .oldApp(App.on("accounts", OWNER, NOTE_FIELD))
                .newApp(App.on("accounts", OWNER, NOTE_FIELD, text("region", (r, w, n) -> r.nextBoolean() ? "us" : "ap")))
                .end("accounts", col("owner"), col("note"), col("region", "region", v -> v == ABSENT ? "eu" : v)), major);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void addNotNullColumnComputedFromOthers(int major) throws Exception {
        CompatRun.run(Scenario.kind("add NOT NULL column, backfill: reads")
                .current(ACCOUNTS)
                .desired(ACCOUNTS.replace("      note: text\n", "      note: text\n      tag: { type: text, nullable: false, backfill: \"upper(owner)\" }\n"))
                .oldApp(App.on("accounts", OWNER, NOTE_FIELD))
                .newApp(App.on("accounts", OWNER, NOTE_FIELD, text("tag", (r, w, n) -> "t" + n)))
                .end("accounts", col("owner"), col("note"),
                        col("tag", "tag", (v, row) -> v == ABSENT ? ((String) row.get("owner")).toUpperCase(Locale.ROOT) : v)), major);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void setNotNullWithBackfill(int major) throws Exception {
        CompatRun.run(Scenario.kind("set NOT NULL, backfill:")
                .current(ACCOUNTS)
                .desired(ACCOUNTS.replace("note: text", "note: { type: text, nullable: false, backfill: \"'none'\" }"))
                // Until CONTRACT a trigger turns the old version's NULL writes into the backfill's value, as the backfill does.
                .oldApp(App.on("accounts", OWNER, NOTE_FIELD.seenAs(v -> v == null ? "none" : v)))
                .newApp(App.on("accounts", OWNER, text("note", (r, w, n) -> "note " + n)))
                .end("accounts", col("owner"), col("note", "note", v -> v == null ? "none" : v)), major);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void addUnique(int major) throws Exception {
        CompatRun.run(Scenario.kind("add unique")
                .current(ACCOUNTS)
                .desired(ACCOUNTS + "    unique:\n      - [owner]\n")
                .oldApp(App.on("accounts", OWNER, NOTE_FIELD))
                .newApp(App.on("accounts", OWNER, NOTE_FIELD))
                .end("accounts", col("owner"), col("note")), major);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void addForeignKey(int major) throws Exception {
        String current = ACCOUNTS.replace("note: text", "region_id: bigint") + """
                  regions:
                    columns:
                      id: { type: bigint }
                      name: text
                    primary_key: [id]
                """;
        AppField region = bigint("region_id", (r, w, n) -> r.nextInt(10) == 0 ? null : 1L + r.nextInt(5));
        CompatRun.run(Scenario.kind("add foreign key")
                .current(current)
                .desired(current.replace("    primary_key: [id]\n  regions:",
                        "    primary_key: [id]\n    foreign_keys:\n      - { columns: [region_id], references: { table: regions } }\n  regions:"))
                .setup("INSERT INTO regions (id, name) SELECT g, 'region ' || g FROM generate_series(1, 5) g")
                .oldApp(App.on("accounts", OWNER, region))
                .newApp(App.on("accounts", OWNER, region))
                .end("accounts", col("owner"), col("region_id")), major);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void addCheck(int major) throws Exception {
        String current = ACCOUNTS.replace("note: text", "balance: { type: bigint, nullable: false }");
        AppField balance = bigint("balance", (r, w, n) -> (long) r.nextInt(1_000_000));
        CompatRun.run(Scenario.kind("add check")
                .current(current)
                .desired(current + "    checks:\n      - \"balance >= 0\"\n")
                .oldApp(App.on("accounts", OWNER, balance))
                .newApp(App.on("accounts", OWNER, balance))
                .end("accounts", col("owner"), col("balance")), major);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void dropColumn(int major) throws Exception {
        CompatRun.run(Scenario.kind("drop NOT NULL column")
                .current(ACCOUNTS.replace("note: text", "legacy: { type: text, nullable: false }"))
                .desired(ACCOUNTS.replace("      note: text\n", ""))
                .oldApp(App.on("accounts", OWNER, text("legacy", NAME)))
                .newApp(App.on("accounts", OWNER))
                .end("accounts", col("owner")), major);
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {TestPostgres.OLDEST_MAJOR, TestPostgres.NEWEST_MAJOR})
    void dropTable(int major) throws Exception {
        String audit = """
                  audit:
                    columns:
                      id: { type: bigint, identity: always }
                      what: { type: text, nullable: false }
                    primary_key: [id]
                """;
        CompatRun.run(Scenario.kind("drop table")
                .current(ACCOUNTS + audit)
                .desired(ACCOUNTS)
                .oldApp(App.on("audit", text("what", NAME)))
                .newApp(App.on("accounts", OWNER, NOTE_FIELD))
                .endOfNewRowsOnly("accounts", col("owner"), col("note")), major);
    }
}
