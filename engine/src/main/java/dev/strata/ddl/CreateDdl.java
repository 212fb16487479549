package dev.strata.ddl;

import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.sql.Identifiers;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The DDL that builds a whole catalog in an empty database.
 *
 * <p>Order: schemas, enum types, sequences, tables (columns with every constraint except foreign
 * keys; twins of an identical earlier constraint each by an {@code ALTER TABLE} of its own, see
 * {@link SqlRender#addTwinConstraints}), sequence ownership, indexes, foreign keys, views,
 * comments. Each step only needs what an earlier step made: columns use enums and {@code nextval} on sequences; {@code OWNED BY} needs the
 * column. Foreign keys come after all tables so cycles and self-references need no special case,
 * and after indexes because a foreign key may reference a column set made unique by a unique
 * index rather than a constraint. Within a step, objects follow the catalog's order (schemas and
 * most objects by name), so the output is deterministic.
 *
 * <p>Views keep the model's order within a schema; the model guarantees that order respects
 * dependencies inside a schema. A view reading a view of a schema that sorts later is not
 * reordered (that would need parsing the query).
 */
public final class CreateDdl {

    private static final String DEFAULT_SCHEMA = "public";

    private CreateDdl() {}

    public static List<String> statements(Catalog catalog) {
        List<String> out = new ArrayList<>();
        for (Schema schema : catalog.schemas()) {
            if (!schema.name().equals(DEFAULT_SCHEMA)) {
                out.add("CREATE SCHEMA IF NOT EXISTS " + Identifiers.quote(schema.name()));
            }
        }
        forEachSchema(catalog, (schema, sink) -> schema.enums().forEach(e -> sink.add(SqlRender.createEnum(schema.name(), e))), out);
        forEachSchema(catalog, (schema, sink) -> schema.sequences().forEach(s -> sink.add(SqlRender.createSequence(schema.name(), s))), out);
        forEachTable(catalog, (name, table) -> {
            out.add(SqlRender.createTable(name, table, false));
            out.addAll(SqlRender.addTwinConstraints(name, table));
        });
        forEachSchema(catalog, (schema, sink) -> schema.sequences().stream()
                .filter(s -> s.ownedBy().isPresent())
                .forEach(s -> sink.add(SqlRender.alterSequenceOwnedBy(QualifiedName.of(schema.name(), s.name()), s.ownedBy()))), out);
        forEachTable(catalog, (name, table) -> table.indexes().forEach(i -> out.add(SqlRender.createIndex(name, i, false))));
        forEachTable(catalog, (name, table) -> table.foreignKeys()
                .forEach(f -> out.add(SqlRender.addConstraint(name, SqlRender.foreignKeyClause(f)))));
        forEachSchema(catalog, (schema, sink) -> schema.views().forEach(v -> sink.add(SqlRender.createView(schema.name(), v))), out);
        forEachSchema(catalog, CreateDdl::comments, out);
        return List.copyOf(out);
    }

    /** The statements as one script: each followed by {@code ;} and a newline. */
    public static String script(Catalog catalog) {
        var script = new StringBuilder();
        statements(catalog).forEach(s -> script.append(s).append(";\n"));
        return script.toString();
    }

    private static void comments(Schema schema, List<String> out) {
        String s = schema.name();
        schema.enums().forEach(e -> e.comment().ifPresent(c ->
                out.add(SqlRender.commentOnType(QualifiedName.of(s, e.name()), e.comment()))));
        schema.sequences().forEach(q -> q.comment().ifPresent(c ->
                out.add(SqlRender.commentOnSequence(QualifiedName.of(s, q.name()), q.comment()))));
        for (Table table : schema.tables()) {
            QualifiedName name = QualifiedName.of(s, table.name());
            table.comment().ifPresent(c -> out.add(SqlRender.commentOnTable(name, table.comment())));
            table.columns().forEach(col -> col.comment().ifPresent(c ->
                    out.add(SqlRender.commentOnColumn(name, col.name(), col.comment()))));
        }
        schema.views().forEach(v -> v.comment().ifPresent(c ->
                out.add(SqlRender.commentOnView(QualifiedName.of(s, v.name()), v.comment()))));
    }

    private static void forEachSchema(Catalog catalog, BiConsumer<Schema, List<String>> step, List<String> out) {
        catalog.schemas().forEach(schema -> step.accept(schema, out));
    }

    private static void forEachTable(Catalog catalog, BiConsumer<QualifiedName, Table> step) {
        for (Schema schema : catalog.schemas()) {
            schema.tables().forEach(t -> step.accept(QualifiedName.of(schema.name(), t.name()), t));
        }
    }
}
