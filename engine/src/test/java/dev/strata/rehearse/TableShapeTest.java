package dev.strata.rehearse;

import dev.strata.model.QualifiedName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The old application's statements on one table, from the current schema alone. */
class TableShapeTest {

    private static final QualifiedName ITEMS = QualifiedName.of("public", "items");

    @Test
    void itemsGetExplicitColumnListsByKeyAndAnInsertCopyingARowUnderANewIdentity() {
        TableShape shape = TableShape.of(ITEMS, RehearseFixture.ITEMS_SCHEMA.catalog().table(ITEMS));

        assertEquals(List.of("id"), shape.key());
        assertEquals(Optional.of("SELECT id, tag, qty FROM public.items WHERE id = ?"), shape.select());
        assertEquals(Optional.of("UPDATE public.items SET tag = tag, qty = qty WHERE id = ?"), shape.update());
        assertEquals(Optional.of("INSERT INTO public.items (tag, qty) SELECT tag, qty FROM public.items WHERE id = ?"),
                shape.insert());
        assertEquals(List.of(), shape.notes());
    }

    @Test
    void aTableWithAnotherUniqueConstraintGetsNoInsertAndSaysWhy() {
        var users = RehearseFixture.yaml("""
                tables:
                  users:
                    columns:
                      id: { type: bigint, identity: always }
                      "User Name": { type: text, nullable: false }
                    primary_key: [id]
                    unique:
                      - ["User Name"]
                """);
        QualifiedName name = QualifiedName.of("public", "users");

        TableShape shape = TableShape.of(name, users.catalog().table(name));

        assertEquals(Optional.of("UPDATE public.users SET \"User Name\" = \"User Name\" WHERE id = ?"), shape.update());
        assertEquals(Optional.empty(), shape.insert());
        assertEquals(List.of("public.users: no INSERT (a unique or exclusion constraint besides the key would reject a"
                + " copied row)"), shape.notes());
    }

    @Test
    void aTableWithoutAKeyOrMissingFromTheSchemaGetsNoStatements() {
        var logs = RehearseFixture.yaml("""
                tables:
                  logs:
                    columns:
                      line: text
                """);
        QualifiedName name = QualifiedName.of("public", "logs");

        TableShape keyless = TableShape.of(name, logs.catalog().table(name));
        TableShape missing = TableShape.of(ITEMS, logs.catalog().table(ITEMS));

        assertEquals(false, keyless.runs());
        assertTrue(keyless.notes().getFirst().contains("has no primary key"), keyless.notes().toString());
        assertEquals(false, missing.runs());
        assertTrue(missing.notes().getFirst().contains("is not in the current schema"), missing.notes().toString());
    }
}
