package dev.strata.render;

import dev.strata.plan.Plan;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The users rename plan in every format, compared byte for byte with reviewed files under golden/. */
class GoldenTest {

    private static final Plan PLAN = UsersRenamePlan.plan();

    private static String golden(String name) throws IOException {
        try (InputStream in = GoldenTest.class.getResourceAsStream("/golden/" + name)) {
            assertNotNull(in, "missing golden file " + name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void markdownMatchesTheReviewedComment() throws IOException {
        assertEquals(golden("users-rename.md"), MarkdownRenderer.render(PLAN, Templates.builtIn()));
    }

    @Test
    void textWithoutColourMatchesTheReviewedOutput() throws IOException {
        assertEquals(golden("users-rename.txt"), TextRenderer.render(PLAN, false));
    }

    @Test
    void textWithoutColourHasNoEscapeSequences() {
        assertFalse(TextRenderer.render(PLAN, false).contains("\u001b"));
    }

    @Test
    void textWithColourSaysTheSameOnceTheEscapesAreRemoved() {
        String coloured = TextRenderer.render(PLAN, true);

        assertEquals(TextRenderer.render(PLAN, false), coloured.replaceAll("\u001b\\[[0-9;]*m", ""));
    }

    @Test
    void jsonMatchesTheReviewedDocument() throws IOException {
        assertEquals(golden("users-rename.json"), JsonRenderer.render(PLAN));
    }

    @Test
    void sqlFilesMatchTheReviewedScripts() throws IOException {
        var files = SqlRenderer.files(PLAN, 1000, Duration.ofMillis(100), Duration.ofSeconds(60));

        assertEquals(List.of("01_expand.sql", "02_backfill.sql", "03_contract.sql"), List.copyOf(files.keySet()));
        for (var e : files.entrySet()) {
            assertEquals(golden("users-rename-" + e.getKey()), e.getValue(), e.getKey());
        }
    }

    @Test
    void renderingTwiceGivesIdenticalBytes() {
        assertEquals(MarkdownRenderer.render(PLAN, Templates.builtIn()),
                MarkdownRenderer.render(UsersRenamePlan.plan(), Templates.builtIn()));
        assertEquals(JsonRenderer.render(PLAN), JsonRenderer.render(UsersRenamePlan.plan()));
    }
}
