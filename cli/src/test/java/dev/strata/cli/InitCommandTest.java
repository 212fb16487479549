package dev.strata.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.strata.yaml.ProjectConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code strata init}: a starter project that Strata, the JSON Schemas and the shell all accept, written only anew. */
class InitCommandTest {

    @TempDir
    Path tmp;

    private static final List<String> WRITTEN = List.of("schema/accounts.yaml", "schema/strata.yaml",
            ".github/workflows/strata.yml", "schemas/strata-schema.json", "schemas/strata-config.json");

    @Test
    void writesTheStarterFilesAndSaysSo() {
        var r = Strata.run("init", tmp.toString());

        assertEquals(0, r.exitCode(), r.toString());
        for (String file : WRITTEN) {
            assertTrue(Files.isRegularFile(tmp.resolve(file)), file + "\n" + r);
            assertTrue(r.out().contains("wrote " + tmp.resolve(file)), r.toString());
        }
        assertEquals("", r.err(), r.toString());
    }

    @Test
    void theStarterSchemaValidatesAndPlansOfflineForItsPgVersion() throws IOException {
        // 18: a major the tests have embedded binaries of, so validate also builds the starter on that server.
        assertEquals(0, Strata.run("init", tmp.toString(), "--pg-version", "18").exitCode());
        Path schema = tmp.resolve("schema");

        var validate = Strata.run("validate", schema.toString());
        assertEquals(0, validate.exitCode(), validate.toString());
        assertEquals(18, ProjectConfig.load(schema).pgVersion().getAsInt());
        // The workflow's plan of a first pull request: from nothing to the starter table.
        Path empty = Files.createDirectories(tmp.resolve("base/empty"));
        var plan = Strata.run("plan", "--from", empty.toString(), "--desired", schema.toString(), "--format", "markdown");
        assertEquals(2, plan.exitCode(), plan.toString());
        assertTrue(plan.out().contains("accounts"), plan.toString());
    }

    @Test
    void theStarterFilesPassTheJsonSchemasTheirModelinesName() throws IOException {
        assertEquals(0, Strata.run("init", tmp.toString()).exitCode());

        for (String file : List.of("schema/accounts.yaml", "schema/strata.yaml")) {
            Path path = tmp.resolve(file);
            String text = Files.readString(path);
            String first = text.lines().findFirst().orElseThrow();
            assertTrue(first.startsWith("# yaml-language-server: $schema="), first);
            Path jsonSchema = path.getParent().resolve(first.substring(first.indexOf('=') + 1)).normalize();
            assertTrue(Files.isRegularFile(jsonSchema), jsonSchema.toString());
            assertEquals(Set.of(), problems(jsonSchema, text), file);
        }
    }

    @Test
    void theJsonSchemasWrittenAreTheProjectsOwn() throws IOException {
        assertEquals(0, Strata.run("init", tmp.toString()).exitCode());

        for (String name : List.of("strata-schema.json", "strata-config.json")) {
            assertArrayEquals(Files.readAllBytes(Path.of("schemas", name)), Files.readAllBytes(tmp.resolve("schemas").resolve(name)), name);
        }
    }

    @Test
    void theWorkflowValidatesAndPostsTheMarkdownPlanWithScriptsBashAccepts() throws Exception {
        assertEquals(0, Strata.run("init", tmp.toString()).exitCode());

        Map<String, Object> workflow = new Yaml().load(Files.readString(tmp.resolve(".github/workflows/strata.yml")));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> steps = (List<Map<String, Object>>) ((Map<String, Map<String, Object>>) workflow.get("jobs"))
                .get("plan").get("steps");
        List<String> scripts = steps.stream().filter(s -> s.containsKey("run")).map(s -> (String) s.get("run")).toList();
        String all = String.join("\n", scripts);
        assertTrue(all.contains("strata validate schema"), all);
        // The comment is the plan itself: with --out, stdout would say where the plan was written instead.
        assertTrue(all.lines().anyMatch(l -> l.contains("strata plan --from") && l.contains("--format markdown")
                && l.strip().endsWith("> plan.md") && !l.contains("--out")), all);
        assertTrue(all.contains("gh pr comment"), all);
        for (String script : scripts) {
            Process bash = new ProcessBuilder("bash", "-n", "-c", script).redirectErrorStream(true).start();
            String output = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(bash.waitFor(30, TimeUnit.SECONDS));
            assertEquals(0, bash.exitValue(), script + "\n" + output);
        }
    }

    @Test
    void refusesToOverwriteAnyFileAndThenWritesNothing() throws IOException {
        Path mine = tmp.resolve(".github/workflows/strata.yml");
        Files.createDirectories(mine.getParent());
        Files.writeString(mine, "mine\n");

        var r = Strata.run("init", tmp.toString());

        assertEquals(1, r.exitCode(), r.toString());
        assertEquals(List.of(mine + ": exists; strata init writes only new files (move it away, or init another DIR)"),
                r.errLines());
        assertEquals("mine\n", Files.readString(mine));
        assertFalse(Files.exists(tmp.resolve("schema")), r.toString());
        assertFalse(Files.exists(tmp.resolve("schemas")), r.toString());
    }

    @Test
    void aSecondInitIsRefused() {
        assertEquals(0, Strata.run("init", tmp.toString()).exitCode());
        var again = Strata.run("init", tmp.toString());
        assertEquals(1, again.exitCode(), again.toString());
        assertEquals(1, again.errLines().size(), again.toString());
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Set<String> problems(Path jsonSchema, String yaml) {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(jsonSchema)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        JsonNode tree = JSON.valueToTree(new Yaml().load(yaml));
        return schema.validate(tree).stream().map(ValidationMessage::getMessage).collect(Collectors.toSet());
    }
}
