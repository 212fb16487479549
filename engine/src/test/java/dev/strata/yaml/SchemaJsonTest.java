package dev.strata.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code schemas/strata-schema.json} accepts the examples and what the writer produces, and rejects unknown keys. */
class SchemaJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("schemas"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("no schemas/ directory above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static JsonSchema schema() throws IOException {
        try (InputStream in = Files.newInputStream(repoRoot().resolve("schemas/strata-schema.json"))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    /** Each YAML document of the text, as the JSON tree an editor's YAML language server would check. */
    private static List<JsonNode> documents(String yaml) {
        List<JsonNode> result = new ArrayList<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            if (doc != null) {
                result.add(JSON.valueToTree(doc));
            }
        }
        return result;
    }

    private static Set<ValidationMessage> validate(String yaml) throws IOException {
        JsonSchema schema = schema();
        Set<ValidationMessage> messages = new java.util.LinkedHashSet<>();
        documents(yaml).forEach(d -> messages.addAll(schema.validate(d)));
        return messages;
    }

    @TestFactory
    Stream<DynamicTest> everyExampleFileValidates() throws IOException {
        Path examples = repoRoot().resolve("examples");
        if (!Files.isDirectory(examples)) {
            return Stream.empty();
        }
        try (Stream<Path> walk = Files.walk(examples)) {
            // Project configurations and CI workflows are not schema files: ProjectConfigJsonTest checks them.
            return walk.filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .filter(p -> !p.getFileName().toString().equals(ProjectConfig.FILE) && !p.startsWith(examples.resolve("ci")))
                    .sorted().toList().stream()
                    .map(p -> DynamicTest.dynamicTest(examples.relativize(p).toString(),
                            () -> assertEquals(Set.of(), validate(Files.readString(p)))));
        }
    }

    @Test
    void theFormatSpecExampleValidates() throws IOException {
        String doc = Files.readString(repoRoot().resolve("docs/yaml-format.md"));
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));
        assertTrue(example.contains("tables:"), "the spec's first yaml block is the big example");
        assertEquals(Set.of(), validate(example));
    }

    @Test
    void theFormatSpecExampleIsAlsoAValidSchemaForTheReader() throws IOException {
        String doc = Files.readString(repoRoot().resolve("docs/yaml-format.md"));
        int start = doc.indexOf("```yaml\n") + "```yaml\n".length();
        var loaded = SchemaFiles.parse(Map.of("example.yaml", doc.substring(start, doc.indexOf("```", start))));
        assertFalse(loaded.catalog().isEmpty());
    }

    @Test
    void theRowLevelSecurityExampleValidatesAndReads() throws IOException {
        String doc = Files.readString(repoRoot().resolve("docs/yaml-format.md"));
        int start = doc.indexOf("```yaml\npolicies:") + "```yaml\n".length();
        String example = doc.substring(start, doc.indexOf("```", start));
        assertEquals(Set.of(), validate(example));
        assertEquals(Set.of(), validate("tables:\n  t:\n    row_level_security: {enabled: false, forced: true}\n"
                + "    columns: {a: int}\n"));
        var loaded = SchemaFiles.parse(Map.of("example.yaml", "tables:\n  users:\n    row_level_security: forced\n"
                + "    columns: {org_id: bigint}\n" + example));
        assertEquals(1, loaded.catalog().schema("public").orElseThrow().objects("policy").size());
    }

    @TestFactory
    Stream<DynamicTest> filesWrittenBySchemaWriterValidate() {
        return Stream.of(SchemaWriterTest.shop(), SchemaWriterTest.oddNames())
                .flatMap(c -> SchemaWriter.files(c).entrySet().stream())
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> assertEquals(Set.of(), validate(e.getValue()))));
    }

    @Test
    void anUnknownKeyFailsValidation() throws IOException {
        assertFalse(validate("tables:\n  t:\n    columns:\n      a: { type: int, nulable: false }\n").isEmpty());
    }

    @Test
    void anUnknownTopLevelKeyFailsValidation() throws IOException {
        assertFalse(validate("tabels: {}\n").isEmpty());
    }

    @Test
    void theSchemasStrataReservesFailValidationAsTheReaderRefusesThem() throws IOException {
        assertFalse(validate("schema: strata\ntables: {}\n").isEmpty());
        assertFalse(validate("schema: strata_archive\ntables: {}\n").isEmpty());
        assertEquals(Set.of(), validate("schema: strata_archived\ntables: {}\n"));
    }
}
