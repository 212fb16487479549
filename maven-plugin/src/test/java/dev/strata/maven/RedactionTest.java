package dev.strata.maven;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the goals log of a connection: never its password, wherever the password came from. */
class RedactionTest {

    @Test
    void theLoggedCommandLineShowsTheUrlWithoutItsPassword() {
        Redaction redaction = Redaction.of(Optional.of("postgres://app:s3cret@db:5432/shop"), Map.of());

        assertEquals("strata plan --url postgres://app@db:5432/shop --desired schema",
                redaction.commandLine(List.of("plan", "--url", "postgres://app:s3cret@db:5432/shop", "--desired", "schema")));
    }

    @Test
    void everyLineIsScrubbedOfThePasswordOfTheUrlOrOfPgpassword() {
        assertEquals("cannot connect as app/*** to db",
                Redaction.of(Optional.of("jdbc:postgresql://db/shop?user=app&password=s3cret"), Map.of())
                        .scrub("cannot connect as app/s3cret to db"));
        assertEquals("cannot connect as app/*** to db",
                Redaction.of(Optional.empty(), Map.of("PGPASSWORD", "s3cret")).scrub("cannot connect as app/s3cret to db"));
    }

    @Test
    void aUrlTheEngineCannotReadIsHiddenWhole() {
        Redaction redaction = Redaction.of(Optional.of("mysql://app:s3cret@db/shop"), Map.of());

        assertEquals("strata apply --url *** --phase all",
                redaction.commandLine(List.of("apply", "--url", "mysql://app:s3cret@db/shop", "--phase", "all")));
        assertEquals("seen: ***", redaction.scrub("seen: mysql://app:s3cret@db/shop"));
    }
}
