package dev.strata.ddl;

import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The DDL that builds a whole catalog in an empty database.
 *
 * <p>Order: schemas, enum types, sequences, tables (columns with every constraint except foreign
 * keys; twins of an identical earlier constraint each by an {@code ALTER TABLE} of its own, see
 * {@link SqlRender#twinConstraints}), sequence ownership, indexes, foreign keys, views,
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

    /** The statements, as values. */
    public static List<Statement> plan(Catalog catalog) {
        List<Statement> out = new ArrayList<>();
        for (Schema schema : catalog.schemas()) {
            if (!schema.name().equals(DEFAULT_SCHEMA)) {
                out.add(new SchemaStatement.Create(schema.name(), true));
            }
        }
        forEachSchema(catalog, (schema, sink) -> schema.enums().forEach(e -> sink.add(
                new TypeStatement.CreateEnum(QualifiedName.of(schema.name(), e.name()), e.labels()))), out);
        forEachSchema(catalog, (schema, sink) -> schema.sequences().forEach(s -> sink.add(
                new SequenceStatement.Create(QualifiedName.of(schema.name(), s.name()), s, false))), out);
        forEachTable(catalog, (name, table) -> {
            out.add(new TableStatement.Create(name, table, false));
            out.addAll(SqlRender.twinConstraints(name, table));
        });
        forEachSchema(catalog, (schema, sink) -> schema.sequences().stream()
                .filter(s -> s.ownedBy().isPresent())
                .forEach(s -> sink.add(SequenceStatement.Alter.ownedBy(QualifiedName.of(schema.name(), s.name()), s.ownedBy()))), out);
        forEachTable(catalog, (name, table) -> table.indexes().forEach(i -> out.add(new IndexStatement.Create(name, i, false, false))));
        forEachTable(catalog, (name, table) -> table.foreignKeys().forEach(f -> out.add(TableStatement.Alter.of(name,
                new TableAction.AddConstraint(new ConstraintClause.Foreign(f), false)))));
        forEachSchema(catalog, (schema, sink) -> schema.views().forEach(v -> sink.add(
                new ViewStatement.Create(QualifiedName.of(schema.name(), v.name()), v.definition()))), out);
        forEachSchema(catalog, CreateDdl::comments, out);
        return List.copyOf(out);
    }

    /** The statements as SQL, each without a trailing semicolon. */
    public static List<String> statements(Catalog catalog) {
        return StatementRenderer.render(plan(catalog));
    }

    /** The statements as one script: each followed by {@code ;} and a newline. */
    public static String script(Catalog catalog) {
        var script = new StringBuilder();
        statements(catalog).forEach(s -> script.append(s).append(";\n"));
        return script.toString();
    }

    private static void comments(Schema schema, List<Statement> out) {
        String s = schema.name();
        schema.enums().forEach(e -> e.comment().ifPresent(c ->
                out.add(CommentOn.type(QualifiedName.of(s, e.name()), e.comment()))));
        schema.sequences().forEach(q -> q.comment().ifPresent(c ->
                out.add(CommentOn.sequence(QualifiedName.of(s, q.name()), q.comment()))));
        for (Table table : schema.tables()) {
            QualifiedName name = QualifiedName.of(s, table.name());
            table.comment().ifPresent(c -> out.add(CommentOn.table(name, table.comment())));
            table.columns().forEach(col -> col.comment().ifPresent(c ->
                    out.add(CommentOn.column(name, col.name(), col.comment()))));
        }
        schema.views().forEach(v -> v.comment().ifPresent(c ->
                out.add(CommentOn.view(QualifiedName.of(s, v.name()), v.comment()))));
    }

    private static void forEachSchema(Catalog catalog, BiConsumer<Schema, List<Statement>> step, List<Statement> out) {
        catalog.schemas().forEach(schema -> step.accept(schema, out));
    }

    private static void forEachTable(Catalog catalog, BiConsumer<QualifiedName, Table> step) {
        for (Schema schema : catalog.schemas()) {
            schema.tables().forEach(t -> step.accept(QualifiedName.of(schema.name(), t.name()), t));
        }
    }
}
