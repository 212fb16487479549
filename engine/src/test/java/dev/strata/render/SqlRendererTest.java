package dev.strata.render;

import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.PrimaryKey;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The per-phase SQL files bound catalog-only steps with statement_timeout as apply does, and still run as written. */
class SqlRendererTest {

    private static Catalog catalog(Table table) {
        return new Catalog(List.of(Schema.named("public").withTables(List.of(table))));
    }

    private static Table t(List<Column> columns, List<CheckConstraint> checks) {
        return Table.of("t", columns).withPrimaryKey(Optional.of(new PrimaryKey("t_pkey", List.of("id")))).withChecks(checks);
    }

    private static final List<Column> BEFORE = List.of(Column.of("id", DataType.builtin("bigint")).withNullable(false),
            Column.of("name", DataType.builtin("text")));
    private static final Catalog CURRENT = catalog(t(BEFORE, List.of()));
    private static final Catalog DESIRED = catalog(t(List.of(BEFORE.get(0), BEFORE.get(1), Column.of("note", DataType.builtin("text"))),
            List.of(new CheckConstraint("t_name_check", "(name <> ''::text)", false))));

    private static Plan plan(int major) {
        return Planner.plan(new PlanRequest(CURRENT, DESIRED, major, Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void catalogOnlyStepsRunUnderTheStatementTimeoutAndScansUnderNoneAndTheFilesRun(int major) {
        var files = SqlRenderer.files(plan(major), 1000, Duration.ZERO, Duration.ofSeconds(60));
        String expand = files.get("01_expand.sql");
        String contract = files.get("03_contract.sql");

        assertTrue(expand.contains("BEGIN;\nSET LOCAL statement_timeout = '60000ms';\nALTER TABLE public.t ADD COLUMN IF NOT EXISTS note text;\nCOMMIT;"), expand);
        assertTrue(contract.contains("BEGIN;\nSET LOCAL statement_timeout = '60000ms';\nALTER TABLE public.t ADD CONSTRAINT t_name_check"), contract);
        assertTrue(contract.contains("BEGIN;\nSET LOCAL statement_timeout = 0;\nALTER TABLE public.t VALIDATE CONSTRAINT t_name_check;\nCOMMIT;"), contract);

        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("CREATE TABLE public.t (id bigint PRIMARY KEY, name text)", "INSERT INTO public.t VALUES (1, 'a')");
            db.execute(expand);
            db.execute(contract);
            assertEquals(List.of(List.of("t")), db.query("SELECT convalidated FROM pg_constraint WHERE conname = 't_name_check'"));
        }
    }

    @Test
    void aFileOfAPlanForANewerServerRefusesToRunBeforeItsFirstStatement() {
        String expand = SqlRenderer.files(plan(18), 1000, Duration.ZERO, Duration.ofSeconds(60)).get("01_expand.sql");

        try (TestDatabase db = TestPostgres.newDatabase(14)) {
            db.execute("CREATE TABLE public.t (id bigint PRIMARY KEY, name text)");
            var refused = assertThrows(RuntimeException.class, () -> db.execute(expand));
            assertTrue(refused.getMessage().contains("this plan is for PostgreSQL 18 or later (server: 14."), refused.toString());
            assertEquals(List.of(), db.query("SELECT attname FROM pg_attribute WHERE attrelid = 'public.t'::regclass AND attname = 'note'"));
        }
    }

    @Test
    void aPlanForTheOldestSupportedServerChecksNoVersion() {
        assertFalse(SqlRenderer.files(plan(14), 1000, Duration.ZERO, Duration.ofSeconds(60)).get("01_expand.sql")
                .contains("server_version_num"));
    }
}
