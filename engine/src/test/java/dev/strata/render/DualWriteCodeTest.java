package dev.strata.render;

import dev.strata.model.DataType;
import dev.strata.model.QualifiedName;
import dev.strata.plan.DualWrite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import javax.tools.DiagnosticCollector;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import java.io.OutputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DualWriteCodeTest {

    private static final Templates TEMPLATES = Templates.builtIn();

    // As ColumnRebuild plans it: the shadow column is Strata's, the name stays, there is no way back.
    private static final DualWrite CHANGE_TYPE = new DualWrite(DualWrite.Kind.CHANGE_TYPE,
            QualifiedName.of("public", "orders"), List.of("id"), "amount", DataType.builtin("integer"),
            "amount__strata_new", DataType.builtin("numeric", 12, 2), "amount", "amount::numeric(12,2)",
            Optional.empty());

    // Names that must be quoted in SQL and escaped in Java and Python; a composite key; JSON and bytea types.
    private static final DualWrite AWKWARD = new DualWrite(DualWrite.Kind.DERIVED_COLUMN,
            QualifiedName.of("Sales", "say \"hi\""), List.of("Région", "key"), "say \"hi\"",
            DataType.builtin("bytea"), "50% of\\u000a", DataType.builtin("jsonb"), "50% of\\u000a",
            "to_jsonb(encode(\"say \"\"hi\"\"\", 'hex'))", Optional.empty());

    // A type change of a column whose name needs quoting, to a JSON type, on a table with a composite key.
    private static final DualWrite AWKWARD_CHANGE_TYPE = new DualWrite(DualWrite.Kind.CHANGE_TYPE,
            QualifiedName.of("Sales", "say \"hi\""), List.of("Région", "key"), "50% of", DataType.builtin("text"),
            "50% of__strata_new", DataType.builtin("jsonb"), "50% of", "\"50% of\"::jsonb", Optional.empty());

    static Stream<DualWrite> dualWrites() {
        return Stream.of(UsersRenamePlan.dualWrite(), CHANGE_TYPE, AWKWARD, AWKWARD_CHANGE_TYPE);
    }

    @Test
    void everyStackAndPhaseInDeployOrder() {
        var snippets = DualWriteCode.render(UsersRenamePlan.dualWrite(), TEMPLATES);

        assertEquals(9, snippets.size());
        assertEquals(List.of("java-jdbc/write-both", "java-jdbc/read-new", "java-jdbc/stop-writing-old"),
                snippets.subList(0, 3).stream().map(s -> s.stack() + "/" + s.phase()).toList());
        assertEquals(List.of("java", "java", "java", "java", "java", "java", "python", "python", "python"),
                snippets.stream().map(DualWriteCode.CodeSnippet::language).toList());
    }

    @ParameterizedTest
    @MethodSource("dualWrites")
    void generatedJdbcCodeCompiles(DualWrite dualWrite) {
        for (String phase : DualWriteCode.PHASES) {
            String code = DualWriteCode.render(dualWrite, "java-jdbc", phase, TEMPLATES).code();
            if (code.contains("final class ")) {
                assertEquals(List.of(), compile(className(code), code), code);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("dualWrites")
    void generatedJpaFragmentsCompileInsideAnEntity(DualWrite dualWrite) {
        for (String phase : DualWriteCode.PHASES) {
            String fragment = DualWriteCode.render(dualWrite, "java-jpa", phase, TEMPLATES).code();
            // Stand-ins for the jakarta.persistence annotations, so the check needs no JPA on the class path.
            String source = """
                    import java.lang.annotation.*;
                    import java.math.BigDecimal;
                    import java.time.*;
                    import java.util.UUID;
                    @Retention(RetentionPolicy.RUNTIME) @interface Column { String name(); boolean insertable() default true; boolean updatable() default true; }
                    @interface PrePersist {}
                    @interface PreUpdate {}
                    class Entity {
                    %s
                    }
                    """.formatted(fragment);
            String hibernate = """
                    package org.hibernate.annotations;
                    public @interface ColumnTransformer { String read() default ""; String write() default ""; }
                    """;
            assertEquals(List.of(), compile(Map.of("Entity", source, "org/hibernate/annotations/ColumnTransformer", hibernate)),
                    source);
        }
    }

    @Test
    void jdbcSqlQuotesIdentifiersInsideValidJavaStrings() {
        String code = DualWriteCode.render(AWKWARD, "java-jdbc", "write-both", TEMPLATES).code();

        assertTrue(code.contains("static final String INSERT = \"INSERT INTO \\\"Sales\\\".\\\"say \\\"\\\"hi\\\"\\\"\\\""
                + " (\\\"say \\\"\\\"hi\\\"\\\"\\\", \\\"50% of\\\\u000a\\\") VALUES (?, CAST(? AS jsonb))\";"), code);
    }

    @Test
    void pythonDoublesPercentSignsOutsidePlaceholders() {
        String code = DualWriteCode.render(AWKWARD, "python-psycopg", "stop-writing-old", TEMPLATES).code();

        assertTrue(code.contains("UPDATE = \"UPDATE \\\"Sales\\\".\\\"say \\\"\\\"hi\\\"\\\"\\\" SET"
                + " \\\"50%% of\\\\u000a\\\" = CAST(%s AS jsonb) WHERE \\\"Région\\\" = %s AND key = %s\""), code);
        assertTrue(code.contains("conn.execute(UPDATE, (Jsonb("), code);
        assertTrue(code.contains("from psycopg.types.json import Jsonb"), code);
    }

    @Test
    void javaTypesFollowTheColumnTypes() {
        String code = DualWriteCode.render(CHANGE_TYPE, "java-jdbc", "read-new", TEMPLATES).code();

        assertTrue(code.contains("import java.math.BigDecimal;"), code);
        assertTrue(code.contains("static BigDecimal insert(Connection connection, BigDecimal amount)"), code);
        assertTrue(code.contains("static BigDecimal read(Connection connection, Object key)"), code);
    }

    @ParameterizedTest
    @MethodSource("changeTypes")
    void aTypeChangesCodeNeverNamesTheShadowColumn(DualWrite changeType) {
        for (var snippet : DualWriteCode.render(changeType, TEMPLATES)) {
            assertFalse(snippet.code().contains("strata_new"), snippet.stack() + "/" + snippet.phase() + ":\n" + snippet.code());
        }
    }

    @Test
    void aTypeChangesWriteBothIsNoCodeChange() {
        for (String stack : DualWriteCode.STACKS) {
            String code = DualWriteCode.render(CHANGE_TYPE, stack, "write-both", TEMPLATES).code();

            assertTrue(code.contains("Nothing to deploy"), code);
            assertTrue(code.contains("the sync trigger fills the new copy"), code);
            assertFalse(code.contains("INSERT"), code);
        }
    }

    @Test
    void aTypeChangesReadNewReadsThroughTheCastAliasedBackAndBindsTheNewType() {
        String code = DualWriteCode.render(CHANGE_TYPE, "java-jdbc", "read-new", TEMPLATES).code();

        assertTrue(code.contains("\"SELECT CAST(amount AS numeric(12,2)) AS amount FROM public.orders WHERE id = ?\""), code);
        assertTrue(code.contains("\"INSERT INTO public.orders (amount) VALUES (?) RETURNING CAST(amount AS numeric(12,2)) AS amount\""),
                code);
        assertTrue(code.contains("\"UPDATE public.orders SET amount = ? WHERE id = ?\""), code);
        assertTrue(code.contains("rows.getObject(1, BigDecimal.class)"), code);
        assertTrue(code.contains("static int update(Connection connection, Object key, BigDecimal amount)"), code);
        assertTrue(code.contains("must fit integer until CONTRACT"), code);
        assertTrue(code.lines().filter(l -> l.contains("static final String")).noneMatch(l -> l.contains("*")), code);
    }

    @Test
    void aTypeChangesStopWritingOldIsTheReadNewCodeWhoseCastCanGoAfterContract() {
        for (String stack : DualWriteCode.STACKS) {
            String readNew = DualWriteCode.render(CHANGE_TYPE, stack, "read-new", TEMPLATES).code();
            String stop = DualWriteCode.render(CHANGE_TYPE, stack, "stop-writing-old", TEMPLATES).code();

            assertEquals(body(readNew), body(stop), stack);
            assertTrue(stop.contains("after CONTRACT the CAST is a no-op"), stop);
        }
    }

    @Test
    void aTypeChangesJpaFieldHasTheNewTypeAndReadsThroughTheCast() {
        String code = DualWriteCode.render(CHANGE_TYPE, "java-jpa", "read-new", TEMPLATES).code();

        assertTrue(code.contains("""
                    @Column(name = "amount")
                    @org.hibernate.annotations.ColumnTransformer(read = "CAST(amount AS numeric(12,2))")
                    private BigDecimal amount;
                """), code);
    }

    @Test
    void aTypeChangeToJsonWritesThroughACastInJpa() {
        String code = DualWriteCode.render(AWKWARD_CHANGE_TYPE, "java-jpa", "read-new", TEMPLATES).code();

        assertTrue(code.contains("@org.hibernate.annotations.ColumnTransformer(read = \"CAST(\\\"50% of\\\" AS jsonb)\","
                + " write = \"CAST(? AS jsonb)\")"), code);
    }

    @Test
    void aTypeChangesPythonPreparesItsStatementsAndReadsThroughTheCast() {
        String code = DualWriteCode.render(AWKWARD_CHANGE_TYPE, "python-psycopg", "read-new", TEMPLATES).code();

        assertTrue(code.contains("SELECT = \"SELECT CAST(\\\"50%% of\\\" AS jsonb) AS \\\"50%% of\\\" FROM"), code);
        assertTrue(code.contains("conn.execute(SELECT, (key1, key2), prepare=True)"), code);
        assertTrue(code.contains("(Jsonb(column_50_of), key1, key2), prepare=True)"), code);
    }

    static Stream<DualWrite> changeTypes() {
        return Stream.of(CHANGE_TYPE, AWKWARD_CHANGE_TYPE);
    }

    /** The code without its leading comment lines. */
    private static String body(String code) {
        return code.lines().dropWhile(l -> l.startsWith("//") || l.startsWith("#")).collect(
                java.util.stream.Collectors.joining("\n"));
    }

    @Test
    void jpaWriteBothCopiesTheOldFieldIntoTheNewOneForARename() {
        String code = DualWriteCode.render(UsersRenamePlan.dualWrite(), "java-jpa", "write-both", TEMPLATES).code();

        assertTrue(code.contains("@PrePersist\n    @PreUpdate\n    void strataWriteBoth() {\n        handle = username;"),
                code);
    }

    private static String className(String code) {
        int at = code.indexOf("final class ") + "final class ".length();
        return code.substring(at, code.indexOf(' ', at));
    }

    private static List<String> compile(String className, String source) {
        return compile(Map.of(className, source));
    }

    /** Compiles sources by their file path without extension. */
    private static List<String> compile(Map<String, String> sources) {
        var compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "tests run on a JDK");
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        List<JavaFileObject> files = new ArrayList<>();
        sources.forEach((path, source) -> files.add(
                new SimpleJavaFileObject(URI.create("string:///" + path + ".java"), JavaFileObject.Kind.SOURCE) {
                    @Override
                    public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                        return source;
                    }
                }));
        var standard = compiler.getStandardFileManager(diagnostics, null, null);
        // Compile only; class files are discarded.
        var manager = new javax.tools.ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind,
                    javax.tools.FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return OutputStream.nullOutputStream();
                    }
                };
            }
        };
        boolean ok = compiler.getTask(null, manager, diagnostics, List.of("-proc:none", "-Xlint:none"), null,
                files).call();
        List<String> errors = new ArrayList<>();
        diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                .forEach(d -> errors.add(d.getLineNumber() + ": " + d.getMessage(null)));
        if (!ok && errors.isEmpty()) {
            errors.add("compilation failed");
        }
        return errors;
    }
}
