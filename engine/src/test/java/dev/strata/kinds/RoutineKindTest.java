package dev.strata.kinds;

import dev.strata.catalog.CatalogReader;
import dev.strata.connect.ConnectionSettings;
import dev.strata.ddl.CreateDdl;
import dev.strata.diagnostics.Diagnostic;
import dev.strata.diagnostics.InvalidInputException;
import dev.strata.diff.ExpressionEquality;
import dev.strata.model.Catalog;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Phase;
import dev.strata.plan.Plan;
import dev.strata.plan.PlanRequest;
import dev.strata.plan.Planner;
import dev.strata.plan.PlanningException;
import dev.strata.plan.Step;
import dev.strata.scratch.ScratchDatabase;
import dev.strata.scratch.ServerCheck;
import dev.strata.testing.StepRunner;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaFiles;
import dev.strata.yaml.SchemaWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Functions and procedures, managed as a whole: pulled, written, built, created, replaced and dropped on real servers. */
class RoutineKindTest {

    private static Catalog yaml(String content) {
        return SchemaFiles.parse(Map.of("public/s.yaml", content)).catalog();
    }

    private static Catalog read(TestDatabase db) throws SQLException {
        try (var c = db.connect()) {
            return CatalogReader.read(c, List.of("public")).catalog();
        }
    }

    private static Plan plan(Catalog current, Catalog desired, int major) {
        return Planner.plan(new PlanRequest(current, desired, major, Map.of(), "test", List.of(), ExpressionEquality.TEXTUAL));
    }

    private static List<String> sql(Plan plan, Phase phase) {
        return plan.steps(phase).stream().flatMap(s -> ((DdlStep) s).sql().stream()).toList();
    }

    private static String value(TestDatabase db, String query) {
        return db.query(query).getFirst().getFirst();
    }

    private static final String[] ROUTINES = {
            "CREATE TABLE items (id integer PRIMARY KEY, name text, active boolean NOT NULL DEFAULT true,"
                    + " updated timestamptz)",
            """
            CREATE FUNCTION add_tax(amount numeric, rate numeric DEFAULT 0.2, label text DEFAULT 'net')
            RETURNS numeric LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
            BEGIN
              RETURN amount * (1 + rate);
            END
            $$""",
            "CREATE FUNCTION split_name(full_name text, OUT first text, OUT last text) LANGUAGE sql IMMUTABLE"
                    + " AS $$ SELECT split_part(full_name, ' ', 1), split_part(full_name, ' ', 2) $$",
            "CREATE FUNCTION active_ids() RETURNS SETOF integer LANGUAGE sql STABLE ROWS 50"
                    + " AS $$ SELECT id FROM public.items WHERE active $$",
            "CREATE FUNCTION item_names(min_id integer DEFAULT 1) RETURNS TABLE(id integer, \"Name\" text)"
                    + " LANGUAGE sql AS $$ SELECT i.id, i.name FROM public.items i WHERE i.id >= min_id $$",
            "CREATE FUNCTION whoami() RETURNS text LANGUAGE sql STABLE SECURITY DEFINER COST 5"
                    + " SET search_path = public, pg_temp SET work_mem = '8MB' AS 'SELECT current_user::text'",
            "CREATE FUNCTION total(VARIADIC parts integer[]) RETURNS integer LANGUAGE sql"
                    + " AS 'SELECT sum(p)::integer FROM unnest(parts) p'",
            "CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.updated := now(); RETURN NEW; END$$",
            "COMMENT ON FUNCTION touch() IS 'sets updated'",
            """
            CREATE PROCEDURE archive_items(before_id integer, INOUT moved integer DEFAULT 0) LANGUAGE plpgsql AS $$
            BEGIN
              DELETE FROM public.items WHERE id < before_id;
              GET DIAGNOSTICS moved = ROW_COUNT;
            END
            $$""",
            "CREATE AGGREGATE longest(text) (SFUNC = textcat, STYPE = text)"
    };

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void pulledFunctionsAndProceduresAreWrittenBuiltAndPulledBackByteIdentical(int major) throws SQLException {
        try (TestDatabase source = TestPostgres.newDatabase(major); TestDatabase copy = TestPostgres.newDatabase(major)) {
            source.execute(ROUTINES);
            Catalog pulled = read(source);
            var files = SchemaWriter.files(pulled);
            System.out.println(files.get("public/_functions.yaml"));
            System.out.println(files.get("public/_procedures.yaml"));
            assertEquals(pulled, SchemaFiles.parse(files).catalog());
            copy.execute(CreateDdl.script(SchemaFiles.parse(files).catalog()));
            assertEquals(files, SchemaWriter.files(read(copy)));
            assertTrue(plan(read(source), SchemaFiles.parse(files).catalog(), major).isEmpty());
        }
    }
}
