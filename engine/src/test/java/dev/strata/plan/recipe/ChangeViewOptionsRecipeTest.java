package dev.strata.plan.recipe;

import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.View;
import dev.strata.model.ViewOptions;
import dev.strata.model.ViewOptions.CheckOption;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanningException;
import dev.strata.plan.TableWork;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static dev.strata.plan.recipe.ColumnRecipeFixtures.*;
import static dev.strata.testing.TestCatalogs.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A view's options ({@code security_barrier}, {@code security_invoker}, {@code check_option}): created with the view,
 * read back from {@code reloptions}, and a change of them alone planned as {@code ALTER VIEW … SET / RESET (…)}
 * (docs/locks.md#view-options).
 */
class ChangeViewOptionsRecipeTest {

    private static final QualifiedName V = QualifiedName.of("public", "v");
    private static final String RELOPTIONS = "SELECT coalesce(array_to_string(reloptions, ','), '') FROM pg_class"
            + " WHERE oid = 'public.v'::regclass";
    private static final ViewOptions INVOKER_LOCAL = new ViewOptions(false, true, CheckOption.LOCAL);
    private static final ViewOptions BARRIER_CASCADED = new ViewOptions(true, false, CheckOption.CASCADED);

    private static Catalog withView(ViewOptions options) {
        return catalog(pub().withTables(List.of(table("t")))
                .withViews(List.of(new View("v", "SELECT id, name FROM public.t WHERE id > 0", Optional.empty(), options))));
    }

    /** The pulled catalog with the view's options replaced: the same query text, so only the options differ. */
    private static Catalog withOptions(Catalog pulled, ViewOptions options) {
        Schema s = pulled.schemas().getFirst();
        return new Catalog(List.of(s.withViews(s.views().stream().map(v -> v.withOptions(options)).toList())));
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void alterViewSetOptionsTakesAccessExclusiveOnTheViewAloneAndLeavesItsTableUnlocked(int major) throws SQLException {
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(withView(ViewOptions.NONE)));
            try (Connection conn = db.connect(); Statement st = conn.createStatement()) {
                conn.setAutoCommit(false);
                st.execute("ALTER VIEW public.v SET (security_barrier=true, check_option=local)");
                List<String> held = new ArrayList<>();
                try (var rs = st.executeQuery("SELECT relation::regclass::text || ' ' || mode FROM pg_locks"
                        + " WHERE locktype = 'relation' AND pid = pg_backend_pid() AND granted"
                        + " AND relation IN ('public.v'::regclass, 'public.t'::regclass) ORDER BY 1")) {
                    while (rs.next()) {
                        held.add(rs.getString(1));
                    }
                }
                conn.commit();
                assertEquals(List.of("v AccessExclusiveLock"), held);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void aViewIsCreatedWithItsOptionsAndPulledBackWithThem(int major) {
        ViewOptions options = major >= 15 ? INVOKER_LOCAL : BARRIER_CASCADED;
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(withView(options)));
            assertEquals(List.of(major >= 15 ? "check_option=local,security_invoker=true"
                    : "check_option=cascaded,security_barrier=true"), rows(db, RELOPTIONS));
            assertEquals(options, pull(db).schemas().getFirst().view("v").orElseThrow().options());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void optionsAloneChangeInOneCatalogOnlyAlterViewThatItsInverseTakesBack(int major) {
        ViewOptions to = major >= 15 ? INVOKER_LOCAL : BARRIER_CASCADED;
        try (var db = TestPostgres.newDatabase(major)) {
            db.execute(CreateDdl.script(withView(new ViewOptions(true, false, CheckOption.NONE))));
            Catalog current = pull(db);
            Catalog desired = withOptions(current, to);
            Plan plan = plan(current, desired, major);
            List<DdlStep> steps = ddl(plan);
            assertEquals(1, steps.size(), ids(plan).toString());
            DdlStep step = steps.getFirst();
            assertEquals(List.of(major >= 15
                    ? "ALTER VIEW public.v SET (check_option=local, security_invoker=true), RESET (security_barrier)"
                    : "ALTER VIEW public.v SET (check_option=cascaded)"), step.sql());
            assertEquals(List.of(new LockHold(V, LockMode.ACCESS_EXCLUSIVE, TableWork.CATALOG_ONLY)), step.locks());
            assertEquals(List.of(), plan.violations());
            StepRunner.runAll(db, plan);
            assertConverged(db, desired);
            StepRunner.runDdl(db, step.inverseSql().orElseThrow(), step.transactional());
            assertEquals(List.of("security_barrier=true"), rows(db, RELOPTIONS));
        }
    }

    @Test
    void securityInvokerIsRefusedForPostgres14WhichHasNoSuchOption() {
        var e = assertThrows(PlanningException.class,
                () -> plan(withView(ViewOptions.NONE), withView(INVOKER_LOCAL), 14));
        assertTrue(e.reasons().getFirst().startsWith("view public.v declares security_invoker"), e.reasons().toString());
        assertDoesNotThrow(() -> plan(withView(ViewOptions.NONE), withView(INVOKER_LOCAL), 15));
    }
}
