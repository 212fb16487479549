package dev.strata.testing.generate;

import dev.strata.model.DataType;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;
import dev.strata.sql.TypeNames;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins every {@link CanonicalSql} template to the text real PostgreSQL prints back (search_path = ''), so the
 * generators cannot drift from what the catalog reader will see. Names are deliberately awkward to check the
 * quoting inside expressions.
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

    private static String regclass(String table) {
        return Literals.quote(Identifiers.qualified(SCHEMA, table)) + "::regclass";
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

    private static List<String> column0(List<List<String>> rows) {
        return rows.stream().map(r -> r.get(0)).toList();
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void defaultsArePrintedBackAsWritten(int major) {
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

            assertEquals(expected, column0(db.query(
                    "SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = " + regclass("defaults") + " ORDER BY adnum")));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void checksArePrintedBackAsWritten(int major) {
        try (var db = fixture(major)) {
            List<String> expected = new ArrayList<>();
            List<DataType> types = types();
            for (int i = 0; i < types.size(); i++) {
                for (String check : CanonicalSql.checks(column(i), types.get(i))) {
                    String name = String.format("c%03d", expected.size());
                    db.execute("ALTER TABLE " + table() + " ADD CONSTRAINT " + name + " CHECK (" + check + ")");
                    expected.add("CHECK (" + check + ")");
                }
            }
            assertEquals(expected, column0(db.query("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = "
                    + regclass(TABLE) + " AND contype = 'c' ORDER BY conname")));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void generationExpressionsArePrintedBackAsWritten(int major) {
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
            assertEquals(expected, column0(db.query("SELECT pg_get_expr(adbin, adrelid) FROM pg_attrdef WHERE adrelid = "
                    + regclass(TABLE) + " ORDER BY adnum")));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void indexKeyExpressionsArePrintedBackAsWritten(int major) {
        try (var db = fixture(major)) {
            List<String> expected = new ArrayList<>();
            List<DataType> types = types();
            for (int i = 0; i < types.size(); i++) {
                Optional<String> key = CanonicalSql.indexExpression(column(i), types.get(i));
                if (key.isPresent()) {
                    db.execute("CREATE INDEX " + String.format("k%03d", expected.size()) + " ON " + table() + " (" + key.get() + ")");
                    expected.add(key.get());
                }
            }
            assertEquals(expected, column0(db.query("SELECT pg_get_indexdef(indexrelid, 1, true) FROM pg_index i "
                    + "JOIN pg_class c ON c.oid = i.indexrelid WHERE indrelid = " + regclass(TABLE) + " ORDER BY c.relname")));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void partialIndexPredicatesArePrintedBackAsWritten(int major) {
        try (var db = fixture(major)) {
            List<String> expected = new ArrayList<>();
            List<DataType> types = types();
            for (int i = 0; i < types.size(); i++) {
                for (String predicate : CanonicalSql.predicates(column(i), types.get(i))) {
                    db.execute("CREATE INDEX " + String.format("p%03d", expected.size()) + " ON " + table()
                            + " (" + Identifiers.quote(column(0)) + ") WHERE " + predicate);
                    expected.add(predicate);
                }
            }
            assertEquals(expected, column0(db.query("SELECT pg_get_expr(indpred, indrelid) FROM pg_index i "
                    + "JOIN pg_class c ON c.oid = i.indexrelid WHERE indrelid = " + regclass(TABLE) + " ORDER BY c.relname")));
        }
    }

    @ParameterizedTest(name = "PostgreSQL {0}")
    @ValueSource(ints = {14, 18})
    void viewDefinitionsArePrintedBackAsWrittenOnceTrimmed(int major) {
        try (var db = fixture(major)) {
            db.execute("CREATE TABLE " + Identifiers.qualified(SCHEMA, "order") + " (id integer, \"user\" text)");
            List<String> expected = List.of(
                    CanonicalSql.viewDefinition(major, SCHEMA, TABLE, List.of(column(0)), Optional.empty()),
                    CanonicalSql.viewDefinition(major, SCHEMA, TABLE, List.of(column(3), column(1), column(15)), Optional.of(column(2))),
                    CanonicalSql.viewDefinition(major, SCHEMA, "order", List.of("user", "id"), Optional.of("user")));
            for (int i = 0; i < expected.size(); i++) {
                db.execute("CREATE VIEW " + Identifiers.qualified(SCHEMA, "v" + i) + " AS " + expected.get(i));
            }
            List<String> printed = column0(db.query("SELECT pg_get_viewdef(c.oid, true) FROM pg_class c "
                    + "WHERE c.relkind = 'v' AND c.relnamespace = " + Literals.quote(Identifiers.quote(SCHEMA))
                    + "::regnamespace ORDER BY c.relname"));
            assertEquals(expected, printed.stream().map(CanonicalExpressionsTest::trimmed).toList());
        }
    }

    /** What the catalog reader keeps of a view body: no surrounding whitespace, no final semicolon. */
    private static String trimmed(String viewdef) {
        String s = viewdef.strip();
        return (s.endsWith(";") ? s.substring(0, s.length() - 1) : s).strip();
    }
}
