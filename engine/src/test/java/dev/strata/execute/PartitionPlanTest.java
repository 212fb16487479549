package dev.strata.execute;

import dev.strata.plan.DdlStep;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanningException;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.LoadedSchema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.List;

import static dev.strata.execute.ExecutorFixture.desired;
import static dev.strata.execute.ExecutorFixture.yaml;
import static dev.strata.execute.ExecutorFixture.yes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Partitions planned and applied on real servers, each plan re-planned empty afterwards: a partitioned table created
 * with its partitions, a partition added to a live parent (created alone, then attached) and dropped from one, an index built on a partitioned parent
 * partition by partition, a bound changed; a new partition key refused.
 */
class PartitionPlanTest {

    private static final String PARENT = """
            tables:
              events:
                partition_by: RANGE (occurred)
                columns:
                  id: { type: bigint, nullable: false }
                  occurred: { type: date, nullable: false }
                  payload: jsonb
                %s
              events_2026:
                partition_of: { table: events, bound: "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')" }
              events_rest:
                partition_of: { table: events, bound: DEFAULT }
            %s
            """;

    private static final String Y2025 = """
              events_2025:
                partition_of: { table: events, bound: "FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')" }
            """;

    /** A RANGE-partitioned table without a DEFAULT partition, and more partitions in {@code %s}. */
    private static final String NO_DEFAULT = """
            tables:
              events:
                partition_by: RANGE (occurred)
                columns:
                  id: { type: bigint, nullable: false }
                  occurred: { type: date, nullable: false }
              events_2026:
                partition_of: { table: events, bound: "FOR VALUES FROM ('2026-01-01') TO ('2027-01-01')" }
            %s
            """;

    private static LoadedSchema schema(String indexes, String more) {
        return yaml(PARENT.formatted(indexes, more));
    }

    private static Plan plan(TestDatabase db, LoadedSchema schema) throws Exception {
        try (Connection c = db.connect()) {
            return PlanService.plan(c, schema, "test");
        }
    }

    private static void applyAndReplanEmpty(TestDatabase db, LoadedSchema schema) throws Exception {
        ExecutorFixture.apply(db, yes().withAllowBlocking(true).withAllowDataLoss(true), desired(schema),
                PhaseSelection.ALL);
        Plan again = plan(db, schema);
        assertTrue(again.isEmpty(), "re-planned: " + again.steps());
    }

    private static List<String> sql(Plan plan) {
        return plan.steps().stream().flatMap(s -> ((DdlStep) s).sql().stream()).toList();
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void partitionedTableIsCreatedWithItsPartitionsAndIndex(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            LoadedSchema schema = schema("indexes: [{ columns: [payload], method: gin }]", "");
            Plan plan = plan(db, schema);
            assertTrue(sql(plan).stream().anyMatch(s -> s.contains("PARTITION BY RANGE (occurred)")), sql(plan).toString());
            assertTrue(sql(plan).stream().anyMatch(s -> s.contains("PARTITION OF public.events DEFAULT")), sql(plan).toString());
            applyAndReplanEmpty(db, schema);
            assertEquals(List.of(List.of("events_2026"), List.of("events_rest")), db.query(
                    "SELECT relname FROM pg_class WHERE relispartition AND relkind = 'r' ORDER BY 1"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void partitionAddedToALiveParentIsCreatedAloneAndAttachedScanningTheDefaultPartition(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, schema("", ""));
            db.execute("INSERT INTO events VALUES (1, '2026-03-01', '{}'), (2, '2030-01-01', NULL)");
            LoadedSchema after = schema("", Y2025);
            Plan plan = plan(db, after);
            DdlStep create = (DdlStep) plan.steps().stream().filter(s -> s.summary().contains("events_2025")).findFirst().orElseThrow();
            assertTrue(create.locks().stream().anyMatch(l -> l.target().name().name().equals("events")
                    && l.mode() == dev.strata.plan.LockMode.SHARE_UPDATE_EXCLUSIVE), create.locks().toString());
            assertTrue(create.sql().contains("ALTER TABLE public.events ATTACH PARTITION public.events_2025"
                    + " FOR VALUES FROM ('2025-01-01') TO ('2026-01-01')"), create.sql().toString());
            assertTrue(create.locks().stream().anyMatch(l -> l.target().name().name().equals("events_rest")
                    && l.work() == dev.strata.plan.TableWork.SCAN), create.locks().toString());
            applyAndReplanEmpty(db, after);
            db.execute("INSERT INTO events VALUES (3, '2025-06-01', NULL)");
            assertEquals(List.of(List.of("1")), db.query("SELECT count(*) FROM events_2025"));
        }
    }

    /** The DEFAULT partition is dropped in CONTRACT: when EXPAND attaches the new partition, it is still there to scan. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void partitionAddedWhileTheDefaultPartitionIsDroppedStillScansTheDefaultPartition(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, schema("", ""));
            db.execute("INSERT INTO events VALUES (1, '2026-03-01', '{}'), (2, '2030-01-01', NULL)");
            String withoutDefault = PARENT.formatted("", Y2025)
                    .replace("  events_rest:\n    partition_of: { table: events, bound: DEFAULT }\n", "");
            LoadedSchema after = yaml(withoutDefault);
            Plan plan = plan(db, after);
            DdlStep create = (DdlStep) plan.steps().stream().filter(s -> s.summary().contains("events_2025")).findFirst().orElseThrow();
            assertTrue(create.locks().stream().anyMatch(l -> l.target().name().name().equals("events_rest")
                    && l.work() == dev.strata.plan.TableWork.SCAN), create.locks().toString());
            assertTrue(plan.steps().stream().anyMatch(s -> s.summary().contains("detach partition public.events_rest")),
                    plan.steps().toString());
            applyAndReplanEmpty(db, after);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void droppedPartitionIsDetachedConcurrentlyWithoutADefaultPartitionThenKept(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, yaml(NO_DEFAULT.formatted(Y2025)));
            db.execute("INSERT INTO events VALUES (1, '2025-03-01'), (2, '2026-03-01')");
            LoadedSchema after = yaml(NO_DEFAULT.formatted(""));
            Plan plan = plan(db, after);
            assertTrue(sql(plan).contains("ALTER TABLE public.events DETACH PARTITION public.events_2025 CONCURRENTLY"),
                    sql(plan).toString());
            applyAndReplanEmpty(db, after);
            assertEquals(List.of(List.of("1")), db.query("SELECT count(*) FROM events"));
            assertEquals(List.of(List.of("1")), db.query("SELECT count(*) FROM pg_class c JOIN pg_namespace n"
                    + " ON n.oid = c.relnamespace WHERE n.nspname = 'strata_archive'"), "the dropped partition is kept");
        }
    }

    /**
     * A detach cancelled in its second transaction (here by a statement timeout while an older snapshot holds the
     * partition) leaves it pending, and PostgreSQL refuses a second {@code DETACH … CONCURRENTLY}: apply finalizes it.
     */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void partitionLeftPendingByAnInterruptedDetachIsFinalizedByApply(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, yaml(NO_DEFAULT.formatted(Y2025)));
            db.execute("INSERT INTO events VALUES (1, '2025-03-01'), (2, '2026-03-01')");
            try (Connection reader = db.connect(); Connection detacher = db.connect()) {
                reader.setAutoCommit(false);
                try (var st = reader.createStatement()) {
                    st.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
                    st.executeQuery("SELECT count(*) FROM events").close();
                }
                try (var st = detacher.createStatement()) {
                    st.execute("SET statement_timeout = '500ms'");
                    assertThrows(java.sql.SQLException.class,
                            () -> st.execute("ALTER TABLE events DETACH PARTITION events_2025 CONCURRENTLY"));
                }
                reader.rollback();
            }
            assertEquals(List.of(List.of("true")), db.query("SELECT inhdetachpending::text FROM pg_inherits"
                    + " WHERE inhrelid = 'events_2025'::regclass"));
            LoadedSchema after = yaml(NO_DEFAULT.formatted(""));
            applyAndReplanEmpty(db, after);
            assertEquals(List.of(List.of("0")), db.query("SELECT count(*) FROM pg_inherits WHERE inhparent = 'events'::regclass"
                    + " AND inhdetachpending"));
            assertEquals(List.of(List.of("1")), db.query("SELECT count(*) FROM events"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void indexOnAPartitionedParentIsBuiltOnlyThenConcurrentlyPerPartitionNewOneIncludedAndAttached(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, schema("", ""));
            db.execute("INSERT INTO events VALUES (1, '2026-03-01', '{}'), (2, '2030-01-01', NULL)");
            LoadedSchema after = schema("indexes: [{ columns: [payload], method: gin }]", Y2025);
            List<String> sql = sql(plan(db, after));
            assertTrue(sql.stream().anyMatch(s -> s.startsWith("CREATE INDEX IF NOT EXISTS events_payload_idx ON ONLY public.events")), sql.toString());
            assertTrue(sql.stream().anyMatch(s -> s.startsWith("CREATE INDEX CONCURRENTLY IF NOT EXISTS events_2026_payload_idx ON public.events_2026")), sql.toString());
            assertTrue(sql.contains("ALTER INDEX public.events_payload_idx ATTACH PARTITION public.events_2026_payload_idx"), sql.toString());
            applyAndReplanEmpty(db, after);
            assertEquals(List.of(List.of("true")), db.query("SELECT indisvalid::text FROM pg_index WHERE indexrelid = 'public.events_payload_idx'::regclass"));
            assertEquals(List.of(List.of("3")), db.query("SELECT count(*) FROM pg_inherits WHERE inhparent = 'public.events_payload_idx'::regclass"),
                    "the partitions' indexes, the new partition's too, are attached");
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void changedBoundDetachesAndAttachesAgain(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, schema("", ""));
            db.execute("INSERT INTO events VALUES (1, '2026-03-01', '{}')");
            LoadedSchema after = yaml(PARENT.formatted("", "").replace("TO ('2027-01-01')", "TO ('2028-01-01')"));
            List<String> sql = sql(plan(db, after));
            assertEquals(List.of("ALTER TABLE public.events DETACH PARTITION public.events_2026",
                    "ALTER TABLE public.events ATTACH PARTITION public.events_2026 FOR VALUES FROM ('2026-01-01') TO ('2028-01-01')"), sql);
            applyAndReplanEmpty(db, after);
            assertEquals(List.of(List.of("1")), db.query("SELECT count(*) FROM events_2026"));
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void newPartitionKeyIsRefusedWithOneLine(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            ExecutorFixture.create(db, schema("", ""));
            LoadedSchema after = yaml(PARENT.formatted("", "").replace("RANGE (occurred)", "RANGE (id)")
                    .replace("'2026-01-01'", "0").replace("'2027-01-01'", "100"));
            PlanningException e = assertThrows(PlanningException.class, () -> plan(db, after));
            assertTrue(e.getMessage().contains("table public.events would change from partitioned by RANGE (occurred) to"
                    + " partitioned by RANGE (id), which PostgreSQL cannot do in place"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void attachedPartitionOfAParentWithAKeyAndACheckMatchesOneMadeWithPartitionOf(int major) throws Exception {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            String keyed = """
                    tables:
                      readings:
                        partition_by: LIST (region)
                        columns:
                          id: { type: bigint, nullable: false }
                          region: { type: text, nullable: false }
                          value: { type: integer, default: '0' }
                        primary_key: [region, id]
                        checks: [{ name: value_positive, expression: value >= 0 }]
                      readings_eu:
                        partition_of: { table: readings, bound: "FOR VALUES IN ('eu')" }
                    %s
                    """;
            ExecutorFixture.create(db, yaml(keyed.formatted("")));
            LoadedSchema after = yaml(keyed.formatted("""
                      readings_us:
                        partition_of: { table: readings, bound: "FOR VALUES IN ('us')" }
                        columns:
                          value: { type: integer, default: '10', nullable: false }
                    """));
            assertTrue(sql(plan(db, after)).stream().anyMatch(s -> s.contains("ATTACH PARTITION public.readings_us")));
            applyAndReplanEmpty(db, after);
            // A partition's own default applies to rows inserted into it directly (through the parent, the parent's).
            db.execute("INSERT INTO readings_us (id, region) VALUES (1, 'us')");
            assertEquals(List.of(List.of("10")), db.query("SELECT value FROM readings_us"));
        }
    }
}
