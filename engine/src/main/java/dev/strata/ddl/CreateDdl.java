package dev.strata.ddl;

import dev.strata.model.Catalog;
import dev.strata.model.ObjectName;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.model.Sequence;
import dev.strata.model.Table;
import dev.strata.model.UserType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The DDL that builds a whole catalog in an empty database.
 *
 * <p>Order: schemas, enum types, sequences, the objects managed as a whole that tables may use ({@link ObjectDdl.Placement#BEFORE_TABLES}; within a placement, an object after those it needs), tables (columns with every constraint except foreign
 * keys; twins of an identical earlier constraint each by an {@code ALTER TABLE} of its own, see
 * {@link SqlRender#twinConstraints}, and so is each check declared {@code NOT VALID}, which
 * {@code CREATE TABLE} cannot declare), sequence ownership, indexes, foreign keys, views,
 * comments, then the objects managed as a whole that read tables ({@link ObjectDdl.Placement#AFTER_TABLES}). Each step only needs what an earlier step made: columns use enums and {@code nextval} on sequences; {@code OWNED BY} needs the
 * column. Foreign keys come after all tables so cycles and self-references need no special case,
 * and after indexes because a foreign key may reference a column set made unique by a unique
 * index rather than a constraint; one declared {@code NOT VALID} is added so. Within a step, objects follow the catalog's order (schemas and
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
        return originated(catalog).stream().map(Originated::statement).toList();
    }

    /** The statements as SQL, each without a trailing semicolon. */
    public static List<String> statements(Catalog catalog) {
        return StatementRenderer.render(plan(catalog));
    }

    /** A statement and the model element it builds (a server's refusal of it is reported at that element). */
    public record Originated(Statement statement, Origin origin) {

        public String sql() {
            return StatementRenderer.render(statement);
        }
    }

    /** {@link #plan}, each statement with the element it builds. */
    public static List<Originated> originated(Catalog catalog) {
        List<Originated> out = new ArrayList<>();
        for (Schema schema : catalog.schemas()) {
            if (!schema.name().equals(DEFAULT_SCHEMA)) {
                out.add(new Originated(new SchemaStatement.Create(schema.name(), true), new Origin.OfSchema(schema.name())));
            }
        }
        forEachSchema(catalog, (schema, sink) -> schema.enums().forEach(e -> sink.add(new Originated(
                new TypeStatement.CreateEnum(QualifiedName.of(schema.name(), e.name()), e.labels()),
                new Origin.OfEnum(QualifiedName.of(schema.name(), e.name()))))), out);
        forEachSchema(catalog, (schema, sink) -> schema.sequences().forEach(s -> sink.add(new Originated(
                new SequenceStatement.Create(QualifiedName.of(schema.name(), s.name()), s, false), sequence(schema, s)))), out);
        // After enums and sequences, which use nothing: a domain, a composite type or a function's arguments may be of
        // an enum type, and a domain's default may call nextval.
        objects(catalog, ObjectDdl.Placement.BEFORE_TABLES, out);
        forEachTable(catalog, (name, table) -> {
            out.add(new Originated(new TableStatement.Create(name, table, false), new Origin.OfTable(name)));
            // A twin fails only with its table: an identical constraint was just accepted.
            SqlRender.twinConstraints(name, table).forEach(s -> out.add(new Originated(s, new Origin.OfTable(name))));
            table.checks().stream().filter(c -> !c.valid()).forEach(c -> out.add(new Originated(TableStatement.Alter.of(name,
                    new TableAction.AddConstraint(new ConstraintClause.Check(c), true)), new Origin.OfConstraint(name, c.name()))));
            if (!table.rowLevelSecurity().isOff()) {
                out.add(new Originated(new RowLevelSecurityStatement(name, dev.strata.model.RowLevelSecurity.OFF,
                        table.rowLevelSecurity()), new Origin.OfTable(name)));
            }
        });
        forEachSchema(catalog, (schema, sink) -> schema.sequences().stream()
                .filter(s -> s.ownedBy().isPresent())
                .forEach(s -> sink.add(new Originated(SequenceStatement.Alter.ownedBy(QualifiedName.of(schema.name(), s.name()),
                        s.ownedBy()), sequence(schema, s)))), out);
        forEachTable(catalog, (name, table) -> table.indexes().forEach(i -> out.add(new Originated(
                new IndexStatement.Create(name, i, false, false), new Origin.OfIndex(name, i.name())))));
        forEachTable(catalog, (name, table) -> table.foreignKeys().forEach(f -> out.add(new Originated(
                TableStatement.Alter.of(name, new TableAction.AddConstraint(new ConstraintClause.Foreign(f), !f.valid())),
                new Origin.OfConstraint(name, f.name())))));
        forEachSchema(catalog, (schema, sink) -> schema.views().forEach(v -> sink.add(new Originated(
                new ViewStatement.Create(QualifiedName.of(schema.name(), v.name()), v.definition(), v.options()),
                new Origin.OfView(QualifiedName.of(schema.name(), v.name()))))), out);
        forEachSchema(catalog, CreateDdl::comments, out);
        objects(catalog, ObjectDdl.Placement.AFTER_TABLES, out);
        return List.copyOf(out);
    }

    /** The objects of the kinds managed as a whole placed there, kind by kind in {@link ObjectDdls} order. */
    private static void objects(Catalog catalog, ObjectDdl.Placement placement, List<Originated> out) {
        Map<ObjectName, Map.Entry<String, SchemaObject>> placed = new LinkedHashMap<>();
        Map<ObjectName, ObjectName> asType = new HashMap<>();
        for (ObjectDdl<?> kind : ObjectDdls.ALL) {
            if (kind.placement() != placement) {
                continue;
            }
            for (Schema schema : catalog.schemas()) {
                for (SchemaObject object : schema.objects(kind.kind())) {
                    ObjectName name = ObjectName.of(object.kind(), schema.name(), object.key());
                    placed.put(name, Map.entry(schema.name(), object));
                    if (object instanceof UserType) {
                        asType.put(ObjectName.of(ObjectName.TYPE, schema.name(), object.key()), name);
                    }
                }
            }
        }
        Set<ObjectName> done = new HashSet<>();
        placed.keySet().forEach(name -> create(name, placed, asType, done, out));
    }

    /** {@code name} after the objects placed here that it needs (a composite type of a domain, of another one). */
    private static void create(ObjectName name, Map<ObjectName, Map.Entry<String, SchemaObject>> placed,
            Map<ObjectName, ObjectName> asType, Set<ObjectName> done, List<Originated> out) {
        if (!done.add(name)) {
            return;
        }
        var entry = placed.get(name);
        for (ObjectName need : entry.getValue().needs()) {
            ObjectName needed = asType.getOrDefault(need, need);
            if (placed.containsKey(needed)) {
                create(needed, placed, asType, done, out);
            }
        }
        var origin = new Origin.OfObject(name);
        ObjectDdls.create(entry.getKey(), entry.getValue()).forEach(s -> out.add(new Originated(s, origin)));
    }

    private static Origin sequence(Schema schema, Sequence sequence) {
        return new Origin.OfSequence(QualifiedName.of(schema.name(), sequence.name()));
    }

    /** The statements as one script: each followed by {@code ;} and a newline. */
    public static String script(Catalog catalog) {
        var script = new StringBuilder();
        statements(catalog).forEach(s -> script.append(s).append(";\n"));
        return script.toString();
    }

    private static void comments(Schema schema, List<Originated> out) {
        String s = schema.name();
        schema.enums().forEach(e -> e.comment().ifPresent(c -> out.add(new Originated(
                CommentOn.type(QualifiedName.of(s, e.name()), e.comment()), new Origin.OfEnum(QualifiedName.of(s, e.name()))))));
        schema.sequences().forEach(q -> q.comment().ifPresent(c -> out.add(new Originated(
                CommentOn.sequence(QualifiedName.of(s, q.name()), q.comment()), sequence(schema, q)))));
        for (Table table : schema.tables()) {
            QualifiedName name = QualifiedName.of(s, table.name());
            table.comment().ifPresent(c -> out.add(new Originated(CommentOn.table(name, table.comment()), new Origin.OfTable(name))));
            table.columns().forEach(col -> col.comment().ifPresent(c -> out.add(new Originated(
                    CommentOn.column(name, col.name(), col.comment()), new Origin.OfColumn(name, col.name())))));
            table.primaryKey().ifPresent(k -> constraintComment(name, k.name(), k.comment(), out));
            table.uniqueConstraints().forEach(k -> constraintComment(name, k.name(), k.comment(), out));
            table.foreignKeys().forEach(k -> constraintComment(name, k.name(), k.comment(), out));
            table.checks().forEach(k -> constraintComment(name, k.name(), k.comment(), out));
            table.exclusions().forEach(k -> constraintComment(name, k.name(), k.comment(), out));
            table.indexes().forEach(i -> i.comment().ifPresent(c -> out.add(new Originated(
                    CommentOn.index(name, i.name(), i.comment()), new Origin.OfIndex(name, i.name())))));
        }
        schema.views().forEach(v -> v.comment().ifPresent(c -> out.add(new Originated(
                CommentOn.view(QualifiedName.of(s, v.name()), v.comment()), new Origin.OfView(QualifiedName.of(s, v.name()))))));
    }

    private static void constraintComment(QualifiedName table, String constraint, Optional<String> comment,
                                          List<Originated> out) {
        comment.ifPresent(c -> out.add(new Originated(CommentOn.constraint(table, constraint, comment),
                new Origin.OfConstraint(table, constraint))));
    }

    private static void forEachSchema(Catalog catalog, BiConsumer<Schema, List<Originated>> step, List<Originated> out) {
        catalog.schemas().forEach(schema -> step.accept(schema, out));
    }

    private static void forEachTable(Catalog catalog, BiConsumer<QualifiedName, Table> step) {
        for (Schema schema : catalog.schemas()) {
            schema.tables().forEach(t -> step.accept(QualifiedName.of(schema.name(), t.name()), t));
        }
    }
}
