package dev.strata.expr;

import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Grounds the equivalence rules in what PostgreSQL really prints: each expression is written the way a
 * user writes it in YAML, stored by a real server, read back with {@code pg_get_expr} under an empty
 * search_path, and must compare equal to the user's form.
 */
class EquivalenceAgainstPostgresTest {

    /** Check constraint name to the user's expression. */
    private static final Map<String, String> CHECKS = new LinkedHashMap<>();
    /** Column name to the user's default. */
    private static final Map<String, String> DEFAULTS = new LinkedHashMap<>();
    /** Index name to the user's key expression or predicate. */
    private static final Map<String, String> INDEX_EXPRESSIONS = new LinkedHashMap<>();

    static {
        CHECKS.put("numeric_literal_cast", "price >= 0");
        CHECKS.put("varchar_text_cast", "status <> 'cancelled'");
        CHECKS.put("in_list_text", "kind IN ('a', 'b')");
        CHECKS.put("in_list_varchar", "status IN ('new', 'paid')");
        CHECKS.put("not_in_list", "kind NOT IN ('x', 'y')");
        CHECKS.put("between_range", "qty BETWEEN 1 AND 10");
        CHECKS.put("negative_number", "qty > -1");
        CHECKS.put("bang_equals", "qty != 5");
        CHECKS.put("regex_match", "email ~ '^[^@]+@[^@]+$'");
        CHECKS.put("regex_insensitive", "email ~* '@EXAMPLE'");
        CHECKS.put("like_pattern", "email LIKE '%@%'");
        CHECKS.put("not_ilike_pattern", "email NOT ILIKE '%spam%'");
        CHECKS.put("distinct_from", "kind IS DISTINCT FROM 'z'");
        CHECKS.put("boolean_column", "NOT discontinued");
        CHECKS.put("coalesce_and_or", "coalesce(qty, 0) >= 0 AND (price > 0 OR discontinued)");
        CHECKS.put("case_when", "CASE WHEN discontinued THEN qty = 0 ELSE true END");
        CHECKS.put("quoted_identifier", "\"First Name\" <> ''");
        CHECKS.put("concat_length", "length(kind || 'x') < 100");
        CHECKS.put("is_not_null", "email IS NOT NULL OR kind = 'guest'");
        CHECKS.put("enum_literal", "state <> 'archived'");
        CHECKS.put("interval_literal", "valid_for >= interval '30 days'");
        CHECKS.put("any_array", "qty = ANY (ARRAY[1, 2, 3])");
        // The server folds only A-Z of a bare name: ÄRA is the column "Ära".
        CHECKS.put("non_ascii_bare_name", "ÄRA > 0");

        DEFAULTS.put("price", "0");
        DEFAULTS.put("code", "'US'");
        DEFAULTS.put("invoice_no", "nextval('invoice_number')");
        DEFAULTS.put("created_at", "now()");
        DEFAULTS.put("updated_at", "CURRENT_TIMESTAMP");
        DEFAULTS.put("state", "'pending'");
        DEFAULTS.put("tags", "ARRAY[]::text[]");
        DEFAULTS.put("labels", "'{}'");
        DEFAULTS.put("qty", "-1");
        DEFAULTS.put("ratio", "1.5e3");
        DEFAULTS.put("id", "gen_random_uuid()");
        DEFAULTS.put("status", "'new'");
        DEFAULTS.put("note", "'it''s'");
        DEFAULTS.put("valid_for", "interval '30 days'");
        DEFAULTS.put("day", "CURRENT_DATE");

        INDEX_EXPRESSIONS.put("lower_email", "lower(email)");
        INDEX_EXPRESSIONS.put("day_of_creation", "date_trunc('day', logged_at)");
        INDEX_EXPRESSIONS.put("partial_active", "status <> 'cancelled' AND NOT discontinued");
    }

    private static final String DDL = """
            CREATE TYPE public.order_status AS ENUM ('pending', 'archived');
            CREATE SEQUENCE public.invoice_number;
            CREATE TABLE public.t (
              id uuid DEFAULT gen_random_uuid(),
              price numeric DEFAULT 0,
              code char(2) DEFAULT 'US',
              invoice_no bigint DEFAULT nextval('invoice_number'),
              created_at timestamptz DEFAULT now(),
              updated_at timestamptz DEFAULT CURRENT_TIMESTAMP,
              state public.order_status DEFAULT 'pending',
              tags text[] DEFAULT ARRAY[]::text[],
              labels text[] DEFAULT '{}',
              qty integer DEFAULT -1,
              ratio numeric DEFAULT 1.5e3,
              status varchar(20) DEFAULT 'new',
              note text DEFAULT 'it''s',
              valid_for interval DEFAULT interval '30 days',
              day date DEFAULT CURRENT_DATE,
              logged_at timestamp,
              kind text,
              email text,
              discontinued boolean,
              "First Name" text,
              "Ära" integer
            );
            """;

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void userFormsEqualWhatTheServerPrints(int major) throws SQLException {
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            db.execute("SET search_path = public", DDL);
            for (var check : CHECKS.entrySet()) {
                db.execute("SET search_path = public; ALTER TABLE public.t ADD CONSTRAINT " + check.getKey()
                        + " CHECK (" + check.getValue() + ")");
            }
            db.execute("SET search_path = public; CREATE INDEX lower_email ON public.t (lower(email))",
                    "SET search_path = public; CREATE INDEX day_of_creation ON public.t ((date_trunc('day', logged_at)))",
                    "SET search_path = public; CREATE INDEX partial_active ON public.t (id) WHERE "
                            + INDEX_EXPRESSIONS.get("partial_active"));

            Map<String, String> server = serverForms(db);
            var context = new Equivalence.Context(Optional.of("public"), Set.of("status"));
            Map<String, String> expected = new LinkedHashMap<>();
            CHECKS.forEach((name, sql) -> expected.put("check " + name, sql));
            DEFAULTS.forEach((name, sql) -> expected.put("default " + name, sql));
            INDEX_EXPRESSIONS.forEach((name, sql) -> expected.put("index " + name, sql));
            assertEquals(expected.keySet(), server.keySet());
            assertAll(expected.entrySet().stream().map(e -> () -> {
                String printed = server.get(e.getKey());
                assertTrue(Equivalence.same(e.getValue(), printed, context),
                        e.getKey() + ": '" + e.getValue() + "' vs server '" + printed + "'\n  normalized "
                                + Equivalence.normalize(e.getValue(), context) + "\n  vs         "
                                + Equivalence.normalize(printed, context));
            }));
        }
    }

    private static Map<String, String> serverForms(TestDatabase db) throws SQLException {
        Map<String, String> forms = new LinkedHashMap<>();
        try (var c = db.connect(); var st = c.createStatement()) {
            st.execute("SET search_path = ''");
            try (var rs = st.executeQuery("""
                    SELECT 'check ' || conname, pg_get_expr(conbin, conrelid) FROM pg_constraint
                     WHERE conrelid = 'public.t'::regclass AND contype = 'c'
                    UNION ALL
                    SELECT 'default ' || a.attname, pg_get_expr(d.adbin, d.adrelid) FROM pg_attrdef d
                      JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum
                     WHERE d.adrelid = 'public.t'::regclass
                    UNION ALL
                    SELECT 'index ' || c.relname,
                           coalesce(pg_get_expr(i.indpred, i.indrelid), pg_get_indexdef(i.indexrelid, 1, false))
                      FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                     WHERE i.indrelid = 'public.t'::regclass
                    """)) {
                while (rs.next()) {
                    forms.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return forms;
    }
}
