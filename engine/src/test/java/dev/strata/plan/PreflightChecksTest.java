package dev.strata.plan;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.DataType;
import dev.strata.model.QualifiedName;
import dev.strata.yaml.SchemaFiles;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which preflight checks a plan needs, derived from the diff's changes as values (no database). */
class PreflightChecksTest {

    private static Catalog catalog(String yaml) {
        return SchemaFiles.parse(Map.of("s.yaml", "schema: public\n" + yaml)).catalog();
    }

    private static List<PreflightCheck> checks(String before, String after) {
        return Planner.plan(new PlanRequest(catalog(before), catalog(after), 18, Map.of(), "test", List.of(),
                ExpressionEquality.TEXTUAL)).preflight().checks();
    }

    private static final String USERS = """
            tables:
              users:
                columns: { id: { type: bigint, nullable: false }, username: text, age: integer }
                primary_key: [id]
            """;

    @Test
    void aRenamedColumnMadeNotNullIsCheckedUnderItsCurrentName() {
        List<PreflightCheck> checks = checks(USERS, """
                tables:
                  users:
                    columns:
                      id: { type: bigint, nullable: false }
                      handle: { type: text, nullable: false, renamed_from: username }
                      age: integer
                    primary_key: [id]
                    checks: ["age >= 0"]
                """);
        QualifiedName users = QualifiedName.of("public", "users");
        RowSource rows = new RowSource(users, users, List.of("id"), Map.of("handle", "username"), List.of(
                new RowSource.Kept("id", DataType.builtin("bigint"), "id"),
                new RowSource.Kept("handle", DataType.builtin("text"), "username"),
                new RowSource.Kept("age", DataType.builtin("integer"), "age")));
        assertEquals(List.of(new PreflightCheck.NotNull(rows, "handle"), new PreflightCheck.Check(rows, "users_age_check", "age >= 0")),
                checks);
    }

    @Test
    void aTypeChangeThatMayNotFitIsAConversionCheckAndAWideningIsNone() {
        List<PreflightCheck> checks = checks(USERS, """
                tables:
                  users:
                    columns: { id: { type: bigint, nullable: false }, username: "varchar(8)", age: bigint }
                    primary_key: [id]
                """);
        assertEquals(1, checks.size(), checks.toString());
        PreflightCheck.Conversion c = (PreflightCheck.Conversion) checks.getFirst();
        assertEquals("conversion of username from text to character varying(8)", c.describe());
        assertEquals(Optional.empty(), c.using());
        assertEquals(Phase.BACKFILL, c.phase());
    }

    @Test
    void aNewTableAndADroppedOneNeedNoCheck() {
        assertEquals(List.of(), checks(USERS, USERS.replace("users:", "members:")));
    }

    @Test
    void aForeignKeyToANewTableHasNoParentRowsToCheckAgainst() {
        List<PreflightCheck> checks = checks(USERS, USERS + """
                    foreign_keys: [{ columns: [age], references: { table: ages } }]
                  ages:
                    columns: { id: { type: integer, nullable: false } }
                    primary_key: [id]
                """);
        assertEquals(1, checks.size(), checks.toString());
        assertEquals(Optional.empty(), ((PreflightCheck.ForeignKey) checks.getFirst()).parent());
    }

    @Test
    void aPrimaryKeyChecksItsColumnsForNullAndDuplicates() {
        List<PreflightCheck> checks = checks("""
                tables:
                  codes:
                    columns: { code: text }
                """, """
                tables:
                  codes:
                    columns: { code: { type: text, nullable: false } }
                    primary_key: [code]
                """);
        assertEquals(List.of("NOT NULL code", "PRIMARY KEY codes_pkey"), checks.stream().map(PreflightCheck::describe).toList());
    }
}
