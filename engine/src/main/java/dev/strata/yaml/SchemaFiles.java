package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.diagnostics.StrataException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Reads a directory of schema YAML files into the model. Every problem in every file is collected
 * and reported at once as an {@link InvalidInputException}; nothing from SnakeYAML escapes.
 */
public final class SchemaFiles {

    private SchemaFiles() {}

    /**
     * Reads every {@code *.yaml} / {@code *.yml} below {@code dir}, in relative-path order, but the project
     * configuration at its root ({@link ProjectConfig#FILE}).
     */
    public static LoadedSchema read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new StrataException("schema directory " + dir + " does not exist or is not a directory");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().endsWith(".yaml") || p.getFileName().toString().endsWith(".yml"))
                    .map(dir::relativize)
                    .filter(p -> !p.toString().equals(ProjectConfig.FILE))
                    .sorted()
                    .toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            throw new StrataException("cannot list schema directory " + dir + ": " + e.getMessage());
        }
        SortedMap<String, String> contents = new TreeMap<>();
        List<Diagnostic> problems = new ArrayList<>();
        List<String> order = new ArrayList<>();
        for (Path relative : files) {
            Path file = dir.resolve(relative);
            String label = file.toString();
            order.add(label);
            try {
                contents.put(label, StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file)))
                        .toString());
            } catch (CharacterCodingException e) {
                problems.add(new Diagnostic(label, 1, 1, "file is not valid UTF-8"));
            } catch (IOException e) {
                throw new StrataException("cannot read " + label + ": " + e.getMessage());
            }
        }
        LoadedSchema loaded = parse(order.stream().filter(contents::containsKey).map(f -> Map.entry(f, contents.get(f))).toList(), problems);
        Set<String> unmanaged = ProjectConfig.load(dir).unmanagedKinds();
        // Declared grants that would be ignored are an error, not a silent no-op.
        List<Diagnostic> ignored = new ArrayList<>();
        loaded.catalog().schemas().forEach(s -> s.objects().stream()
                .filter(o -> dev.strata.model.Grant.OPT_IN_KINDS.contains(o.kind()) && unmanaged.contains(o.kind()))
                .findFirst().ifPresent(o -> {
                    Location at = loaded.sources().object(dev.strata.model.ObjectName.of(o.kind(), s.name(), o.key()))
                            .orElse(new Location(dir.resolve(ProjectConfig.FILE).toString(), 1, 1));
                    ignored.add(new Diagnostic(at.file(), at.line(), at.column(), (o.kind().equals(dev.strata.model.Grant.KIND)
                            ? "grants" : "default_privileges") + " are managed only with 'manage: { grants: true }' in "
                            + ProjectConfig.FILE));
                }));
        if (!ignored.isEmpty()) {
            throw new InvalidInputException(ignored);
        }
        return new LoadedSchema(loaded.catalog(), loaded.sources(), unmanaged);
    }

    /** Parses files given by name (used in messages) and content; pure. */
    public static LoadedSchema parse(Map<String, String> fileNameToContent) {
        return parse(new TreeMap<>(fileNameToContent).entrySet().stream().toList(), new ArrayList<>());
    }

    /** The YAML structure alone, expressions unchecked: for tests of the YAML layer with arbitrary strings. */
    static LoadedSchema parseStructure(Map<String, String> fileNameToContent) {
        return parse(new TreeMap<>(fileNameToContent).entrySet().stream().toList(), new ArrayList<>(), false);
    }

    private static LoadedSchema parse(List<Map.Entry<String, String>> files, List<Diagnostic> problems) {
        return parse(files, problems, true);
    }

    private static LoadedSchema parse(List<Map.Entry<String, String>> files, List<Diagnostic> problems, boolean checkExpressions) {
        List<Drafts.Document> documents = new ArrayList<>();
        for (var file : files) {
            documents.addAll(readFile(file.getKey(), file.getValue(), problems));
        }
        // Cross-file checks run even after a file failed, so every problem is reported in one go.
        Optional<LoadedSchema> loaded = new CatalogBuilder(problems).build(documents);
        if (checkExpressions) {
            loaded.ifPresent(schema -> problems.addAll(ExpressionDiagnostics.check(schema)));
        }
        if (loaded.isEmpty() || !problems.isEmpty()) {
            throw new InvalidInputException(problems.isEmpty()
                    ? List.of(new Diagnostic("<schema>", 1, 1, "invalid schema")) : problems);
        }
        return loaded.get();
    }

    /** The documents of one file; after a syntax error, those before it still count. */
    private static List<Drafts.Document> readFile(String name, String content, List<Diagnostic> problems) {
        var reader = new DocumentReader(new NodeReader(name, problems));
        List<Drafts.Document> documents = new ArrayList<>();
        try {
            for (Node root : new Yaml(loaderOptions()).composeAll(new StringReader(content))) {
                refuseNul(name, root, problems, Collections.newSetFromMap(new IdentityHashMap<>()));
                reader.read(root).ifPresent(documents::add);
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : "malformed YAML";
            problems.add(mark == null
                    ? new Diagnostic(name, 1, 1, "invalid YAML: " + problem)
                    : new Diagnostic(name, mark.getLine() + 1, mark.getColumn() + 1, "invalid YAML: " + problem));
        } catch (YAMLException e) {
            problems.add(new Diagnostic(name, 1, 1, "invalid YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
        return documents;
    }

    /**
     * YAML can spell a NUL character ({@code "\\0"}); PostgreSQL cannot store one in any text, and the JDBC driver
     * refuses it with no position, so it is reported here, where it was written.
     */
    private static void refuseNul(String file, Node node, List<Diagnostic> problems, Set<Node> seen) {
        if (!seen.add(node)) {
            return; // an alias: its node was checked where it was anchored (and may contain itself)
        }
        switch (node) {
            case ScalarNode scalar when scalar.getValue().indexOf('\0') >= 0 -> problems.add(new Diagnostic(file,
                    scalar.getStartMark().getLine() + 1, scalar.getStartMark().getColumn() + 1,
                    "contains a NUL character (\\0), which PostgreSQL cannot store in any name or text"));
            case MappingNode mapping -> mapping.getValue().forEach(t -> {
                refuseNul(file, t.getKeyNode(), problems, seen);
                refuseNul(file, t.getValueNode(), problems, seen);
            });
            case SequenceNode sequence -> sequence.getValue().forEach(item -> refuseNul(file, item, problems, seen));
            default -> { }
        }
    }

    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(true);
        options.setMaxAliasesForCollections(50);
        options.setAllowRecursiveKeys(false);
        options.setCodePointLimit(64 * 1024 * 1024);
        return options;
    }
}
