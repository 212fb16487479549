package dev.strata.testing.generate;

import dev.strata.catalog.CatalogReader;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.IndexKey;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.model.Trigger;
import dev.strata.model.View;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;
import dev.strata.sql.TypeNames;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins every {@link CanonicalSql} template to what {@link CatalogReader} reads back from real PostgreSQL, so the
 * generators cannot drift from the pulled model (including the reader's own conventions, such as dropping the
 * parentheses PostgreSQL wraps around checks, predicates, generated and index expressions). Names are
 * deliberately awkward to check the quoting inside expressions.
 */
class CanonicalExpressionsTest {

    private static final String SCHEMA = "my schema";
    private static final String TABLE = "Typed \"t\" ☃";
    private static final DataType MOOD = DataType.userDefined(SCHEMA, "Mood");
    private static final String SEQUENCE = "say \"hi\" sq";

    private static List<DataType> types() {
        List<DataType> types = new ArrayList<>(ColumnTypes.BUILTINS);
        types.add(MOOD);
        return types;
    }

    private static String column(int i) {
        return "col " + i + " \"q\" é";
    }

    private static String table() {
        return Identifiers.qualified(SCHEMA, TABLE);
    }

    /** A database with the schema, the enum, a sequence and a table holding one column per type. */
    private static TestDatabase fixture(int major) {
        TestDatabase db = TestPostgres.newDatabase(major);
        db.execute("ALTER DATABASE " + db.name() + " SET search_path = ''");
        List<String> columns = new ArrayList<>();
        List<DataType> types = types();
        for (int i = 0; i < types.size(); i++) {
            columns.add(Identifiers.quote(column(i)) + " " + TypeNames.sql(types.get(i)));
        }
        db.execute(
                "CREATE SCHEMA " + Identifiers.quote(SCHEMA),
                "CREATE TYPE " + TypeNames.sql(MOOD) + " AS ENUM (" + Literals.quote("it's") + ", 'ok')",
                "CREATE SEQUENCE " + Identifiers.qualified(SCHEMA, SEQUENCE),
                "CREATE TABLE " + table() + " (" + String.join(", ", columns) + ")");
        return db;
    }

    /** The schema as the catalog reader pulls it. */
    private static Schema pulled(TestDatabase db) {
        try (Connection connection = db.connect()) {
            return CatalogReader.read(connection, List.of(SCHEMA)).catalog().schema(SCHEMA).orElseThrow();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Table pulledTable(TestDatabase db, String table) {
        return pulled(db).table(table).orElseThrow();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void defaultsAreReadBackAsWritten(int major) {
        try (var db = fixture(major)) {
            List<String> expected = new ArrayList<>();
            List<String> columns = new ArrayList<>();
            for (DataType type : types()) {
                List<String> defaults = type.equals(MOOD)
                        ? List.of(CanonicalSql.enumDefault(MOOD, "it's"))
                        : CanonicalSql.defaults(type);
                for (String d : defaults) {
                    columns.add(Identifiers.quote("d " + expected.size()) + " " + TypeNames.sql(type) + " DEFAULT " + d);
                    expected.add(d);
                }
            }
            String nextval = CanonicalSql.nextval(SCHEMA, SEQUENCE);
            columns.add("serial_like bigint DEFAULT " + nextval);
            expected.add(nextval);
            db.execute("CREATE TABLE " + Identifiers.qualified(SCHEMA, "defaults") + " (" + String.join(", ", columns) + ")");

            assertEquals(expected, pulledTable(db, "defaults").columns().stream()
                    .map(c -> c.defaultValue().orElseThrow()).toList());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void checksAreReadBackAsWritten(int major) {
        try (var db = fixture(major)) {
            List<String> expected = new ArrayList<>();
            List<DataType> types = types();
            for (int i = 0; i < types.size(); i++) {
                for (String check : CanonicalSql.checks(column(i), types.get(i))) {
                    String name = String.format("c%03d", expected.size());
                    db.execute("ALTER TABLE " + table() + " ADD CONSTRAINT " + name + " CHECK (" + check + ")");
                    expected.add(check);
                }
            }
            assertEquals(expected, pulledTable(db, TABLE).checks().stream().map(c -> c.expression()).toList());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void generationExpressionsAreReadBackAsWritten(int major) {
        try (var db = fixture(major)) {
            List<String> expected = new ArrayList<>();
            List<DataType> types = types();
            for (int i = 0; i < types.size(); i++) {
                Optional<String> generated = CanonicalSql.generated(column(i), types.get(i));
                if (generated.isPresent()) {
                    db.execute("ALTER TABLE " + table() + " ADD COLUMN " + Identifiers.quote("gen " + i) + " "
                            + TypeNames.sql(types.get(i)) + " GENERATED ALWAYS AS (" + generated.get() + ") STORED");
                    expected.add(generated.get());
                }
            }
            assertEquals(expected, pulledTable(db, TABLE).columns().stream()
                    .flatMap(c -> c.generatedAs().stream()).toList());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void indexKeyExpressionsAreReadBackAsWritten(int major) {
        try (var db = fixture(major)) {
            List<String> expected = new ArrayList<>();
            List<DataType> types = types();
            for (int i = 0; i < types.size(); i++) {
                Optional<String> key = CanonicalSql.indexExpression(column(i), types.get(i));
                if (key.isPresent()) {
                    db.execute("CREATE INDEX " + String.format("k%03d", expected.size()) + " ON " + table() + " ((" + key.get() + "))");
                    expected.add(key.get());
                }
            }
            assertEquals(expected, pulledTable(db, TABLE).indexes().stream()
                    .map(i -> ((IndexKey.ExpressionTarget) i.keys().get(0).target()).sql()).toList());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void partialIndexPredicatesAreReadBackAsWritten(int major) {
        try (var db = fixture(major)) {
            List<String> expected = new ArrayList<>();
            List<DataType> types = types();
            for (int i = 0; i < types.size(); i++) {
                for (String predicate : CanonicalSql.predicates(column(i), types.get(i))) {
                    db.execute("CREATE INDEX " + String.format("p%03d", expected.size()) + " ON " + table()
                            + " (" + Identifiers.quote(column(0)) + ") WHERE (" + predicate + ")");
                    expected.add(predicate);
                }
            }
            assertEquals(expected, pulledTable(db, TABLE).indexes().stream().map(i -> i.where().orElseThrow()).toList());
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void viewDefinitionsAreReadBackAsWritten(int major) {
        try (var db = fixture(major)) {
            db.execute("CREATE TABLE " + Identifiers.qualified(SCHEMA, "order") + " (id integer, \"user\" text)");
            List<String> expected = List.of(
                    CanonicalSql.viewDefinition(major, SCHEMA, TABLE, List.of(column(0)), Optional.empty()),
                    CanonicalSql.viewDefinition(major, SCHEMA, TABLE, List.of(column(3), column(1), column(15)), Optional.of(column(2))),
                    CanonicalSql.viewDefinition(major, SCHEMA, "order", List.of("user", "id"), Optional.of("user")));
            for (int i = 0; i < expected.size(); i++) {
                db.execute("CREATE VIEW " + Identifiers.qualified(SCHEMA, "v" + i) + " AS " + expected.get(i));
            }
            Schema schema = pulled(db);
            List<String> pulled = new ArrayList<>();
            for (int i = 0; i < expected.size(); i++) {
                pulled.add(schema.view("v" + i).map(View::definition).orElseThrow());
            }
            assertEquals(expected, pulled);
        }
    }

    /**
     * A domain column is the case CI found: {@code old.c IS DISTINCT FROM new.c} comes back with casts to the base
     * type, so the generator writes another condition for it.
     */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void triggerConditionsAreReadBackAsWritten(int major) {
        try (var db = fixture(major)) {
            DataType domain = DataType.userDefined(SCHEMA, "Menge");
            db.execute("CREATE DOMAIN " + TypeNames.sql(domain) + " AS bigint DEFAULT 0 NOT NULL",
                    "ALTER TABLE " + table() + " ADD COLUMN " + Identifiers.quote("of domain") + " " + TypeNames.sql(domain),
                    "CREATE FUNCTION " + Identifiers.qualified(SCHEMA, "pass") + "() RETURNS trigger LANGUAGE plpgsql"
                            + " AS $$BEGIN RETURN NEW; END$$");
            List<String> expected = new ArrayList<>();
            for (Column c : pulledTable(db, TABLE).columns()) {
                for (Set<Trigger.Event> events : List.of(Set.of(Trigger.Event.UPDATE), Set.of(Trigger.Event.INSERT),
                        Set.of(Trigger.Event.DELETE))) {
                    String when = Kinds.when(events, c).orElseThrow();
                    db.execute("CREATE TRIGGER " + String.format("w%03d", expected.size()) + " BEFORE "
                            + events.iterator().next() + " ON " + table() + " FOR EACH ROW WHEN (" + when + ")"
                            + " EXECUTE FUNCTION " + Identifiers.qualified(SCHEMA, "pass") + "()");
                    expected.add(when);
                }
            }
            assertEquals(expected, pulled(db).objects(Trigger.KIND).stream()
                    .map(o -> (Trigger) o).sorted(java.util.Comparator.comparing(Trigger::name))
                    .map(t -> t.when().orElseThrow()).toList());
        }
    }

    /** A NULL default of a domain argument: PostgreSQL reaches a domain over varchar(40) or numeric(12,2) through its base. */
    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void nullArgumentDefaultsOfDomainsAreReadBackAsWritten(int major) {
        try (var db = fixture(major)) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < Kinds.DOMAIN_BASES.size(); i++) {
                DataType domain = DataType.userDefined(SCHEMA, "dom " + i);
                String type = TypeNames.sql(domain);
                String nul = CanonicalSql.nullOf(type, Optional.of(Kinds.DOMAIN_BASES.get(i)));
                db.execute("CREATE DOMAIN " + type + " AS " + TypeNames.sql(Kinds.DOMAIN_BASES.get(i)),
                        "CREATE FUNCTION " + Identifiers.qualified(SCHEMA, String.format("f%02d", i)) + "(x " + type
                                + " DEFAULT " + nul + ") RETURNS integer LANGUAGE sql AS 'SELECT 1'");
                expected.add(nul);
            }
            assertEquals(expected, pulled(db).objects("function").stream()
                    .map(o -> (dev.strata.model.Routine) o).sorted(java.util.Comparator.comparing(dev.strata.model.Routine::name))
                    .map(r -> r.arguments().getFirst().defaultValue().orElseThrow()).toList());
        }
    }
}
