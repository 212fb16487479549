package dev.strata.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code schemas/strata-config.json} and the reader agree on the documented example and refuse the same mistakes; the
 * example CI workflow is at least well-formed YAML that runs the plan and requests the reviewers.
 */
class ProjectConfigJsonTest {

    private static final Path ROOT = Path.of("..");

    private static Set<ValidationMessage> validate(String yaml) throws IOException {
        try (InputStream in = Files.newInputStream(ROOT.resolve("schemas/strata-config.json"))) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            JsonNode tree = new ObjectMapper().valueToTree(new Yaml().load(yaml));
            return schema.validate(tree);
        }
    }

    private static String documentedExample() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/review-rules.md"));
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        return doc.substring(start, doc.indexOf("```", start));
    }

    @Test
    void theDocumentedExampleValidatesAndReads() throws IOException {
        String example = documentedExample();

        assertEquals(Set.of(), validate(example));
        assertEquals(2, ProjectConfig.parse("strata.yaml", example).orElseThrow().reviewers().size());
    }

    @Test
    void theSchemaRefusesWhatTheReaderRefuses() throws IOException {
        assertFalse(validate("review:\n  large_table: { rows: 1, bytes: 2 }\n").isEmpty());
        assertFalse(validate("review:\n  large_table: {}\n").isEmpty());
        assertFalse(validate("review:\n  large_table: { size: 1 GiB }\n").isEmpty());
        assertFalse(validate("review:\n  large_table: { rows: 1 }\n  reviewers: [{ tables: a.b.c, names: [x] }]\n").isEmpty());
        assertFalse(validate("review:\n  large_table: { rows: 1 }\n  reviewers: [{ tables: a, names: [] }]\n").isEmpty());
        assertFalse(validate("reveiw: {}\n").isEmpty());
        assertEquals(Set.of(), validate("review:\n  large_table: { size: 500 MB }\n  reviewers:\n"));
    }

    @Test
    void pgVersionIsASupportedMajorForTheSchemaAndTheReaderAlike() throws IOException {
        assertEquals(Set.of(), validate("pg_version: 16\n"));
        assertFalse(validate("pg_version: 13\n").isEmpty());
        assertThrows(dev.strata.diagnostics.InvalidInputException.class, () -> ProjectConfig.settings("strata.yaml", "pg_version: 13\n"));
    }

    @Test
    void retainIsABooleanForTheSchemaAndTheReaderAlike() throws IOException {
        assertEquals(Set.of(), validate("retain: false\n"));
        assertEquals(new ProjectConfig.Settings(java.util.Optional.empty(), false, java.util.OptionalInt.empty()),
                ProjectConfig.settings("strata.yaml", "retain: false\n"));
        assertEquals(Set.of(), validate("retain: true\nreview:\n  large_table: { rows: 1 }\n"));
        assertTrue(ProjectConfig.settings("strata.yaml", "retain: true\nreview:\n  large_table: { rows: 1 }\n").retain());
        assertEquals(ProjectConfig.Settings.DEFAULT, ProjectConfig.settings("strata.yaml", "# nothing yet\n"));

        assertFalse(validate("retain: maybe\n").isEmpty());
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.strata.diagnostics.InvalidInputException.class,
                () -> ProjectConfig.settings("strata.yaml", "retain: maybe\n"));
        assertEquals("strata.yaml:1:9: expected true or false", e.getMessage().strip());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theExampleWorkflowPostsTheMarkdownPlanAndRequestsTheJsonPlansReviewers() throws IOException {
        Map<String, Object> workflow = new Yaml().load(Files.readString(ROOT.resolve("examples/ci/strata-plan.yml")));
        Map<String, Object> plan = (Map<String, Object>) ((Map<String, Object>) workflow.get("jobs")).get("plan");
        List<Map<String, Object>> steps = (List<Map<String, Object>>) plan.get("steps");
        String run = String.join("\n", steps.stream().map(s -> String.valueOf(s.getOrDefault("run", ""))).toList());

        assertTrue(run.contains("--format markdown > plan.md") && run.contains("--format json > plan.json"), run);
        assertTrue(run.contains("gh pr comment \"$PR\" --body-file plan.md"), run);
        assertTrue(run.contains("jq -r '.reviews.steps[].reviewers[]' plan.json"), run);
        assertTrue(run.contains("gh pr edit \"$PR\" --add-reviewer"), run);
    }

    @Test
    void theSchemaNamesEveryKindManageAccepts() throws IOException {
        JsonNode manage = new ObjectMapper().readTree(Files.readString(ROOT.resolve("schemas/strata-config.json")))
                .path("properties").path("manage").path("properties");
        Set<String> documented = new java.util.TreeSet<>();
        manage.fieldNames().forEachRemaining(documented::add);
        Set<String> read = new java.util.TreeSet<>();
        ObjectYamls.ALL.stream().map(ObjectYaml::section).filter(s -> !s.equals("default_privileges")).forEach(read::add);

        assertEquals(read, documented);
        for (String section : read) {
            assertEquals(Set.of(), validate("manage:\n  " + section + ": false\n"), section);
        }
    }
}
