package dev.strata.kinds;

import dev.strata.ddl.PolicyStatement;
import dev.strata.ddl.RowLevelSecurityStatement;
import dev.strata.model.ObjectName;
import dev.strata.model.Policy;
import dev.strata.model.QualifiedName;
import dev.strata.model.RowLevelSecurity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Policy statements and comparisons without a database. */
class PolicyStatementTest {

    private static final QualifiedName TABLE = QualifiedName.of("App", "my notes");

    private static Policy policy(List<String> roles, String using) {
        return new Policy("my notes", "Own", Policy.Command.UPDATE, false, roles, Optional.of(using),
                Optional.of("true"), Optional.empty());
    }

    @Test
    void namesAreQuotedAndDefaultsLeftOut() {
        assertEquals("CREATE POLICY \"Own\" ON \"App\".\"my notes\" AS RESTRICTIVE FOR UPDATE TO \"A\", b"
                        + " USING (x = 1) WITH CHECK (true)",
                new PolicyStatement.Create(TABLE, policy(List.of("b", "A", "b"), "x = 1")).render());
        assertEquals("CREATE POLICY p ON \"App\".\"my notes\" USING (true)", new PolicyStatement.Create(TABLE,
                new Policy("my notes", "p", Policy.Command.ALL, true, List.of(), Optional.of("true"), Optional.empty(),
                        Optional.empty())).render());
        assertEquals("ALTER POLICY \"Own\" ON \"App\".\"my notes\" TO PUBLIC USING (x = 2) WITH CHECK (true)",
                PolicyStatement.Alter.to(TABLE, policy(List.of(), "x = 2")).render());
        assertEquals("COMMENT ON POLICY p ON \"App\".\"my notes\" IS 'it''s'",
                new PolicyStatement.Comment(TABLE, "p", Optional.of("it's")).render());
    }

    @Test
    void rowLevelSecurityNamesOnlyTheSwitchesThatChange() {
        assertEquals("ALTER TABLE \"App\".\"my notes\" ENABLE ROW LEVEL SECURITY, FORCE ROW LEVEL SECURITY",
                new RowLevelSecurityStatement(TABLE, RowLevelSecurity.OFF, RowLevelSecurity.FORCED).render());
        assertEquals("ALTER TABLE \"App\".\"my notes\" NO FORCE ROW LEVEL SECURITY",
                new RowLevelSecurityStatement(TABLE, RowLevelSecurity.FORCED, RowLevelSecurity.ENABLED).render());
    }

    @Test
    void rolesAreASetAndExpressionsCompareWithWhiteSpaceCollapsed() {
        assertTrue(policy(List.of("b", "a"), "x  =\n 1").satisfiedBy(policy(List.of("a", "b"), "x = 1"), String::equals));
        assertFalse(policy(List.of("a"), "x = 1").satisfiedBy(policy(List.of("a", "b"), "x = 1"), String::equals));
        assertFalse(policy(List.of(), "x = 1").satisfiedBy(policy(List.of(), "(x = 1)"), String::equals));
    }

    @Test
    void aPolicyNeedsItsTableAndTheColumnsItsExpressionsMayRead() {
        assertEquals(List.of(ObjectName.of(ObjectName.TABLE, TABLE), ObjectName.column(TABLE, "owner_id"),
                        ObjectName.column(TABLE, "true")),
                List.copyOf(policy(List.of(), "owner_id = 1").needs("App")));
    }

    @Test
    void alterPolicyCannotChangeTheCommandOrKindNorRemoveAnExpression() {
        Policy p = policy(List.of(), "x = 1");
        assertTrue(policy(List.of("a"), "x = 2").alterableFrom(p));
        assertFalse(new Policy("my notes", "Own", Policy.Command.ALL, false, List.of(), Optional.of("x = 1"),
                Optional.of("true"), Optional.empty()).alterableFrom(p));
        assertFalse(new Policy("my notes", "Own", Policy.Command.UPDATE, false, List.of(), Optional.of("x = 1"),
                Optional.empty(), Optional.empty()).alterableFrom(p));
    }
}
