package dev.strata.yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.strata.diagnostics.InvalidInputException;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The JSON Schemas (what an editor checks) and {@code strata validate} (the readers) agree on one corpus:
 * {@code agreement/good} passes both, {@code agreement/bad-shape} fails both, and {@code agreement/bad-meaning}
 * passes the JSON Schema but fails validate, because only validate knows names, references and types.
 * Files named {@code *-config.yaml} are project configurations (strata.yaml, schemas/strata-config.json).
 */
class SchemaAgreementTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path CORPUS = Path.of("src/test/resources/agreement");

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

    private static final JsonSchema SCHEMA = load("schemas/strata-schema.json");
    private static final JsonSchema CONFIG = load("schemas/strata-config.json");

    private static JsonSchema load(String path) {
        try (InputStream in = Files.newInputStream(repoRoot().resolve(path))) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isConfig(Path file) {
        return file.getFileName().toString().endsWith("-config.yaml");
    }

    /** What the JSON Schema says, document by document, as an editor's YAML language server would check it. */
    private static Set<String> schemaProblems(Path file, String yaml) {
        Set<String> messages = new LinkedHashSet<>();
        for (Object doc : new Yaml().loadAll(yaml)) {
            if (doc != null) {
                JsonNode tree = JSON.valueToTree(doc);
                (isConfig(file) ? CONFIG : SCHEMA).validate(tree).stream().map(ValidationMessage::getMessage).forEach(messages::add);
            }
        }
        return messages;
    }

    /** What {@code strata validate} says (offline: the readers and the checks that need no server). */
    private static Optional<String> validateProblem(Path file, String yaml) {
        try {
            if (isConfig(file)) {
                ProjectConfig.settings(file.getFileName().toString(), yaml);
            } else {
                SchemaFiles.parse(Map.of(file.getFileName().toString(), yaml));
            }
            return Optional.empty();
        } catch (InvalidInputException e) {
            return Optional.of(e.getMessage());
        }
    }

    private static Stream<DynamicTest> corpus(String kind, CheckedConsumer check) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.list(CORPUS.resolve(kind))) {
            walk.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(files::add);
        }
        assertTrue(files.size() >= 5, "corpus " + kind + " has files");
        return files.stream().map(p -> DynamicTest.dynamicTest(kind + "/" + p.getFileName(), () -> check.accept(p, Files.readString(p))));
    }

    @FunctionalInterface
    private interface CheckedConsumer {
        void accept(Path file, String content) throws Exception;
    }

    private static void saysWhatIsWrong(Path file, String yaml) {
        assertTrue(yaml.startsWith("# bad:"), file + " starts with a '# bad: <what is wrong>' line");
    }

    @TestFactory
    Stream<DynamicTest> goodFilesPassTheJsonSchemaAndValidate() throws IOException {
        return corpus("good", (file, yaml) -> {
            assertEquals(Set.of(), schemaProblems(file, yaml), "JSON Schema");
            validateProblem(file, yaml).ifPresent(p -> fail("validate: " + p));
        });
    }

    @TestFactory
    Stream<DynamicTest> badShapeFilesFailTheJsonSchemaAndValidate() throws IOException {
        return corpus("bad-shape", (file, yaml) -> {
            saysWhatIsWrong(file, yaml);
            assertTrue(!schemaProblems(file, yaml).isEmpty(), "the JSON Schema accepts it");
            assertTrue(validateProblem(file, yaml).isPresent(), "validate accepts it");
        });
    }

    @TestFactory
    Stream<DynamicTest> badMeaningFilesPassTheJsonSchemaButFailValidate() throws IOException {
        return corpus("bad-meaning", (file, yaml) -> {
            saysWhatIsWrong(file, yaml);
            assertEquals(Set.of(), schemaProblems(file, yaml), "the JSON Schema checks shape only");
            assertTrue(validateProblem(file, yaml).isPresent(), "validate accepts it");
        });
    }
}
