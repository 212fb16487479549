package dev.strata.plan.properties;

import dev.strata.model.QualifiedName;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.LockTarget;
import dev.strata.plan.Plan;
import dev.strata.plan.Step;
import dev.strata.plan.TableWork;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.testing.generate.ChangePairs;
import dev.strata.testing.generate.ChangePairs.ChangePair;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Lock annotations are what PostgreSQL really does: observed in {@code pg_locks} before COMMIT, and
 * rewrites seen as a changed {@code relfilenode}.
 */
class LockTruthProperties {

    // A materialized view emptied (REFRESH … WITH NO DATA) gets a new, empty file: a new relfilenode, but no row is
    // written, so it is no rewrite (docs/locks.md#materialized-views: catalog only).
    private static final String RELATIONS = "SELECT c.oid, c.relname, c.relfilenode, c.relkind = 'm' AND NOT c.relispopulated"
            + " FROM pg_class c"
            + " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'm', 'v', 'S', 'f')";
    private static final String LOCKS = "SELECT c.oid, c.relname, l.mode FROM pg_locks l JOIN pg_class c ON c.oid = l.relation"
            + " WHERE l.pid = pg_backend_pid() AND l.locktype = 'relation' AND l.granted"
            + " AND c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'm', 'v', 'S', 'f')";
    // A type is locked as an object of class pg_type (ALTER TYPE, COMMENT ON TYPE, DROP TYPE). Read by oid, not
    // joined to pg_type: a type the step dropped has no row any more, one it created has a new oid.
    private static final String TYPE_LOCKS = "SELECT l.objid, l.mode FROM pg_locks l"
            + " WHERE l.pid = pg_backend_pid() AND l.locktype = 'object' AND l.classid = 'pg_type'::regclass AND l.granted";
    // The enums before a step, by oid, with their array types under the enum's name (DROP TYPE locks both). A
    // table's row type goes with the table and its lock, so it is not listed.
    private static final String ENUMS = "SELECT t.oid, t.typname, t.typarray FROM pg_type t"
            + " WHERE t.typnamespace = 'public'::regnamespace AND t.typtype = 'e'";

    @Provide
    Arbitrary<ChangePair> pairs() {
        return ChangePairs.pairs();
    }

    @Property(tries = 8, maxDiscardRatio = 200)
    void annotationsAreTruthfulOnPostgres14(@ForAll("pairs") ChangePair pair) {
        annotationsAreTruthful(pair, 14);
    }

    @Property(tries = 8, maxDiscardRatio = 200)
    void annotationsAreTruthfulOnPostgres18(@ForAll("pairs") ChangePair pair) {
        annotationsAreTruthful(pair, 18);
    }

    record Relation(long oid, String name, long filenode, boolean emptyMaterializedView) {}

    private static void annotationsAreTruthful(ChangePair pair, int major) {
        Plan plan = PlanHarness.planOrSkip(pair, major);
        String report = PlanHarness.describe(pair, plan);
        List<String> problems = new ArrayList<>();
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            PlanHarness.createCurrent(db, pair);
            for (Step step : plan.steps()) {
                Map<Long, Relation> before = relations(db);
                Map<Long, String> enumsBefore = enums(db);
                Map<Long, Set<LockMode>> observed = new HashMap<>();
                Map<String, Long> namesDuring = new HashMap<>();
                Map<String, Set<LockMode>> typesObserved = new HashMap<>();
                if (step instanceof DdlStep ddl && ddl.transactional()) {
                    runObserving(db, ddl, observed, namesDuring, enumsBefore, typesObserved, report);
                    checkLocks(ddl, before, observed, namesDuring, problems);
                    checkTypeLocks(ddl, before, observed, typesObserved, problems);
                } else {
                    try {
                        StepRunner.run(db, step);
                    } catch (IllegalStateException e) {
                        throw new AssertionError(e.getMessage() + "\n" + report, e);
                    }
                }
                Map<Long, Relation> after = relations(db);
                checkRewrites(step, before, after, plan.violations().isEmpty(), problems);
            }
        }
        if (!problems.isEmpty()) {
            fail("lock annotations are not truthful:\n  " + String.join("\n  ", problems) + "\n" + report);
        }
    }

    private static void runObserving(TestDatabase db, DdlStep ddl, Map<Long, Set<LockMode>> observed,
            Map<String, Long> namesDuring, Map<Long, String> enumsBefore, Map<String, Set<LockMode>> typesObserved,
            String report) {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (var st = c.createStatement()) {
                for (String sql : ddl.sql()) {
                    try {
                        st.execute(sql);
                    } catch (SQLException e) {
                        throw new AssertionError("step " + ddl.id() + " failed: " + e.getMessage() + "\n" + report, e);
                    }
                }
                try (var rs = st.executeQuery(LOCKS)) {
                    while (rs.next()) {
                        observed.computeIfAbsent(rs.getLong(1), k -> EnumSet.noneOf(LockMode.class)).add(mode(rs.getString(3)));
                        namesDuring.put(rs.getString(2), rs.getLong(1));
                    }
                }
                try (var rs = st.executeQuery(TYPE_LOCKS)) {
                    while (rs.next()) {
                        String type = enumsBefore.get(rs.getLong(1));
                        if (type != null) { // else made by this step: nobody can wait for it yet
                            typesObserved.computeIfAbsent(type, k -> EnumSet.noneOf(LockMode.class)).add(mode(rs.getString(2)));
                        }
                    }
                }
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void checkLocks(DdlStep ddl, Map<Long, Relation> before, Map<Long, Set<LockMode>> observed,
            Map<String, Long> namesDuring, List<String> problems) {
        for (var entry : observed.entrySet()) {
            long oid = entry.getKey();
            if (!before.containsKey(oid)) {
                continue; // made by this step: no application uses it yet
            }
            List<LockHold> annotated = ddl.locks().stream()
                    .filter(h -> h.target() instanceof LockTarget.Relation(var relation)
                            && oidOf(relation, before, namesDuring).map(o -> o == oid).orElse(false))
                    .toList();
            for (LockMode mode : entry.getValue()) {
                boolean mustBeAnnotated = mode.blocksReads() || mode.blocksWrites() || !annotated.isEmpty();
                if (mustBeAnnotated && annotated.stream().noneMatch(h -> covers(h.mode(), mode))) {
                    Statistics.label("lock findings").collect("missing or weaker annotation");
                    problems.add(ddl.id() + " (" + ddl.summary() + ") takes " + mode.sql() + " on " + before.get(oid).name()
                            + " but is annotated " + annotated.stream().map(h -> h.mode().sql()).toList());
                }
            }
        }
    }

    /**
     * Every lock on an enum that existed before the step is annotated exactly as observed (the type, the mode), and a
     * step annotated with type locks only takes no lock on any existing table: that is what lets it say reads and
     * writes continue.
     */
    private static void checkTypeLocks(DdlStep ddl, Map<Long, Relation> before, Map<Long, Set<LockMode>> observed,
            Map<String, Set<LockMode>> typesObserved, List<String> problems) {
        Map<String, Set<LockMode>> annotated = new HashMap<>();
        for (LockHold h : ddl.locks()) {
            if (h.target() instanceof LockTarget.Type(var type) && type.schema().equals(ChangePairs.SCHEMA)) {
                annotated.computeIfAbsent(type.name(), k -> EnumSet.noneOf(LockMode.class)).add(h.mode());
            }
        }
        Set<String> types = new TreeSet<>(annotated.keySet());
        types.addAll(typesObserved.keySet());
        for (String type : types) {
            Set<LockMode> seen = typesObserved.getOrDefault(type, Set.of());
            Set<LockMode> stated = annotated.getOrDefault(type, Set.of());
            if (!seen.equals(stated)) {
                Statistics.label("lock findings").collect("type lock not as annotated");
                problems.add(ddl.id() + " (" + ddl.summary() + ") is annotated " + stated + " on type " + type
                        + " but takes " + seen + " on it");
            }
        }
        if (annotated.isEmpty()) {
            return;
        }
        boolean typesOnly = ddl.locks().stream().allMatch(h -> h.target() instanceof LockTarget.Type);
        for (var entry : observed.entrySet()) {
            if (typesOnly && before.containsKey(entry.getKey())) {
                problems.add(ddl.id() + " (" + ddl.summary() + ") locks only a type by its annotation but takes "
                        + entry.getValue() + " on " + before.get(entry.getKey()).name());
            }
        }
    }

    private static void checkRewrites(Step step, Map<Long, Relation> before, Map<Long, Relation> after,
            boolean noViolations, List<String> problems) {
        for (Relation b : before.values()) {
            Relation a = after.get(b.oid());
            if (a == null || a.filenode() == b.filenode() || b.filenode() == 0 || a.emptyMaterializedView()) {
                continue;
            }
            if (step instanceof DdlStep ddl) {
                ddl.locks().stream()
                        .filter(h -> h.work() == TableWork.CATALOG_ONLY && (h.mode().blocksReads() || h.mode().blocksWrites()))
                        .filter(h -> h.target() instanceof LockTarget.Relation(var relation)
                                && (relation.name().equals(b.name()) || relation.name().equals(a.name())))
                        .forEach(h -> problems.add(step.id() + " (" + step.summary() + ") is annotated CATALOG_ONLY on "
                                + h.target().name() + " but rewrote it (relfilenode changed)"));
            }
            if (noViolations) {
                problems.add(step.id() + " (" + step.summary() + ") rewrote " + b.name()
                        + " although the plan has no lock-policy violations");
            }
        }
    }

    private static Optional<Long> oidOf(QualifiedName relation, Map<Long, Relation> before, Map<String, Long> namesDuring) {
        if (!relation.schema().equals(ChangePairs.SCHEMA)) {
            return Optional.empty();
        }
        return before.values().stream().filter(r -> r.name().equals(relation.name())).map(Relation::oid).findFirst()
                .or(() -> Optional.ofNullable(namesDuring.get(relation.name())));
    }

    /** Whether holding {@code annotated} blocks at least everything {@code observed} blocks. */
    static boolean covers(LockMode annotated, LockMode observed) {
        for (LockMode other : LockMode.values()) {
            if (observed.conflictsWith(other) && !annotated.conflictsWith(other)) {
                return false;
            }
        }
        return true;
    }

    /** {@code AccessExclusiveLock} → {@link LockMode#ACCESS_EXCLUSIVE}. */
    static LockMode mode(String pgLocksMode) {
        String name = pgLocksMode.replaceAll("Lock$", "").replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
        return LockMode.valueOf(name);
    }

    private static Map<Long, String> enums(TestDatabase db) {
        Map<Long, String> out = new HashMap<>();
        for (List<String> row : db.query(ENUMS)) {
            out.put(Long.parseLong(row.get(0)), row.get(1));
            out.put(Long.parseLong(row.get(2)), row.get(1));
        }
        return out;
    }

    private static Map<Long, Relation> relations(TestDatabase db) {
        Map<Long, Relation> out = new HashMap<>();
        for (List<String> row : db.query(RELATIONS)) {
            long oid = Long.parseLong(row.get(0));
            out.put(oid, new Relation(oid, row.get(1), Long.parseLong(row.get(2)), "t".equals(row.get(3))));
        }
        return out;
    }
}
