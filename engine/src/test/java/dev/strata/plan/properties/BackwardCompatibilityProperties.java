package dev.strata.plan.properties;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.QualifiedName;
import dev.strata.model.Table;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.sql.Identifiers;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.testing.generate.ChangePairs;
import dev.strata.testing.generate.ChangePairs.ChangePair;
import dev.strata.testing.generate.SampleData;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * After EXPAND and after BACKFILL the old application's reads and writes still work, and what it
 * wrote after EXPAND is in the new shape after BACKFILL and after CONTRACT.
 */
class BackwardCompatibilityProperties {

    private static final int OLD_APP_ROW = 1000;
    private static final int OLD_APP_UPDATE = 2000;
    private static final int LATE_ROW = 3000;

    @Provide
    Arbitrary<ChangePair> pairs() {
        return ChangePairs.pairs();
    }

    @Property(tries = 8, maxDiscardRatio = 200)
    void oldApplicationKeepsWorkingOnPostgres14(@ForAll("pairs") ChangePair pair) {
        oldApplicationKeepsWorking(pair, 14);
    }

    @Property(tries = 8, maxDiscardRatio = 200)
    void oldApplicationKeepsWorkingOnPostgres18(@ForAll("pairs") ChangePair pair) {
        oldApplicationKeepsWorking(pair, 18);
    }

    private static void oldApplicationKeepsWorking(ChangePair pair, int major) {
        Plan plan = PlanHarness.planOrSkip(pair, major);
        Survivors survivors = Survivors.of(pair);
        String report = PlanHarness.describe(pair, plan);
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            PlanHarness.createCurrent(db, pair);
            run(db, plan, Phase.EXPAND, report);
            oldApplication(db, pair, OLD_APP_ROW, OLD_APP_UPDATE, true, "after EXPAND", report);
            Survivors.Snapshot written = survivors.readCurrent(db);
            run(db, plan, Phase.BACKFILL, report);
            oldApplication(db, pair, LATE_ROW, LATE_ROW + 1, false, "after BACKFILL", report);
            Catalog midway = PlanHarness.pull(db, pair);
            assertEquals(written, PlanHarness.reporting(() -> survivors.readNewShapeMidway(db, midway, plan), "reading the new shape after BACKFILL", report),
                    () -> "old-application writes are not in the new shape after BACKFILL\n" + report);
            backfilledColumnsHoldTheirExpression(db, pair, midway, "after BACKFILL", report);
            run(db, plan, Phase.CONTRACT, report);
            assertEquals(written, PlanHarness.reporting(() -> survivors.readDesired(db), "reading the desired shape after CONTRACT", report),
                    () -> "old-application writes are not in the new shape after CONTRACT\n" + report);
            backfilledColumnsHoldTheirExpression(db, pair, PlanHarness.pull(db, pair), "after CONTRACT", report);
        }
    }

    private static void run(TestDatabase db, Plan plan, Phase phase, String report) {
        try {
            StepRunner.runPhase(db, plan, phase);
        } catch (IllegalStateException e) {
            throw new AssertionError(phase + " failed: " + e.getMessage() + "\n" + report, e);
        }
    }

    /**
     * For every current table: SELECT every current column, INSERT a row giving every writable
     * column, UPDATE the first row. Committed when {@code keep}, else rolled back (a check that the
     * statements work that leaves no trace for later phases).
     */
    private static void oldApplication(TestDatabase db, ChangePair pair, int insertRow, int updateRow, boolean keep,
            String when, String report) {
        Catalog current = pair.current();
        for (Table table : SampleData.parentsFirst(current)) {
            QualifiedName name = QualifiedName.of(ChangePairs.SCHEMA, table.name());
            List<String> statements = new ArrayList<>();
            statements.add("SELECT " + Identifiers.list(table.columns().stream().map(Column::name).toList())
                    + " FROM " + Identifiers.qualified(name));
            statements.add(SampleData.insert(current, name, table, insertRow));
            updatable(table).ifPresent(c -> statements.add("UPDATE " + Identifiers.qualified(name) + " SET "
                    + Identifiers.quote(c.name()) + " = " + SampleData.literal(current, table, c, updateRow)
                    + " WHERE " + SampleData.keyText(table) + " = (SELECT min(" + SampleData.keyText(table) + ") FROM "
                    + Identifiers.qualified(name) + ")"));
            try (Connection c = db.connect()) {
                c.setAutoCommit(false);
                try (var st = c.createStatement()) {
                    for (String sql : statements) {
                        try {
                            st.execute(sql);
                        } catch (SQLException e) {
                            throw new AssertionError("old application statement failed " + when + ": " + sql + "\n  "
                                    + e.getMessage() + "\n" + report, e);
                        }
                    }
                }
                if (keep) {
                    c.commit();
                } else {
                    c.rollback();
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static java.util.Optional<Column> updatable(Table table) {
        return SampleData.writable(table).stream()
                .filter(c -> table.primaryKey().map(pk -> !pk.columns().contains(c.name())).orElse(true))
                .filter(c -> table.foreignKeys().stream().noneMatch(f -> f.columns().contains(c.name())))
                .findFirst();
    }

    /** Columns added NOT NULL with a backfill expression hold that expression on every row. */
    private static void backfilledColumnsHoldTheirExpression(TestDatabase db, ChangePair pair, Catalog pulled, String when, String report) {
        for (Table desired : pair.desired().schema(ChangePairs.SCHEMA).orElseThrow().tables()) {
            for (Column c : desired.columns()) {
                if (c.backfill().isEmpty()) {
                    continue;
                }
                String physical = pulled.table(QualifiedName.of(ChangePairs.SCHEMA, desired.name())).isPresent()
                        ? desired.name()
                        : desired.renamedFrom().orElse(desired.name());
                String sql = "SELECT count(*) FROM " + Identifiers.qualified(ChangePairs.SCHEMA, physical) + " WHERE "
                        + Identifiers.quote(c.name()) + " IS DISTINCT FROM (" + c.backfill().get() + ")";
                List<List<String>> differing;
                try {
                    differing = db.query(sql);
                } catch (IllegalStateException e) {
                    throw new AssertionError("cannot check backfilled column " + c.name() + " " + when + ": " + e.getMessage() + "\n" + report, e);
                }
                assertEquals(List.of(List.of("0")), differing,
                        () -> "rows whose backfilled column " + c.name() + " differs from its expression " + when + "\n" + report);
            }
        }
    }
}
