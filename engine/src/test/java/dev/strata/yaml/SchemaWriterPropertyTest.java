package dev.strata.yaml;

import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.EnumType;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.model.View;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Whatever strings the model holds, the written files read back to the same catalog. */
class SchemaWriterPropertyTest {

    private static final List<String> TRICKY = List.of("yes", "null", "1.0", ": x", "#", "a b", "Ünï", "日本", "select",
            "x\ny", " lead", "trail ", "'q'", "\"dq\"", "- dash", "[x]", "{x}", "@at", "`bt`", "%p", "!bang", "&a",
            "*s", "|", ">", "~", "on", "0x1F", "2001-01-01", "a: b", "a #b", "tab\there", "line\n", "\u2028", "€uro", "x.y");

    private static Arbitrary<String> text() {
        return Arbitraries.oneOf(Arbitraries.of(TRICKY),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(12).filter(s -> s.indexOf('\0') < 0 && !s.isBlank()));
    }

    private static Arbitrary<String> name() {
        return text().filter(s -> s.getBytes(java.nio.charset.StandardCharsets.UTF_8).length <= 40
                && s.strip().equals(s));
    }

    private static Arbitrary<String> expression() {
        return text().filter(s -> s.strip().equals(s) && !s.isEmpty());
    }

    @Provide
    Arbitrary<Catalog> catalogs() {
        Arbitrary<DataType> types = Arbitraries.of(DataType.builtin("integer"), DataType.builtin("text"),
                DataType.builtin("character varying", 20), DataType.builtin("timestamp with time zone"),
                DataType.builtin("numeric", 10, 2), DataType.builtin("text").asArray(), DataType.builtin("character", 1));
        Arbitrary<Column> columns = Combinators.combine(name(), types, Arbitraries.of(true, false),
                expression().optional(), text().optional(), name().optional()).as((n, t, nullable, def, comment, renamed) ->
                Column.of(n, t).withNullable(nullable).withDefault(def).withComment(comment)
                        .withRenamedFrom(renamed.filter(r -> !r.equals(n))));
        Arbitrary<Table> tables = Combinators.combine(name(), columns.list().ofMinSize(1).ofMaxSize(4).uniqueElements(Column::name),
                expression().list().ofMaxSize(2), Arbitraries.of(true, false), text().optional(), name().optional())
                .as((n, cols, checkExprs, withKeys, comment, checkName) -> {
                    List<CheckConstraint> checks = new ArrayList<>();
                    for (int i = 0; i < checkExprs.size(); i++) {
                        checks.add(new CheckConstraint(i == 0 && checkName.isPresent() ? checkName.get() : n + "_check" + (i == 0 ? "" : i),
                                checkExprs.get(i), false));
                    }
                    var table = Table.of(n, cols).withChecks(checks.stream().distinct().toList()).withComment(comment);
                    if (withKeys) {
                        String first = cols.get(0).name();
                        table = table.withColumns(cols.stream().map(c -> c.name().equals(first) ? c.withNullable(false) : c).toList())
                                .withPrimaryKey(Optional.of(new PrimaryKey("pk " + n, List.of(first))))
                                .withUniqueConstraints(List.of(new UniqueConstraint("uq " + n, cols.stream().map(Column::name).toList(),
                                        false, Deferrability.NOT_DEFERRABLE)))
                                .withIndexes(List.of(new Index("ix " + n, false, false, "btree",
                                        List.of(IndexKey.column(first), IndexKey.expression(cols.get(cols.size() - 1).name() + " || 'x'")),
                                        List.of(), Optional.of("true"), Map.of())));
                    }
                    return table;
                });
        Arbitrary<Schema> schemas = Combinators.combine(name(), tables.list().ofMaxSize(3).uniqueElements(Table::name),
                text().list().ofMaxSize(3).uniqueElements(), expression().optional()).as((n, ts, labels, view) ->
                new Schema(n, labels.isEmpty() ? List.of() : List.of(new EnumType("e", labels, Optional.empty())), List.of(),
                        ts, view.map(v -> List.of(new View("v", v, Optional.empty()))).orElse(List.of())));
        return schemas.list().ofMinSize(1).ofMaxSize(2).uniqueElements(Schema::name).map(Catalog::new)
                .filter(SchemaWriterPropertyTest::relationNamesAreUnique);
    }

    /** Tables, views and indexes share a namespace per schema; a valid model respects that. */
    private static boolean relationNamesAreUnique(Catalog c) {
        for (Schema s : c.schemas()) {
            List<String> names = new ArrayList<>();
            s.tables().forEach(t -> {
                names.add(t.name());
                t.primaryKey().ifPresent(pk -> names.add(pk.name()));
                t.uniqueConstraints().forEach(u -> names.add(u.name()));
                t.indexes().forEach(i -> names.add(i.name()));
            });
            s.views().forEach(v -> names.add(v.name()));
            if (names.size() != names.stream().distinct().count()) {
                return false;
            }
        }
        return true;
    }

    @Property(tries = 300)
    void writtenFilesReadBackToTheSameCatalog(@ForAll("catalogs") Catalog catalog) {
        var files = SchemaWriter.files(catalog);
        assertEquals(catalog, SchemaFiles.parseStructure(files).catalog(), () -> String.join("\n", files.values()));
    }
}
