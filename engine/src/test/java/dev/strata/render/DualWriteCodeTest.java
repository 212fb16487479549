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
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DualWriteCodeTest {

    private static final Templates TEMPLATES = Templates.builtIn();

    private static final DualWrite CHANGE_TYPE = new DualWrite(DualWrite.Kind.CHANGE_TYPE,
            QualifiedName.of("public", "orders"), List.of("id"), "amount", DataType.builtin("integer"),
            "amount_new", DataType.builtin("numeric", 12, 2), "amount", "amount::numeric(12,2)",
            Optional.of("amount_new::integer"));

    // Names that must be quoted in SQL and escaped in Java and Python; a composite key; JSON and bytea types.
    private static final DualWrite AWKWARD = new DualWrite(DualWrite.Kind.DERIVED_COLUMN,
            QualifiedName.of("Sales", "say \"hi\""), List.of("Région", "key"), "say \"hi\"",
            DataType.builtin("bytea"), "50% of\\u000a", DataType.builtin("jsonb"), "50% of\\u000a",
            "to_jsonb(encode(\"say \"\"hi\"\"\", 'hex'))", Optional.empty());

    static Stream<DualWrite> dualWrites() {
        return Stream.of(UsersRenamePlan.dualWrite(), CHANGE_TYPE, AWKWARD);
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
            assertEquals(List.of(), compile(className(code), code), code);
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
            assertEquals(List.of(), compile("Entity", source), source);
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
        String code = DualWriteCode.render(CHANGE_TYPE, "java-jdbc", "write-both", TEMPLATES).code();

        assertTrue(code.contains("import java.math.BigDecimal;"), code);
        assertTrue(code.contains("static void insert(Connection connection, Integer amount, BigDecimal amountNew)"),
                code);
        assertTrue(code.contains("static Integer read(Connection connection, Object key)"), code);
    }

    @Test
    void readNewReadsTheNewColumnWithItsType() {
        String code = DualWriteCode.render(CHANGE_TYPE, "java-jdbc", "read-new", TEMPLATES).code();

        assertTrue(code.contains("\"SELECT amount_new FROM public.orders WHERE id = ?\""), code);
        assertTrue(code.contains("rows.getObject(1, BigDecimal.class)"), code);
    }

    @Test
    void stopWritingOldSaysWhenContractRenamesTheNewColumn() {
        String code = DualWriteCode.render(CHANGE_TYPE, "python-psycopg", "stop-writing-old", TEMPLATES).code();

        assertTrue(code.contains("# CONTRACT renames amount_new to amount; switch the column name in this code"),
                code);
        assertTrue(code.contains("INSERT = \"INSERT INTO public.orders (amount_new) VALUES (%s)\""), code);
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
        var compiler = ToolProvider.getSystemJavaCompiler();
        assertNotNull(compiler, "tests run on a JDK");
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        var file = new SimpleJavaFileObject(URI.create("string:///" + className + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
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
                List.of(file)).call();
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
