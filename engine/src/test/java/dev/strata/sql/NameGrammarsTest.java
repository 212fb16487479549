package dev.strata.sql;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Operator classes, collations and exclusion operators reach SQL as names and operators, nothing else. */
class NameGrammarsTest {

    @ParameterizedTest
    @ValueSource(strings = {"text_pattern_ops", "public.my_ops", "\"My Ops\"", "\"s.x\".\"a\"\"b\"", "naïve_ops", "x$1"})
    void operatorClassNamesAreNameOrSchemaDotName(String name) {
        assertEquals(Optional.empty(), QualifiedNames.problem(name), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"int4_ops; DROP TABLE victim", "a.b.c", "a.", ".a", "\"\"", "\"open", "1ops", "a b",
            "int4_ops DESC", "a\\b", "x--y", "a . b", "x/* */", "U&\"d\\0061t\"", "\"a\u0000\""})
    void anythingElseIsRefused(String name) {
        assertTrue(QualifiedNames.problem(name).isPresent(), name);
    }

    @Test
    void everyPartIsQuotedWhateverTheText() {
        assertEquals("text_pattern_ops", QualifiedNames.sql("text_pattern_ops"));
        assertEquals("public.\"My Ops\"", QualifiedNames.sql("public.\"My Ops\""));
        assertEquals("\"int4_ops; DROP TABLE victim\"", QualifiedNames.sql("int4_ops; DROP TABLE victim"));
        assertEquals("\"C\"", QualifiedNames.sql("C"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"=", "&&", "<->", "public.===", "OPERATOR(pg_catalog.=)", "operator( public.&& )", "\"My S\".=",
            "@>", "-|-"})
    void exclusionOperatorsAreOperatorSymbolsOptionallySchemaQualified(String op) {
        assertEquals(Optional.empty(), OperatorNames.problem(op), op);
    }

    @ParameterizedTest
    @ValueSource(strings = {"=) ; DROP TABLE victim; --", "= --", "&& /* */", "x", "=;", "OPERATOR(=", "a.b.=", "", "= ="})
    void otherOperatorTextIsRefused(String op) {
        assertTrue(OperatorNames.problem(op).isPresent(), op);
    }

    @Test
    void aQualifiedOperatorKeepsItsSymbolAndQuotesItsSchema() {
        assertEquals("&&", OperatorNames.sql("&&"));
        assertEquals("pg_catalog.=", OperatorNames.sql("OPERATOR(pg_catalog.=)"));
        assertEquals("\"My S\".===", OperatorNames.sql("\"My S\".==="));
    }
}
