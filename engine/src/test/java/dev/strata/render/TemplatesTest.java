package dev.strata.render;

import dev.strata.diagnostics.StrataException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplatesTest {

    @Test
    void anOverridingPlanTemplateIsUsedWhileDualWriteTemplatesComeFromTheJar(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("plan.md.mustache"),
                "OURS {{pgMajor}}\n{{#phases}}{{#gate}}{{#code}}{{language}}:{{code}}\n{{/code}}{{/gate}}{{/phases}}");
        var templates = Templates.withOverrides(dir);

        String out = MarkdownRenderer.render(UsersRenamePlan.plan(), templates);

        assertTrue(out.startsWith("OURS 18\n"), out);
        assertTrue(out.contains("java:// Strata dual-write, phase write-both"), out);
        assertTrue(out.contains("final class UsersDualWrite {"), out);
    }

    @Test
    void aDirectoryWithoutTheFileFallsBackToTheBuiltInTemplate(@TempDir Path dir) {
        assertEquals(MarkdownRenderer.render(UsersRenamePlan.plan(), Templates.builtIn()),
                MarkdownRenderer.render(UsersRenamePlan.plan(), Templates.withOverrides(dir)));
    }

    @Test
    void anOverriddenPartialIsUsedByTheBuiltInPhaseTemplate(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("dual-write/java-jdbc"));
        Files.writeString(dir.resolve("dual-write/java-jdbc/code.mustache"), "PARTIAL {{className}}\n");

        var snippet = DualWriteCode.render(UsersRenamePlan.dualWrite(), "java-jdbc", "write-both",
                Templates.withOverrides(dir));

        assertTrue(snippet.code().contains("// Both columns hold the same value.\nPARTIAL UsersDualWrite\n"),
                snippet.code());
    }

    @Test
    void valuesAreNotHtmlEscaped() {
        assertEquals("a < b & \"c\"\n", render("{{x}}\n", Map.of("x", "a < b & \"c\"")));
    }

    @Test
    void anUnknownTemplateIsAClearError(@TempDir Path dir) {
        var e = assertThrows(StrataException.class, () -> Templates.withOverrides(dir).render("nope", Map.of()));

        assertEquals("unknown template 'nope': no nope.mustache in " + dir.toAbsolutePath().normalize()
                + " nor among the built-in templates", e.getMessage());
    }

    @Test
    void aMissingOverrideDirectoryIsAClearError(@TempDir Path dir) {
        Path missing = dir.resolve("missing");

        var e = assertThrows(StrataException.class, () -> Templates.withOverrides(missing));

        assertEquals("templates directory " + missing + " does not exist or is not a directory", e.getMessage());
    }

    private static String render(String template, Map<String, Object> scope) {
        try {
            Path dir = Files.createTempDirectory("strata-templates");
            Files.writeString(dir.resolve("t.mustache"), template);
            return Templates.withOverrides(dir).render("t", scope);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
