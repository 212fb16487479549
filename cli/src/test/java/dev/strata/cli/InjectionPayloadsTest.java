package dev.strata.cli;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 13: no text from the schema YAML runs as SQL it was not meant to be. Every payload goes into
 * every YAML field that reaches SQL. {@code validate} either refuses it at {@code file:line:column}
 * or accepts it; what it accepts then goes through {@code plan --url --format sql} (which has the
 * server canonicalize expressions and views; each file then fed to psql, which goes on after errors)
 * and {@code apply}, against a database whose
 * {@code standard_conforming_strings} is off (the harder setting), and a canary table in a schema
 * Strata does not manage must keep its rows, the tables Strata plans on must keep their columns, and
 * no psql meta-command may have run.
 */
class InjectionPayloadsTest {

    private static final String CANARY_ROWS = "[[1, one], [2, two \\ 'quoted'], [3, three]]";

    /** Every kind of text that ends a string, comment or statement early somewhere along the way. */
    static final List<String> PAYLOADS = List.of(
            "1 --\r); DROP TABLE canary.canary; SELECT (1",
            "1); DROP TABLE canary.canary; --",
            "1 /* /* */ ); DROP TABLE canary.canary; /* */",
            "$$ $$); DROP TABLE canary.canary; SELECT ($$",
            "E'\\\\'); DROP TABLE canary.canary; --'",
            "'\\'); DROP TABLE canary.canary; --'",
            // Harmless with standard strings on; under off, psql and the server end the first string at \'.
            "'\\' || ' ; DROP TABLE canary.canary; SELECT '",
            "1, DROP COLUMN keep",
            "SELECT 1; DROP TABLE canary.canary",
            "SELECT 1; COMMIT; DROP TABLE canary.canary",
            "x\u2003$$); DROP TABLE canary.canary; SELECT ($$",
            "1 \u00a0/* \u2003 */ + 1",
            "\\! touch " + pwned(),
            "'DROP TABLE canary.canary' \\gexec",
            "a\"; DROP TABLE canary.canary; --",
            "a'; DROP TABLE canary.canary; --",
            "x\nDROP TABLE canary.canary;\n",
            "x\rDROP TABLE canary.canary;\r",
            "x\\'; DROP TABLE canary.canary; --",
            "\"x\"\"; DROP TABLE canary.canary; --\"",
            "\"\\! touch " + pwned() + "\"",
            "true OR 'a' = '\nDROP TABLE canary.canary;\n'",
            "Ünï\u2003cødé \"q\" ;\t$$",
            "id > 0 OR E'\\'' = ''); DROP TABLE canary.canary; --",
            // A string continued after a line break keeps the E'' escapes of its first part.
            "E'x'\n'\\' || ' ; DROP TABLE canary.canary; SELECT '",
            "E'x'\n'\\'; DROP TABLE canary.canary; SELECT \\''");

    /**
     * What a field adds to its host table: the {@code keep} column's definition (only {@code using}
     * changes it, so such a combination gets a host of its own), more columns, an item of the host's
     * {@code checks}, {@code indexes} or {@code exclusions} list, another table, or a document of its own
     * (views, enums, sequences, external types).
     */
    record Slot(String keep, String columns, String list, String item, String table, String document) {
        boolean ownHost() {
            return !keep.equals(KEEP);
        }
    }

    private static final String KEEP = "{type: int, nullable: false}";

    private static Slot keep(String keep) {
        return new Slot(keep, "", "", "", "", "");
    }

    private static Slot columns(String columns) {
        return new Slot(KEEP, columns, "", "", "", "");
    }

    private static Slot item(String list, String item) {
        return new Slot(KEEP, "", list, item, "", "");
    }

    private static Slot table(String table) {
        return new Slot(KEEP, "", "", "", table, "");
    }

    private static Slot document(String document) {
        return new Slot(KEEP, "", "", "", "", document);
    }

    /** How a payload (as a YAML scalar {@code q}) fills the field for combination {@code i}. */
    interface Filler {
        Slot slot(String q, int i);
    }

    /**
     * One YAML field that reaches SQL. {@code inert}: its text is data (a name, comment or label) stored
     * exactly. {@code prefix} goes before the payload, so names of different kinds do not collide.
     */
    record Field(String name, boolean inert, String prefix, Filler filler) {
        Field(String name, boolean inert, Filler filler) {
            this(name, inert, "", filler);
        }

        Slot slot(String payload, int i) {
            return filler.slot(yaml(prefix + payload), i);
        }
    }

    static final List<Field> FIELDS = List.of(
            new Field("default", false, (q, i) -> columns("      a" + i + ": {type: text, default: " + q + "}\n")),
            new Field("check", false, (q, i) -> item("checks", "{name: c" + i + ", expression: " + q + "}")),
            new Field("generated", false, (q, i) -> columns("      g" + i + ": {type: int, generated: " + q + "}\n")),
            new Field("index expression", false, (q, i) -> item("indexes", "{name: ix" + i + ", columns: [{expression: " + q + "}]}")),
            new Field("index predicate", false, (q, i) -> item("indexes", "{name: ix" + i + ", columns: [id], where: " + q + "}")),
            new Field("exclusion predicate", false, (q, i) -> item("exclusions", "{name: ex" + i
                    + ", using: btree, elements: [{column: id, with: \"=\"}], where: " + q + "}")),
            new Field("using", false, (q, i) -> keep("{type: bigint, nullable: false, using: " + q + "}")),
            new Field("backfill", false, (q, i) -> columns("      b" + i + ": {type: int, nullable: false, backfill: " + q + "}\n")),
            new Field("opclass", false, (q, i) -> item("indexes", "{name: ix" + i + ", columns: [{column: id, opclass: " + q + "}]}")),
            new Field("operator", false, (q, i) -> item("exclusions", "{name: ex" + i
                    + ", using: btree, elements: [{column: id, with: " + q + "}]}")),
            new Field("collation", false, (q, i) -> columns("      a" + i + ": {type: text, collation: " + q + "}\n")),
            new Field("index method", false, (q, i) -> item("indexes", "{name: ix" + i + ", method: " + q + ", columns: [id]}")),
            new Field("exclusion method", false, (q, i) -> item("exclusions", "{name: ex" + i + ", using: " + q
                    + ", elements: [{column: id, with: \"=\"}]}")),
            new Field("storage parameter name", false, (q, i) -> item("indexes", "{name: ix" + i + ", columns: [id], with: {" + q + ": \"70\"}}")),
            new Field("storage parameter value", false, (q, i) -> item("indexes", "{name: ix" + i + ", columns: [id], with: {fillfactor: " + q + "}}")),
            new Field("type name", false, (q, i) -> new Slot(KEEP, "      a" + i + ": {type: " + yaml(typeSpelling(unyaml(q))) + "}\n",
                    "", "", "", "external_types: [" + q + "]\n")),
            new Field("view query", false, (q, i) -> document("views:\n  v" + i + ": " + q + "\n")),
            new Field("table comment", true, (q, i) -> table("  tc" + i + ":\n    comment: " + q + "\n    columns:\n      id: int\n")),
            new Field("column comment", true, (q, i) -> columns("      cc" + i + ": {type: int, comment: " + q + "}\n")),
            new Field("view comment", true, (q, i) -> document("views:\n  v" + i + ": {definition: \"SELECT 1 AS one\", comment: " + q + "}\n")),
            new Field("enum comment", true, (q, i) -> document("enums:\n  e" + i + ": {values: [ok], comment: " + q + "}\n")),
            new Field("sequence comment", true, (q, i) -> document("sequences:\n  s" + i + ": {comment: " + q + "}\n")),
            new Field("enum label", true, (q, i) -> document("enums:\n  e" + i + ": [" + q + ", ok]\n")),
            new Field("table name", true, (q, i) -> table("  " + q + ":\n    columns:\n      id: int\n")),
            new Field("column name", true, (q, i) -> columns("      " + q + ": int\n")),
            new Field("index name", true, "i", (q, i) -> item("indexes", "{name: " + q + ", columns: [id]}")),
            new Field("constraint name", true, (q, i) -> item("checks", "{name: " + q + ", expression: \"id > 0\"}")),
            new Field("view name", true, "v", (q, i) -> document("views:\n  " + q + ": \"SELECT 1 AS one\"\n")),
            new Field("enum name", true, "e", (q, i) -> document("enums:\n  " + q + ": [ok]\n")),
            new Field("sequence name", true, "s", (q, i) -> document("sequences:\n  " + q + ": {}\n")));

    private static final Pattern DIAGNOSTIC = Pattern.compile("^\\S+\\.yaml:(\\d+):(\\d+): .+$");
    private static final Pattern DIAGNOSTIC_PARTS = Pattern.compile("^(\\S+\\.yaml):(\\d+):(\\d+): .+$");

    private static Optional<String> psql;

    @TempDir
    Path dir;

    @BeforeAll
    static void findPsql() throws IOException {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/psql")));
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> majors = Files.list(lib)) {
                majors.map(m -> m.resolve("bin/psql")).sorted().forEach(candidates::add);
            }
        }
        psql = candidates.stream().filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    private static String pwned() {
        return System.getProperty("java.io.tmpdir") + "/strata-pwned-" + ProcessHandle.current().pid();
    }

    /** A payload in a field; {@code index} names its objects (t<index>, a<index>, ix<index>, ...). */
    record Accepted(Field field, String payload, int index) {}

    @Test
    void validateRefusesEveryPayloadItCannotPassOnSafelyAtFileLineColumn() throws IOException {
        List<Accepted> accepted = validateAll();
        // Expressions that go through hold no comment, no ';' outside a string and no backslash outside a
        // string: what is left cannot leave the parentheses Strata puts around it.
        List<String> expressionFields = List.of("default", "check", "generated", "index expression", "index predicate",
                "exclusion predicate", "using", "backfill", "view query", "operator");
        List<String> harmless = List.of("'\\' || ' ; DROP TABLE canary.canary; SELECT '", "1, DROP COLUMN keep",
                "true OR 'a' = '\nDROP TABLE canary.canary;\n'");
        for (Accepted a : accepted) {
            if (expressionFields.contains(a.field().name())) {
                assertTrue(harmless.contains(a.payload()), a.field().name() + " accepted " + a.payload());
            }
        }
        assertTrue(accepted.stream().anyMatch(a -> a.field().name().equals("default") && a.payload().equals(harmless.getFirst())));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void noAcceptedPayloadTouchesTheCanaryThroughPsqlPlanOrApply(int major) throws Exception {
        List<Accepted> accepted = validateAll();
        List<Accepted> inert = accepted.stream().filter(a -> a.field().inert()).toList();
        List<Accepted> rest = accepted.stream().filter(a -> !a.field().inert()).toList();

        Path inertDir = desired("inert", inert, true);
        Path restDir = desired("rest", rest, true);
        for (Path desired : List.of(inertDir, restDir)) {
            List<Accepted> group = desired == inertDir ? inert : rest;
            List<String> hosts = hosts(group, true);
            try (TestDatabase viaPsql = database(major, hosts); TestDatabase viaApply = database(major, hosts)) {
                Path out = dir.resolve("sql-" + desired.getFileName());
                Strata sql = Strata.run("plan", "--url", viaPsql.postgresUrl(), "--desired", desired.toString(),
                        "--format", "sql", "--out", out.toString(), "--allow-blocking");
                assertEquals(PlanCommand.CHANGES, sql.exitCode(), sql.toString());
                runPsql(viaPsql, out);
                assertUntouched(viaPsql, hosts);

                if (desired == inertDir) {
                    // Names, comments and labels are data: they arrive exactly as written, under either setting.
                    assertStoredExactly(viaPsql, inert);
                    // Their apply is the slow part of this test (a step, its record and a catalog snapshot per object,
                    // a few hundred of them) and proves nothing a major changes: the text is quoted by Strata, and a
                    // string or name reads alike on 14 and 18 (psql above reads it on both). CI applies it on 14,
                    // Flyway and Liquibase run it on 18 below; -Dstrata.injection.long=true applies it on both.
                    if (major != TestPostgres.OLDEST_MAJOR && !Boolean.getBoolean("strata.injection.long")) {
                        continue;
                    }
                }
                // Apply stops at the first step the server refuses (psql above went on through every one).
                Strata apply = Strata.run("apply", "--url", viaApply.postgresUrl(), "--desired", desired.toString(),
                        "--phase", "all", "--yes", "--allow-blocking");
                assertUntouched(viaApply, hosts);
                if (desired == restDir) {
                    // Apply's preflight ran every accepted expression against the hosts' rows first (read-only).
                    assertTrue((apply.out() + apply.err()).contains("preflight"), apply.toString());
                } else {
                    assertEquals(0, apply.exitCode(), apply.toString());
                    assertStoredExactly(viaApply, inert);
                }
            }
        }
        assertFalse(Files.exists(Path.of(pwned())), "a psql meta-command ran");
    }

    /**
     * The same payloads through plan --format flyway and liquibase, run by the real tools (which split the scripts
     * with parsers of their own), against databases with standard strings off. The tools stop at the first statement
     * the server refuses, so for the non-inert fields this covers the statements up to there. One major: what is
     * tested is the tools' own splitting and quoting, and standard strings off reads a string alike on 14 and 18 (the
     * psql and plan paths above run on both, apply on both for the expressions and on 14 for the inert text).
     */
    @ParameterizedTest
    @ValueSource(ints = {18})
    void noAcceptedPayloadTouchesTheCanaryThroughFlywayOrLiquibase(int major) throws Exception {
        List<Accepted> accepted = validateAll();
        List<Accepted> inert = accepted.stream().filter(a -> a.field().inert()).toList();
        List<Accepted> rest = accepted.stream().filter(a -> !a.field().inert()).toList();

        // Liquibase reads a carriage return as a line feed, which would change a name: such plans it refuses.
        List<Accepted> inertWithoutCr = inert.stream().filter(a -> a.payload().indexOf('\r') < 0).toList();
        Path inertDir = desired("inert", inert, true);
        Path inertLiquibaseDir = desired("inert-liquibase", inertWithoutCr, true);
        Path restDir = desired("rest", rest, true);
        Strata refusedCr = Strata.run("plan", "--from", inertLiquibaseDir.toString(), "--desired", inertDir.toString(),
                "--format", "liquibase", "--allow-blocking");
        assertEquals(1, refusedCr.exitCode(), refusedCr.toString());
        assertTrue(refusedCr.err().contains("carriage return"), refusedCr.toString());
        for (Path desired : List.of(inertDir, restDir)) {
            List<String> hosts = hosts(desired == inertDir ? inert : rest, true);
            Path desiredLiquibase = desired == inertDir ? inertLiquibaseDir : desired;
            try (TestDatabase viaFlyway = database(major, hosts);
                    TestDatabase viaLiquibase = database(major, desired == inertDir ? hosts(inertWithoutCr, true) : hosts)) {
                Path scripts = dir.resolve("flyway-" + desired.getFileName());
                Strata flyway = Strata.run("plan", "--url", viaFlyway.postgresUrl(), "--desired", desired.toString(),
                        "--format", "flyway", "--version-prefix", "1", "--out", scripts.toString(), "--allow-blocking");
                assertEquals(PlanCommand.CHANGES, flyway.exitCode(), flyway.toString());
                Optional<Exception> byFlyway = failure(() -> MigrationToolOutputTest.flyway(viaFlyway, scripts, "latest").migrate());
                assertUntouched(viaFlyway, hosts);

                Path changelog = dir.resolve("liquibase-" + desired.getFileName());
                Strata liquibase = Strata.run("plan", "--url", viaLiquibase.postgresUrl(), "--desired", desiredLiquibase.toString(),
                        "--format", "liquibase", "--out", changelog.toString(), "--allow-blocking");
                Optional<Exception> byLiquibase = liquibase.exitCode() == PlanCommand.CHANGES
                        ? failure(() -> MigrationToolOutputTest.liquibaseUpdate(viaLiquibase, changelog, null))
                        : Optional.empty();
                assertUntouched(viaLiquibase, desired == inertDir ? hosts(inertWithoutCr, true) : hosts);

                if (desired == inertDir) {
                    // Names, comments and labels are data: they arrive exactly as written, under either setting.
                    assertEquals(Optional.empty(), byFlyway);
                    assertStoredExactly(viaFlyway, inert);
                    assertEquals(PlanCommand.CHANGES, liquibase.exitCode(), liquibase.toString());
                    assertEquals(Optional.empty(), byLiquibase);
                    assertStoredExactly(viaLiquibase, inertWithoutCr);
                } else if (liquibase.exitCode() != PlanCommand.CHANGES) {
                    assertTrue(liquibase.err().contains("as a Liquibase changeset"), liquibase.toString());
                }
            }
        }
    }

    private interface Run {
        void run() throws Exception;
    }

    private static Optional<Exception> failure(Run run) {
        try {
            run.run();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.of(e);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void commentsAndBackslashDefaultsMeanTheSameWithStandardConformingStringsOff(int major) throws Exception {
        String comment = "x\\'; DROP TABLE canary.canary; --";
        String defaultValue = "'\\' || ' ; DROP TABLE canary.canary; SELECT '";
        Path desired = dir.resolve("scs");
        Files.createDirectories(desired);
        Files.writeString(desired.resolve("t.yaml"), """
                tables:
                  t1:
                    comment: %s
                    columns:
                      id: {type: int, nullable: false}
                      keep: {type: int, nullable: false}
                      a: {type: text, default: %s}
                    primary_key: [id]
                """.formatted(yaml(comment), yaml(defaultValue)));
        try (TestDatabase viaPsql = database(major, List.of("t1"));
                TestDatabase viaApply = database(major, List.of("t1"))) {
            Path out = dir.resolve("scs-sql");
            Strata sql = Strata.run("plan", "--url", viaPsql.postgresUrl(), "--desired", desired.toString(),
                    "--format", "sql", "--out", out.toString());
            assertEquals(PlanCommand.CHANGES, sql.exitCode(), sql.toString());
            runPsql(viaPsql, out);
            Strata apply = Strata.run("apply", "--url", viaApply.postgresUrl(), "--desired", desired.toString(),
                    "--phase", "all", "--yes");
            assertEquals(0, apply.exitCode(), apply.toString());
            for (TestDatabase db : List.of(viaPsql, viaApply)) {
                assertEquals(CANARY_ROWS, db.query("SELECT id, note FROM canary.canary ORDER BY id").toString());
                assertEquals(List.of(List.of(comment)), db.query("SELECT obj_description('public.t1'::regclass, 'pg_class')"));
                assertEquals(List.of(List.of("\\ ; DROP TABLE canary.canary; SELECT ")),
                        db.query("SELECT DISTINCT a FROM public.t1"));
            }
            Strata again = Strata.run("plan", "--url", viaApply.postgresUrl(), "--desired", desired.toString());
            assertEquals(0, again.exitCode(), again.toString());
        }
    }

    // ---- validate ----

    private static List<Accepted> validated;

    /** Validates every combination once per JVM (the three tests share the answer). */
    private List<Accepted> validateAll() throws IOException {
        if (validated == null) {
            validated = validateEach();
        }
        return validated;
    }

    /**
     * One validate per field with every payload in it (table t<i> and file doc<i>.yaml per payload), each
     * diagnostic attributed to the payload whose lines it points at; then the accepted ones together
     * must validate, as the live runs use them together.
     */
    private List<Accepted> validateEach() throws IOException {
        List<Accepted> accepted = new ArrayList<>();
        int index = 0;
        for (Field field : FIELDS) {
            List<Accepted> combos = new ArrayList<>();
            for (String payload : PAYLOADS) {
                combos.add(new Accepted(field, payload, ++index));
            }
            // The server check runs once the YAML itself is valid: what passed the YAML's checks is validated again
            // until nothing more is refused.
            List<Accepted> remaining = combos;
            for (int round = 1; ; round++) {
                Path batch = desired("validate-" + field.name().replace(' ', '-') + "-" + round, remaining, false);
                Strata r = Strata.run("validate", batch.toString());
                assertTrue(r.exitCode() == 0 || r.exitCode() == 1, field.name() + "\n" + r);
                List<String> refusals = r.err().lines().toList();
                for (String line : refusals) {
                    assertTrue(DIAGNOSTIC.matcher(line).matches(), field.name() + ": not file:line:column: " + line);
                }
                List<Accepted> passed = remaining.stream()
                        .filter(combo -> refusals.stream().noneMatch(line -> pointsAt(line, batch, combo))).toList();
                if (r.exitCode() == 0 || passed.size() == remaining.size() || passed.isEmpty()) {
                    accepted.addAll(passed);
                    break;
                }
                remaining = passed;
            }
        }
        Strata together = Strata.run("validate", desired("accepted", accepted, true).toString());
        assertEquals(0, together.exitCode(), together.toString());
        return accepted;
    }

    /** Whether a diagnostic line is in the lines of {@code combo}: its doc file, or its table in schema.yaml. */
    private static boolean pointsAt(String diagnostic, Path batch, Accepted combo) {
        var m = DIAGNOSTIC_PARTS.matcher(diagnostic);
        if (!m.matches()) {
            return false;
        }
        Path file = Path.of(m.group(1));
        int line = Integer.parseInt(m.group(2));
        if (file.getFileName().toString().equals("doc" + combo.index() + ".yaml")) {
            return true;
        }
        if (!file.getFileName().toString().equals("schema.yaml")) {
            return false;
        }
        try {
            List<String> lines = Files.readAllLines(batch.resolve("schema.yaml"), StandardCharsets.UTF_8);
            int start = lines.indexOf("  t" + combo.index() + ":");
            int end = lines.indexOf("  t" + (combo.index() + 1) + ":");
            // A line break inside a value moves the reported line on, though an escaped one stays on its YAML line.
            long breaks = combo.payload().chars().filter(c -> c == '\n').count();
            return start >= 0 && line > start && (end < 0 || line <= end + breaks);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    // ---- schema files ----

    /**
     * The host table of a combination: in the validate batches each has its own (so a diagnostic's line
     * says which one it is); in the live runs a field's combinations share one, so the plans stay small.
     */
    private static String host(Accepted a, boolean shared) {
        return shared && !a.field().slot(a.payload(), a.index()).ownHost() ? "h" + FIELDS.indexOf(a.field()) : "t" + a.index();
    }

    private static List<String> hosts(List<Accepted> combos, boolean shared) {
        return combos.stream().map(a -> host(a, shared)).distinct().toList();
    }

    /**
     * The desired schema: every host table as the database has it plus the fields of its combinations,
     * in one file; a view, enum, sequence or external type in a file of its own (each is a top-level key).
     */
    private Path desired(String name, List<Accepted> combos, boolean shared) throws IOException {
        Path d = dir.resolve(name);
        Files.createDirectories(d);
        StringBuilder tables = new StringBuilder("tables:\n");
        StringBuilder extra = new StringBuilder();
        for (String host : hosts(combos, shared)) {
            List<Accepted> hosted = combos.stream().filter(a -> host(a, shared).equals(host)).toList();
            List<Slot> slots = hosted.stream().map(a -> a.field().slot(a.payload(), a.index())).toList();
            tables.append("  ").append(host).append(":\n")
                    .append("    columns:\n")
                    .append("      id: {type: int, nullable: false}\n")
                    .append("      keep: ").append(slots.getFirst().keep()).append('\n');
            slots.forEach(slot -> tables.append(slot.columns()));
            tables.append("    primary_key: [id]\n");
            for (String list : List.of("checks", "indexes", "exclusions")) {
                List<String> items = slots.stream().filter(slot -> slot.list().equals(list)).map(Slot::item).toList();
                if (!items.isEmpty()) {
                    tables.append("    ").append(list).append(": [").append(String.join(", ", items)).append("]\n");
                }
            }
            for (int i = 0; i < hosted.size(); i++) {
                // Right after its host while validating, so its lines still belong to its combination.
                (shared ? extra : tables).append(slots.get(i).table());
                if (!slots.get(i).document().isEmpty()) {
                    Files.writeString(d.resolve("doc" + hosted.get(i).index() + ".yaml"), slots.get(i).document(),
                            StandardCharsets.UTF_8);
                }
            }
        }
        Files.writeString(d.resolve("schema.yaml"), tables.append(extra).toString(), StandardCharsets.UTF_8);
        return d;
    }

    // ---- databases ----

    /** A database with standard strings off, the canary, and the host tables (with rows). */
    private static TestDatabase database(int major, List<String> hosts) {
        TestDatabase db = TestPostgres.newDatabase(major);
        List<String> sql = new ArrayList<>(List.of(
                "ALTER DATABASE " + db.name() + " SET standard_conforming_strings = off",
                "CREATE SCHEMA canary",
                "CREATE TABLE canary.canary (id int PRIMARY KEY, note text NOT NULL)",
                "INSERT INTO canary.canary VALUES (1, 'one'), (2, E'two \\\\ ''quoted'''), (3, 'three')"));
        for (String host : hosts) {
            sql.add("CREATE TABLE public." + host + " (id int NOT NULL, keep int NOT NULL, CONSTRAINT " + host
                    + "_pkey PRIMARY KEY (id))");
            sql.add("INSERT INTO public." + host + " VALUES (1, 1), (2, 2)");
        }
        db.execute(sql.toArray(String[]::new));
        return db;
    }

    /** The canary keeps its rows, every host table its columns, and no psql meta-command ran. */
    private static void assertUntouched(TestDatabase db, List<String> hosts) {
        assertEquals(CANARY_ROWS, db.query("SELECT id, note FROM canary.canary ORDER BY id").toString());
        for (String host : hosts) {
            List<List<String>> keep = db.query("SELECT count(*) FROM pg_attribute WHERE attrelid = 'public." + host
                    + "'::regclass AND attname IN ('id', 'keep') AND NOT attisdropped");
            assertEquals("2", keep.getFirst().getFirst(), host + " lost a column");
        }
        assertFalse(Files.exists(Path.of(pwned())), "a psql meta-command ran");
    }

    /** Each inert payload is in the catalog exactly as written: as a name, a comment or an enum label. */
    private static void assertStoredExactly(TestDatabase db, List<Accepted> inert) {
        String stored = db.query("""
                SELECT string_agg(x, E'\\n') FROM (
                  SELECT relname::text AS x FROM pg_class
                  UNION ALL SELECT attname::text FROM pg_attribute
                  UNION ALL SELECT conname::text FROM pg_constraint
                  UNION ALL SELECT typname::text FROM pg_type
                  UNION ALL SELECT enumlabel::text FROM pg_enum
                  UNION ALL SELECT description FROM pg_description) names
                """).getFirst().getFirst();
        List<String> all = List.of(stored.split("\n", -1));
        for (Accepted a : inert) {
            String expected = a.field().prefix() + a.payload();
            if (a.field().name().endsWith("name")) {
                expected = truncated(expected);
            }
            if (!stored.contains(expected)) {
                throw new AssertionError(a.field().name() + ": " + a.payload() + " not stored exactly among " + all.size() + " names");
            }
        }
    }

    private static String truncated(String name) {
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        return bytes.length <= 63 ? name : new String(bytes, 0, 63, StandardCharsets.UTF_8);
    }

    private void runPsql(TestDatabase db, Path sqlDir) throws Exception {
        Assumptions.assumeTrue(psql.isPresent(), "no psql found at /usr/bin/psql or /usr/lib/postgresql/*/bin/psql");
        List<Path> files;
        try (Stream<Path> list = Files.list(sqlDir)) {
            files = list.filter(p -> p.toString().endsWith(".sql")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "plan --format sql wrote no files");
        for (Path file : files) {
            var pb = new ProcessBuilder(psql.get(), "-X", "-q", "-h", db.host(), "-p", String.valueOf(db.port()),
                    "-U", db.user(), "-d", db.name(), "-f", file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("psql-" + db.name() + "-" + file.getFileName() + ".log").toFile());
            pb.environment().put("PGPASSWORD", db.password());
            pb.environment().put("PGCONNECT_TIMEOUT", "10");
            Process p = pb.start();
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "psql did not finish " + file);
        }
    }

    // ---- YAML text ----

    /** A YAML double-quoted scalar holding exactly {@code text} (non-ASCII escaped: YAML 1.1 breaks lines at some). */
    static String yaml(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String unyaml(String quoted) {
        for (String p : PAYLOADS) {
            if (yaml(p).equals(quoted)) {
                return p;
            }
        }
        throw new IllegalArgumentException(quoted);
    }

    /** A type name as a column's type refers to a declared external type: quoted, so any text is one name. */
    private static String typeSpelling(String name) {
        return "\"" + name.replace("\"", "\"\"") + "\"";
    }
}
