package dev.strata.roundtrip;

import dev.strata.catalog.CatalogReader;
import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Schema;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.testing.generate.Schemas;
import dev.strata.yaml.SchemaWriter;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Creating a generated model in a real database and reading it back must give the model again, on the oldest
 * and the newest supported PostgreSQL. Every try uses a database of its own.
 */
class CatalogRoundTripProperties {

    @Provide
    Arbitrary<Catalog> pg14() {
        return Schemas.catalogs(14);
    }

    @Provide
    Arbitrary<Catalog> pg18() {
        return Schemas.catalogs(18);
    }

    @Property(tries = 10)
    void modelToDdlToDatabaseToModelIsIdentityOnPg14(@ForAll("pg14") Catalog model) throws Exception {
        modelToDdlToDatabaseToModelIsIdentity(14, model);
    }

    @Property(tries = 10)
    void modelToDdlToDatabaseToModelIsIdentityOnPg18(@ForAll("pg18") Catalog model) throws Exception {
        modelToDdlToDatabaseToModelIsIdentity(18, model);
    }

    @Property(tries = 8)
    void pullDdlApplyPullGivesIdenticalYamlOnPg14(@ForAll("pg14") Catalog model) throws Exception {
        pullDdlApplyPullGivesIdenticalYaml(14, model);
    }

    @Property(tries = 8)
    void pullDdlApplyPullGivesIdenticalYamlOnPg18(@ForAll("pg18") Catalog model) throws Exception {
        pullDdlApplyPullGivesIdenticalYaml(18, model);
    }

    private static void modelToDdlToDatabaseToModelIsIdentity(int major, Catalog model) throws Exception {
        String ddl = CreateDdl.script(model);
        Catalog expected = FreshPublicSchema.withoutEmptyPublic(model);
        Catalog pulled;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            apply(db, ddl);
            pulled = pull(db, model);
        }
        if (!pulled.equals(expected)) {
            fail(ModelDiff.explain("PostgreSQL " + major + ": the pulled model differs from the created one.\n== DDL ==\n"
                    + ddl, expected, pulled));
        }
    }

    private static void pullDdlApplyPullGivesIdenticalYaml(int major, Catalog model) throws Exception {
        String firstDdl = CreateDdl.script(model);
        Catalog first;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            apply(db, firstDdl);
            first = pull(db, model);
        }
        String secondDdl = CreateDdl.script(first);
        Catalog second;
        try (TestDatabase db = TestPostgres.newDatabase(major)) {
            apply(db, secondDdl);
            second = pull(db, first);
        }
        Map<String, String> firstYaml = SchemaWriter.files(first);
        Map<String, String> secondYaml = SchemaWriter.files(second);
        if (!firstYaml.equals(secondYaml)) {
            fail("PostgreSQL " + major + ": pulling, re-creating and pulling again changed the YAML.\n"
                    + "== DDL of the generated model ==\n" + firstDdl
                    + "\n== DDL of the first pull ==\n" + secondDdl
                    + "\n== YAML diff (- first pull, + second pull) ==\n"
                    + ModelDiff.diff(ModelDiff.lines(ModelDiff.concatenated(firstYaml)), ModelDiff.lines(ModelDiff.concatenated(secondYaml)))
                    + "\n== model diff (- first pull, + second pull) ==\n"
                    + ModelDiff.diff(ModelDiff.dump(first), ModelDiff.dump(second)));
        }
    }

    private static void apply(TestDatabase db, String ddl) {
        try {
            db.execute(ddl);
        } catch (IllegalStateException e) {
            fail("PostgreSQL " + db.major() + " rejected the DDL: " + e.getMessage() + "\n== DDL ==\n" + ddl, e);
        }
    }

    /**
     * Reads only the model's schemas, without the empty {@code public} every fresh database has; grants and default
     * privileges only when the model manages them.
     */
    private static Catalog pull(TestDatabase db, Catalog model) throws Exception {
        List<String> schemas = model.schemas().stream().map(Schema::name).toList();
        try (Connection connection = db.connect()) {
            return FreshPublicSchema.withoutEmptyPublic(CatalogReader.read(connection, schemas, Schemas.skippedKinds(model)).catalog());
        }
    }
}
