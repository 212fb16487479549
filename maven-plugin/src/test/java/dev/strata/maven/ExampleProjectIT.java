package dev.strata.maven;

import dev.strata.ddl.CreateDdl;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * examples/maven built by the machine's Maven, as a user would: {@code mvn verify} with the plugin this module just
 * packaged. The nested builds resolve it from {@code target/it-repo} (invoker:install) and everything else from the
 * outer build's local repository (a file mirror), so they need no network. Each nested build takes seconds: keep
 * their number small.
 */
class ExampleProjectIT {

    /** Never sent: the embedded server trusts local connections, so any password is accepted and ignored. */
    private static final String PASSWORD = "canary-Pw-7f3a";

    private Path project;

    @BeforeEach
    void copyTheExample(TestInfo test) throws IOException {
        Path example = Path.of(System.getProperty("strata.it.example"));
        project = Path.of(System.getProperty("strata.it.work")).resolve(test.getTestMethod().orElseThrow().getName());
        deleteTree(project);
        try (Stream<Path> files = Files.walk(example)) {
            for (Path source : files.filter(p -> !example.relativize(p).startsWith("target")).toList()) {
                Path target = project.resolve(example.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> tree = Files.walk(root)) {
                for (Path p : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    record Build(int exitCode, String log) {}

    private Build mvn(String... properties) throws IOException, InterruptedException {
        Path work = project.getParent();
        Path settings = work.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <mirrors>
                    <mirror><id>outer-build</id><mirrorOf>*</mirrorOf><url>%s</url></mirror>
                  </mirrors>
                </settings>
                """.formatted(Path.of(System.getProperty("strata.it.outer.repo")).toUri()));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("strata.it.maven.home"), "bin", "mvn").toString(), "-B", "-nsu",
                "-s", settings.toString(), "-Dmaven.repo.local=" + System.getProperty("strata.it.repo"),
                "-Dstrata.version=" + System.getProperty("strata.it.version")));
        command.addAll(List.of(properties));
        command.add("verify");
        Path log = work.resolve(project.getFileName() + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        // A short-lived build spends its time starting up: C1 alone halves it (measured 22 s to 11 s on 2 busy cores).
        builder.environment().put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC");
        builder.environment().keySet().removeIf(name -> name.startsWith("PG"));
        long start = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("mvn verify did not finish in 180 s; log in " + log);
        }
        System.out.printf("nested mvn verify (%s): exit %d in %.1f s%n", project.getFileName(), process.exitValue(),
                (System.nanoTime() - start) / 1e9);
        return new Build(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void verifyWritesTheMarkdownPlanUnderTargetStrataAndPassesWithChangesPlanned() throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(18)) {
            db.execute(CreateDdl.statements(SchemaFiles.read(PlanMojoTest.BEFORE.toPath()).catalog()).toArray(String[]::new));
            String url = "postgres://" + db.user() + ":" + PASSWORD + "@" + db.host() + ":" + db.port() + "/" + db.name();

            Build build = mvn("-Dstrata.url=" + url);

            assertEquals(0, build.exitCode(), build.log());
            Path plan = project.resolve("target/strata/plan.md");
            assertTrue(Files.readString(plan).contains("rename column public.users.username to handle"), Files.readString(plan));
            assertFalse(Files.readString(plan).contains(project.toString()), "the plan names no path of this machine");
            assertTrue(Files.exists(project.resolve("target/strata/plan.json")), build.log());
            assertTrue(Files.exists(project.resolve("target/strata/01_expand.sql")), build.log());
            assertTrue(build.log().contains("[INFO] strata: changes planned, see target/strata"), build.log());
            assertTrue(build.log().contains("--url postgres://" + db.user() + "@" + db.host() + ":" + db.port()), build.log());
            assertFalse(build.log().contains(PASSWORD), build.log());
        }
    }

    @Test
    void verifyFailsWithTheLockPolicysMessageWhenItRefusesThePlan() throws Exception {
        String table = "tables:\n  t:\n    columns:\n      id: { type: bigint, nullable: false }\n      name: text\n";
        Path before = Files.createDirectories(project.resolve("main-branch"));
        Files.writeString(before.resolve("t.yaml"), table + "    primary_key: [id]\n");
        Files.delete(project.resolve("schema/users.yaml"));
        Files.writeString(project.resolve("schema/t.yaml"), table
                + "      upper_name: { type: text, generated: \"upper(name)\" }\n    primary_key: [id]\n");

        Build build = mvn("-Dstrata.from=" + before);

        assertEquals(1, build.exitCode(), build.log());
        assertTrue(build.log().contains(":plan (default) on project users-schema: strata: the lock policy refuses this plan:"),
                build.log());
        assertTrue(Files.exists(project.resolve("target/strata/plan.md")), build.log());
        assertFalse(Files.exists(project.resolve("target/strata/01_expand.sql")), build.log());
    }

    @Test
    void verifyFailsInTheValidatePhaseWithFileLineColumnOnInvalidYaml() throws Exception {
        Files.writeString(project.resolve("schema/users.yaml"),
                "tables:\n  users:\n    columns:\n      id: { type: bigint, nullable: maybe }\n");

        Build build = mvn();

        assertEquals(1, build.exitCode(), build.log());
        assertTrue(build.log().contains(":validate (default) on project users-schema: schema/users.yaml:4:"), build.log());
        assertFalse(Files.exists(project.resolve("target/strata")), build.log());
    }
}
