package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.diagnostics.StrataException;
import dev.strata.model.Grant;
import dev.strata.plan.ReviewRules;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The project configuration {@code strata.yaml} at the root of a schema directory (docs/review-rules.md,
 * docs/retention.md#retain-false, schemas/strata-config.json). It is not a schema file: {@link SchemaFiles} skips it. Every problem is reported at
 * once, with its position, like the schema files'.
 */
public final class ProjectConfig {

    /** The file name, at the root of the schema directory only. */
    public static final String FILE = "strata.yaml";

    private static final List<String> TOP = List.of("review", "retain", "pg_version", "manage");

    /** The PostgreSQL majors Strata plans for. */
    public static final int OLDEST_MAJOR = 14;
    public static final int NEWEST_MAJOR = 18;
    private static final List<String> REVIEW = List.of("large_table", "reviewers");
    private static final List<String> LARGE = List.of("rows", "size");
    private static final List<String> RULE = List.of("tables", "names");
    private static final Pattern SIZE = Pattern.compile("(\\d[\\d_]*)\\s*([a-zA-Z]*)");
    private static final Map<String, Integer> UNITS = Map.of("b", 0, "bytes", 0, "kb", 1, "mb", 2, "gb", 3, "tb", 4,
            "pb", 5);

    private ProjectConfig() {}

    /**
     * What {@code strata.yaml} says.
     *
     * @param review the review rules, if any
     * @param retain whether plans keep dropped tables in strata_archive ({@code retain: false} makes {@code --drop-now}
     *               the default: docs/retention.md#retain-false)
     * @param pgVersion  the PostgreSQL major offline plans are for, when the project says ({@code --pg-version} wins)
     * @param unmanagedKinds the kinds managed as a whole the project opts out of ({@code manage: { extensions: false }}):
     *                       left alone by every plan and reported as unmanaged, as before Strata managed them; grants
     *                       and default privileges are among them unless the project opts in ({@code grants: true})
     */
    public record Settings(Optional<ReviewRules> review, boolean retain, OptionalInt pgVersion, Set<String> unmanagedKinds) {

        /** A project without {@code strata.yaml}. */
        public static final Settings DEFAULT = new Settings(Optional.empty(), true, OptionalInt.empty(), Grant.OPT_IN_KINDS);

        public Settings {
            unmanagedKinds = Set.copyOf(unmanagedKinds);
        }

        public Settings(Optional<ReviewRules> review, boolean retain, OptionalInt pgVersion) {
            this(review, retain, pgVersion, Grant.OPT_IN_KINDS);
        }
    }

    /** The review rules of the project whose schema directory is {@code dir}; empty when it has no rules. */
    public static Optional<ReviewRules> read(Path dir) {
        return load(dir).review();
    }

    /** Parses a configuration's review rules; {@code name} is used in messages. Pure. */
    public static Optional<ReviewRules> parse(String name, String content) {
        return settings(name, content).review();
    }

    /** The configuration of the project whose schema directory is {@code dir}; the defaults without one. */
    public static Settings load(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return Settings.DEFAULT;
        }
        try {
            return settings(file.toString(), Files.readString(file, StandardCharsets.UTF_8));
        } catch (java.nio.charset.MalformedInputException e) {
            throw new InvalidInputException(List.of(new Diagnostic(file.toString(), 1, 1, "file is not valid UTF-8")));
        } catch (IOException e) {
            throw new StrataException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** Parses a configuration; {@code name} is used in messages. Pure. */
    public static Settings settings(String name, String content) {
        List<Diagnostic> problems = new ArrayList<>();
        NodeReader reader = new NodeReader(name, problems);
        Optional<ReviewRules> rules = Optional.empty();
        boolean retain = true;
        OptionalInt pgVersion = OptionalInt.empty();
        Set<String> unmanagedKinds = Grant.OPT_IN_KINDS;
        try {
            Node root = new Yaml(SchemaFiles.loaderOptions()).compose(new StringReader(content));
            if (root != null && !NodeReader.isNull(root)) {
                Optional<NodeReader.Fields> top = reader.fields(root, "strata.yaml", TOP);
                rules = top.flatMap(t -> t.get("review")).flatMap(review -> review(reader, review));
                retain = top.flatMap(t -> t.bool("retain")).orElse(true);
                pgVersion = top.flatMap(t -> t.get("pg_version")).map(node -> major(reader, node)).orElse(OptionalInt.empty());
                unmanagedKinds = top.flatMap(t -> t.get("manage")).map(node -> unmanagedKinds(reader, node)).orElse(Grant.OPT_IN_KINDS);
            }
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String problem = e.getProblem() != null ? e.getProblem() : "malformed YAML";
            problems.add(mark == null ? new Diagnostic(name, 1, 1, "invalid YAML: " + problem)
                    : new Diagnostic(name, mark.getLine() + 1, mark.getColumn() + 1, "invalid YAML: " + problem));
        } catch (YAMLException e) {
            problems.add(new Diagnostic(name, 1, 1, "invalid YAML: " + e.getMessage().lines().findFirst().orElse("")));
        }
        if (!problems.isEmpty()) {
            throw new InvalidInputException(problems);
        }
        return new Settings(rules, retain, pgVersion, unmanagedKinds);
    }

    /**
     * {@code manage: { <section>: false }}: the kinds of those sections (docs/yaml-format.md#manage); grants and default
     * privileges only with {@code grants: true}, one switch for both ({@link Grant#OPT_IN_KINDS}).
     */
    private static Set<String> unmanagedKinds(NodeReader reader, Node node) {
        Set<String> kinds = new java.util.TreeSet<>();
        List<String> keys = ObjectYamls.ALL.stream()
                .filter(k -> !Grant.OPT_IN_KINDS.contains(k.kind()) || k.kind().equals(Grant.KIND))
                .map(ObjectYaml::section).toList();
        reader.fields(node, "manage", keys).ifPresentOrElse(f -> {
            for (ObjectYaml<?> kind : ObjectYamls.ALL) {
                boolean optIn = Grant.OPT_IN_KINDS.contains(kind.kind());
                if (!(optIn ? f.bool(GRANTS).orElse(false) : f.bool(kind.section()).orElse(true))) {
                    kinds.add(kind.kind());
                }
            }
        }, () -> kinds.addAll(Grant.OPT_IN_KINDS));
        return kinds;
    }

    /** The {@code manage:} switch for grants and default privileges, off unless set. */
    private static final String GRANTS = "grants";

    private static OptionalInt major(NodeReader reader, Node node) {
        Optional<Long> major = reader.whole(node);
        if (major.isPresent() && (major.get() < OLDEST_MAJOR || major.get() > NEWEST_MAJOR)) {
            reader.error(node, "pg_version " + major.get() + " is not supported; Strata plans for PostgreSQL "
                    + OLDEST_MAJOR + " to " + NEWEST_MAJOR);
            return OptionalInt.empty();
        }
        return major.map(m -> OptionalInt.of(m.intValue())).orElse(OptionalInt.empty());
    }

    private static Optional<ReviewRules> review(NodeReader reader, Node node) {
        Optional<NodeReader.Fields> review = reader.fields(node, "review", REVIEW);
        if (review.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong rows = OptionalLong.empty();
        OptionalLong bytes = OptionalLong.empty();
        boolean ok = true;
        Optional<Node> largeNode = review.get().get("large_table");
        if (largeNode.isEmpty()) {
            reader.error(node, "review needs large_table (rows, size or both): the threshold above which a table"
                    + " counts as large");
            ok = false;
        } else {
            Optional<NodeReader.Fields> large = reader.fields(largeNode.get(), "large_table", LARGE);
            if (large.isEmpty()) {
                ok = false;
            } else {
                Optional<Node> rowsNode = large.get().get("rows");
                Optional<Node> sizeNode = large.get().get("size");
                if (rowsNode.isEmpty() && sizeNode.isEmpty()) {
                    reader.error(largeNode.get(), "large_table needs rows, size or both");
                    ok = false;
                }
                if (rowsNode.isPresent()) {
                    Optional<Long> value = reader.whole(rowsNode.get());
                    if (value.isPresent() && value.get() < 0) {
                        reader.error(rowsNode.get(), "rows must not be negative");
                        value = Optional.empty();
                    }
                    ok &= value.isPresent();
                    rows = value.map(OptionalLong::of).orElse(OptionalLong.empty());
                }
                if (sizeNode.isPresent()) {
                    Optional<Long> value = size(reader, sizeNode.get());
                    ok &= value.isPresent();
                    bytes = value.map(OptionalLong::of).orElse(OptionalLong.empty());
                }
            }
        }
        List<ReviewRules.Rule> rules = new ArrayList<>();
        Optional<Node> reviewersNode = review.get().get("reviewers");
        if (reviewersNode.isPresent() && !NodeReader.isNullMapping(reviewersNode.get())) {
            Optional<List<Node>> items = reader.items(reviewersNode.get(), "expected a list of reviewer rules"
                    + " (- tables: PATTERN, names: [NAME, ...])");
            if (items.isEmpty()) {
                ok = false;
            } else {
                for (Node item : items.get()) {
                    Optional<ReviewRules.Rule> rule = rule(reader, item);
                    ok &= rule.isPresent();
                    rule.ifPresent(rules::add);
                }
            }
        }
        return ok ? Optional.of(new ReviewRules(rows, bytes, rules)) : Optional.empty();
    }

    private static Optional<ReviewRules.Rule> rule(NodeReader reader, Node item) {
        Optional<NodeReader.Fields> fields = reader.fields(item, "reviewer rule", RULE);
        if (fields.isEmpty()) {
            return Optional.empty();
        }
        Optional<ReviewRules.TablePattern> pattern = Optional.empty();
        Optional<Node> tables = fields.get().get("tables");
        if (tables.isEmpty()) {
            reader.error(item, "reviewer rule needs tables (a pattern such as public.orders or *.audit_*)");
        } else {
            pattern = reader.text(tables.get(), "expected a table pattern such as public.orders or *.audit_*")
                    .flatMap(text -> {
                        Optional<String> problem = ReviewRules.TablePattern.problem(text);
                        problem.ifPresent(p -> reader.error(tables.get(), p));
                        return problem.isPresent() ? Optional.empty() : Optional.of(ReviewRules.TablePattern.of(text));
                    });
        }
        List<String> names = new ArrayList<>();
        boolean namesOk = true;
        Optional<Node> namesNode = fields.get().get("names");
        if (namesNode.isEmpty()) {
            reader.error(item, "reviewer rule needs names (the people or teams who review these tables)");
            namesOk = false;
        } else {
            Optional<List<Node>> items = reader.items(namesNode.get(), "expected a list of reviewer names");
            if (items.isEmpty() || items.get().isEmpty()) {
                if (items.isPresent()) {
                    reader.error(namesNode.get(), "expected at least one reviewer name");
                }
                namesOk = false;
            } else {
                for (Node n : items.get()) {
                    Optional<String> name = reader.text(n, "expected a reviewer name").map(String::strip);
                    if (name.isPresent() && name.get().isEmpty()) {
                        reader.error(n, "expected a reviewer name");
                        name = Optional.empty();
                    }
                    namesOk &= name.isPresent();
                    name.ifPresent(names::add);
                }
            }
        }
        return pattern.isPresent() && namesOk ? Optional.of(new ReviewRules.Rule(pattern.get(), names)) : Optional.empty();
    }

    /** {@code 1GB}, {@code 500 MB}, or a whole number of bytes; units are 1024-based, as PostgreSQL's. */
    private static Optional<Long> size(NodeReader reader, Node node) {
        Optional<String> text = reader.text(node, "expected a size such as 500MB or 1GB");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = SIZE.matcher(text.get().strip());
        Integer power = m.matches() ? UNITS.get(m.group(2).isEmpty() ? "b" : m.group(2).toLowerCase(Locale.ROOT)) : null;
        if (power == null) {
            reader.error(node, "expected a size such as 500MB or 1GB (units: bytes, kB, MB, GB, TB, PB), not '"
                    + text.get() + "'");
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(m.group(1).replace("_", ""));
            return Optional.of(Math.multiplyExact(value, 1L << (10 * power)));
        } catch (ArithmeticException | NumberFormatException e) {
            reader.error(node, "size '" + text.get() + "' is too large");
            return Optional.empty();
        }
    }
}
