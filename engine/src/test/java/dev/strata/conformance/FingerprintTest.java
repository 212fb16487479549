package dev.strata.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.strata.conformance.Fingerprint.Fact;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FingerprintTest {

    @Test
    void equalDescriptionsHaveNoStrictMismatch() {
        List<Fact> facts = List.of(new Fact("table", "public.t | columns a"), new Fact("function", "public.f() | function x"));
        assertTrue(Fingerprint.compareAll(facts, facts).isEmpty());
    }

    @Test
    void theFirstDifferingKindIsTheMostBasicOneNotTheFirstByName() {
        // "comment" sorts before "table" by name, but a missing table explains its missing comment.
        List<Fact> source = List.of(new Fact("comment", "public.t | comment table hello"), new Fact("table", "public.t | columns a"));
        var m = Fingerprint.compareAll(source, List.of()).orElseThrow();
        assertEquals("table", m.kind());
        assertEquals("table: columns only in the desired database: columns a", m.group("desired", "applied"));
    }

    @Test
    void aLineOfOneWordStillFindsItsCounterpart() {
        var m = Fingerprint.compareAll(List.of(new Fact("collation", "public.c | collation")), List.of()).orElseThrow();
        assertEquals("collation only in the source database: collation", m.group("source", "recreated"));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aDatabaseWithNothingOfItsOwnHasNoFacts(int major) throws SQLException {
        // The built-in comments on pg_catalog and pg_toast once counted as a "comment" in every case.
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            assertEquals(List.of(), Fingerprint.everything(db));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void unmanagedObjectsAreDescribedWithTheirKindAndExtensionMembersAreNot(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            Scripts.run(db, """
                    CREATE EXTENSION btree_gist;
                    CREATE TABLE t (id int PRIMARY KEY, v text);
                    CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
                    CREATE TRIGGER tr BEFORE INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();
                    ALTER TABLE t ENABLE ROW LEVEL SECURITY;
                    CREATE POLICY p ON t USING (id > 0);
                    GRANT SELECT ON t TO PUBLIC;
                    CREATE DOMAIN d AS int CHECK (VALUE > 0);
                    COMMENT ON FUNCTION f() IS 'why';
                    """);
            List<Fact> facts = Fingerprint.everything(db);
            assertEquals(List.of("comment", "constraint", "domain", "extension", "function", "grant", "index", "policy", "rls",
                    "table", "trigger"), List.copyOf(Fingerprint.kinds(facts)));
            assertTrue(facts.stream().noneMatch(f -> f.line().contains("gbt_")), "btree_gist's own functions are its version");
        }
    }
}
