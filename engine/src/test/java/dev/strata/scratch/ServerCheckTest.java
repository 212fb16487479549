package dev.strata.scratch;

import dev.strata.connect.ConnectionSettings;
import dev.strata.diagnostics.Diagnostic;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The declared schema built on a real server: each refusal at the line that declared it, every one, no follow-ons. */
class ServerCheckTest {

    private static List<String> check(int major, String yaml) {
        LoadedSchema schema = SchemaFiles.parse(Map.of("s.yaml", yaml));
        try (TestDatabase db = TestPostgres.newDatabase(major);
                ScratchDatabase scratch = new ScratchDatabase(ConnectionSettings.resolve(Optional.of(db.postgresUrl()),
                        Map.of(), db.user()), db.major(), "test", () -> { })) {
            List<String> lines = ServerCheck.check(scratch, schema, "dir").stream().map(Diagnostic::toString).toList();
            // Everything is rolled back: the database is as empty as before.
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace"));
            return lines;
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aSchemaTheServerAcceptsHasNoDiagnostics(int major) {
        assertEquals(List.of(), check(major, """
                enums:
                  mood: [happy, sad]
                tables:
                  people:
                    columns:
                      id: { type: bigint, identity: always }
                      mood: mood
                      name: { type: text, default: "'x'" }
                    primary_key: [id]
                    indexes:
                      - { columns: [name], where: "name <> ''" }
                views:
                  happy: "SELECT id FROM people WHERE mood = 'happy'"
                """));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void everyErrorInOneTableIsReportedAtItsOwnKey(int major) {
        List<String> lines = check(major, """
                tables:
                  accounts:
                    columns:
                      id: bigint
                      balance: { type: "numeric(99999,2)" }
                      code: { type: text, default: "1 2 3" }
                      a: integer
                      b: integer
                    checks:
                      - { name: a_eq_b, expression: "a = = b" }
                      - { name: no_subquery, expression: "a > (SELECT 1)" }
                """);
        assertEquals(List.of(
                "s.yaml:5:24: PostgreSQL " + major + " rejects the column balance of public.accounts: NUMERIC precision 99999 must be between 1 and 1000",
                "s.yaml:6:36: PostgreSQL " + major + " rejects the column code of public.accounts: syntax error at or near \"2\"",
                "s.yaml:10:37: PostgreSQL " + major + " rejects the check a_eq_b on public.accounts: syntax error at or near \"=\"",
                "s.yaml:11:42: PostgreSQL " + major + " rejects the check no_subquery on public.accounts: cannot use subquery in check constraint"),
                lines);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void indexesForeignKeysAndViewsAreBuiltToo(int major) {
        List<String> lines = check(major, """
                tables:
                  accounts:
                    columns:
                      id: bigint
                      code: text
                    primary_key: [id]
                    unique: [[code]]
                    indexes:
                      - { name: accounts_id_idx, columns: [id], method: btreee }
                  entries:
                    columns:
                      account_code: integer
                    foreign_keys:
                      - { name: entries_account_fkey, columns: [account_code], references: { table: accounts, columns: [code] } }
                views:
                  rich: "SELECT id, balanse FROM accounts"
                """);
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertTrue(lines.get(0).startsWith("s.yaml:9:9: PostgreSQL " + major
                + " rejects the index accounts_id_idx on public.accounts: access method \"btreee\" does not exist"), lines.get(0));
        assertTrue(lines.get(1).startsWith("s.yaml:14:9: PostgreSQL " + major
                + " rejects the constraint entries_account_fkey on public.entries: foreign key constraint \"entries_account_fkey\""
                + " cannot be implemented (Key columns \"account_code\""), lines.get(1));
        assertEquals("s.yaml:16:9: PostgreSQL " + major + " rejects the view public.rich: column \"balanse\" does not exist",
                lines.get(2));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void whatFailsBecauseARefusedElementIsMissingIsNotReportedAgain(int major) {
        List<String> lines = check(major, """
                tables:
                  broken:
                    columns:
                      id: bigint
                      price: { type: "numeric(99999,2)" }
                    primary_key: [id, price]
                    indexes:
                      - [price]
                  orders:
                    columns:
                      id: bigint
                      price: numeric
                    foreign_keys:
                      - { columns: [id, price], references: { table: broken } }
                  refunds:
                    columns:
                      order_id: bigint
                      price: numeric
                    foreign_keys:
                      - { columns: [order_id, price], references: { table: broken, columns: [id, price] } }
                views:
                  prices: "SELECT price FROM broken"
                  cheap: "SELECT * FROM prices WHERE price < 1"
                """);
        assertEquals(List.of("s.yaml:5:22: PostgreSQL " + major
                + " rejects the column price of public.broken: NUMERIC precision 99999 must be between 1 and 1000"), lines);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aDefaultOfTheWrongTypeIsReportedAtTheDefault(int major) {
        assertEquals(List.of("s.yaml:5:36: PostgreSQL " + major + " rejects the column n of public.t: column \"n\" is of"
                + " type integer but default expression is of type text; You will need to rewrite or cast the expression."), check(major, """
                tables:
                  t:
                    columns:
                      id: bigint
                      n: { type: integer, default: "'x' || 'y'" }
                    indexes:
                      - [n]
                """));
    }

    @Test
    void postgres14RefusesWhatOnly15AndLaterAccept() {
        String yaml = """
                tables:
                  t:
                    columns:
                      code: text
                    unique:
                      - { columns: [code], nulls_not_distinct: true }
                """;
        assertEquals(List.of("s.yaml:6:9: PostgreSQL 14 rejects the unique constraint t_code_key on public.t:"
                + " syntax error at or near \"NULLS\""), check(14, yaml));
        assertEquals(List.of(), check(18, yaml));
    }

    @Test
    void postgres14RefusesTemporalKeysInWordsAndChecksTheRest() {
        String yaml = """
                tables:
                  rooms:
                    columns: { room: int4range, during: tsrange }
                    primary_key: { columns: [room, during], without_overlaps: true }
                  bookings:
                    columns: { room: int4range, during: tsrange, n: { type: integer, default: "'x' || 'y'" } }
                    foreign_keys:
                      - { columns: [room, during], references: { table: rooms }, period: true }
                """;
        assertEquals(List.of(
                "s.yaml:4:18: constraint rooms_pkey on public.rooms: without_overlaps (a temporal key) needs PostgreSQL 18"
                        + " or later; the schema is checked for 14",
                "s.yaml:6:79: PostgreSQL 14 rejects the column n of public.bookings: column \"n\" is of type integer but"
                        + " default expression is of type text; You will need to rewrite or cast the expression.",
                "s.yaml:8:9: constraint bookings_room_during_fkey on public.bookings: period (a temporal key) needs"
                        + " PostgreSQL 18 or later; the schema is checked for 14"), check(14, yaml));
        assertEquals(List.of(), check(18, yaml.replace("'x' || 'y'", "1")));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void columnsOfExtensionTypesTheServerLacksAreNotReported(int major) {
        assertEquals(List.of(), check(major, """
                external_types: [citext]
                tables:
                  users:
                    columns:
                      email: citext
                    indexes:
                      - [email]
                views:
                  emails: "SELECT email FROM users"
                """));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void theCommentOfARefusedIndexOrConstraintIsNoFollowOnError(int major) {
        List<String> lines = check(major, """
                tables:
                  accounts:
                    columns:
                      id: bigint
                      a: integer
                    checks:
                      - { name: no_subquery, expression: "a > (SELECT 1)", comment: "never built" }
                    indexes:
                      - { name: by_sum, columns: [{ expression: "sum(a)" }], comment: "never built either" }
                      - { name: by_a, columns: [a], comment: "built" }
                """);
        assertEquals(List.of(
                "s.yaml:7:42: PostgreSQL " + major + " rejects the check no_subquery on public.accounts: cannot use subquery in check constraint",
                "s.yaml:9:9: PostgreSQL " + major + " rejects the index by_sum on public.accounts: aggregate functions are not allowed in index expressions"),
                lines);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aPolicyIsCheckedOnTheServerButARoleTheScratchServerLacksIsNoMistake(int major) {
        assertEquals(List.of("s.yaml:12:3: PostgreSQL " + major + " rejects the policy public.notes.typo: column \"ownr\" does"
                + " not exist; Perhaps you meant to reference the column \"notes.owner\"."), check(major, """
                tables:
                  notes:
                    row_level_security: enabled
                    columns:
                      id: integer
                      owner: text
                policies:
                  notes.own:
                    roles: [strata_no_such_role]
                    using: owner = current_user
                    comment: only this role's
                  notes.typo:
                    using: ownr = current_user
                """));
    }
}
