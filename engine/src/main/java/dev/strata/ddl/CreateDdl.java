package dev.strata.ddl;

import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.ObjectName;
import dev.strata.model.PartitionOf;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.SchemaObject;
import dev.strata.model.Sequence;
import dev.strata.model.Table;
import dev.strata.model.UserType;
import dev.strata.sql.Lexer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The DDL that builds a whole catalog in an empty database.
 *
 * <p>Order: schemas, enum types, sequences, the objects managed as a whole that tables may use ({@link ObjectDdl.Placement#BEFORE_TABLES}; within a placement, an object after those it needs), tables (columns with every constraint except foreign
 * keys; twins of an identical earlier constraint each by an {@code ALTER TABLE} of its own, see
 * {@link SqlRender#twinConstraints}, and so is each check declared {@code NOT VALID}, which
 * {@code CREATE TABLE} cannot declare; a table and those objects each after what it needs of the others: a domain over
 * a table's row type after the table), sequence ownership, indexes, foreign keys, views and materialized views, the objects placed before
 * tables that need a view's row type, comments, then the objects managed as a whole that read tables ({@link ObjectDdl.Placement#AFTER_TABLES}). Each step only needs what an earlier step made: columns use enums and {@code nextval} on sequences; {@code OWNED BY} needs the
 * column. Foreign keys come after all tables so cycles and self-references need no special case,
 * and after indexes because a foreign key may reference a column set made unique by a unique
 * index rather than a constraint; one declared {@code NOT VALID} is added so. Within a step, objects follow the catalog's order (schemas and
 * most objects by name), so the output is deterministic.
 *
 * <p>Views and materialized views ({@link ObjectDdl.Placement#WITH_VIEWS}) are built together, each after those of
 * them its query names (by the query's words, across schemas), otherwise in the model's order.
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
        List<Unit> afterViews = objectsAndTables(catalog, out);
        forEachSchema(catalog, (schema, sink) -> schema.sequences().stream()
                .filter(s -> s.ownedBy().isPresent())
                .forEach(s -> sink.add(new Originated(SequenceStatement.Alter.ownedBy(QualifiedName.of(schema.name(), s.name()),
                        s.ownedBy()), sequence(schema, s)))), out);
        forEachTable(catalog, (name, table) -> table.indexes().forEach(i -> out.add(new Originated(
                new IndexStatement.Create(name, i, false, false), new Origin.OfIndex(name, i.name())))));
        forEachTable(catalog, (name, table) -> table.foreignKeys().forEach(f -> out.add(new Originated(
                TableStatement.Alter.of(name, new TableAction.AddConstraint(new ConstraintClause.Foreign(f), !f.valid())),
                new Origin.OfConstraint(name, f.name())))));
        views(catalog, out);
        afterViews.forEach(u -> out.addAll(u.statements()));
        forEachSchema(catalog, CreateDdl::comments, out);
        objects(catalog, ObjectDdl.Placement.AFTER_TABLES, out);
        return List.copyOf(out);
    }

    /** One thing to build: an object managed as a whole, or a table with what {@code CREATE TABLE} cannot say. */
    private record Unit(ObjectName name, Set<ObjectName> needs, List<Originated> statements) {}

    /**
     * The objects placed before tables, and the tables, each after what it needs of them (a domain over a table's row
     * type after the table, a table with a column of that domain after the domain, a function of a table's row type
     * after the table; otherwise objects first, in {@link ObjectDdls} order, then tables in catalog order). Returns,
     * unbuilt and in order, the objects that need a view's row type (a function returning {@code SETOF} a view) and
     * what needs those: they come after the views.
     */
    private static List<Unit> objectsAndTables(Catalog catalog, List<Originated> out) {
        Map<ObjectName, Unit> units = new LinkedHashMap<>();
        Map<ObjectName, ObjectName> asType = new HashMap<>();
        for (ObjectDdl<?> kind : ObjectDdls.ALL) {
            if (kind.placement() != ObjectDdl.Placement.BEFORE_TABLES) {
                continue;
            }
            for (Schema schema : catalog.schemas()) {
                for (SchemaObject object : schema.objects(kind.kind())) {
                    ObjectName name = ObjectName.of(object.kind(), schema.name(), object.key());
                    Set<ObjectName> needs = new LinkedHashSet<>();
                    List<Originated> statements = new ArrayList<>();
                    for (Statement statement : ObjectDdls.create(schema.name(), object)) {
                        statements.add(new Originated(statement, new Origin.OfObject(name)));
                        if (statement instanceof ObjectStatement o) {
                            o.needs().forEach(n -> needs.addAll(switch (n.kind()) {
                                case ObjectName.EXPRESSION -> RoutineCalls.in(catalog, n.part().orElseThrow());
                                case ObjectName.QUERY -> relationsRead(catalog, n);
                                default -> Set.of(n);
                            }));
                        }
                    }
                    units.put(name, new Unit(name, needs, statements));
                    if (object instanceof UserType) {
                        asType.put(ObjectName.of(ObjectName.TYPE, schema.name(), object.key()), name);
                    }
                }
            }
        }
        forEachTable(catalog, (name, table) -> {
            ObjectName self = ObjectName.of(ObjectName.TABLE, name);
            asType.put(ObjectName.of(ObjectName.TYPE, name), self);
            units.put(self, new Unit(self, tableNeeds(catalog, table), table(name, PartitionOf.asDeclared(catalog, table))));
        });
        Set<ObjectName> views = new HashSet<>();
        catalog.schemas().forEach(schema -> schema.views().forEach(v -> {
            views.add(ObjectName.of(ObjectName.VIEW, schema.name(), v.name()));
            asType.put(ObjectName.of(ObjectName.TYPE, schema.name(), v.name()), ObjectName.of(ObjectName.VIEW, schema.name(), v.name()));
        }));
        // A SQL-standard routine body may read a materialized view, which is built among the views.
        for (ObjectDdl<?> kind : ObjectDdls.ALL) {
            if (kind.placement() == ObjectDdl.Placement.WITH_VIEWS) {
                catalog.schemas().forEach(schema -> schema.objects(kind.kind())
                        .forEach(m -> views.add(ObjectName.of(m.kind(), schema.name(), m.key()))));
            }
        }
        Function<ObjectName, Optional<ObjectName>> resolve = need -> {
            ObjectName n = need.kind().equals(ObjectName.TABLE)
                    ? asType.getOrDefault(ObjectName.of(ObjectName.TYPE, need.name()), need) : asType.getOrDefault(need, need);
            return units.containsKey(n) || views.contains(n) ? Optional.of(n) : Optional.empty();
        };
        // An object needing a view, or an object that does, waits for the views; tables never wait.
        Set<ObjectName> waiting = new HashSet<>(views);
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Unit u : units.values()) {
                if (!u.name().kind().equals(ObjectName.TABLE) && !waiting.contains(u.name())
                        && u.needs().stream().map(resolve).flatMap(Optional::stream).anyMatch(waiting::contains)) {
                    waiting.add(u.name());
                    grew = true;
                }
            }
        }
        sorted(units.values().stream().filter(u -> !waiting.contains(u.name())).toList(), resolve)
                .forEach(u -> out.addAll(u.statements()));
        return sorted(units.values().stream().filter(u -> waiting.contains(u.name())).toList(), resolve);
    }

    /**
     * The tables, views and materialized views of {@code catalog} a query (a SQL-standard routine body) names, by its
     * words: a word that only looks like a name orders needlessly, never wrongly.
     */
    private static Set<ObjectName> relationsRead(Catalog catalog, ObjectName query) {
        Set<String> words = words(query.part().orElseThrow());
        Set<ObjectName> reads = new LinkedHashSet<>();
        for (Schema schema : catalog.schemas()) {
            schema.tables().stream().filter(t -> words.contains(t.name()))
                    .forEach(t -> reads.add(ObjectName.of(ObjectName.TABLE, schema.name(), t.name())));
            schema.views().stream().filter(v -> words.contains(v.name()))
                    .forEach(v -> reads.add(ObjectName.of(ObjectName.VIEW, schema.name(), v.name())));
            for (ObjectDdl<?> kind : ObjectDdls.ALL) {
                if (kind.placement() == ObjectDdl.Placement.WITH_VIEWS) {
                    schema.objects(kind.kind()).stream().filter(m -> words.contains(m.key()))
                            .forEach(m -> reads.add(ObjectName.of(m.kind(), schema.name(), m.key())));
                }
            }
        }
        return reads;
    }

    /** A table: its column types, and the functions its defaults, generated columns and checks call. */
    private static Set<ObjectName> tableNeeds(Catalog catalog, Table table) {
        Set<ObjectName> needs = new LinkedHashSet<>();
        for (Column column : table.columns()) {
            column.type().elementType().userTypeName().ifPresent(t -> needs.add(ObjectName.of(ObjectName.TYPE, t)));
            column.defaultValue().ifPresent(d -> needs.addAll(RoutineCalls.in(catalog, d)));
            column.generatedAs().ifPresent(g -> needs.addAll(RoutineCalls.in(catalog, g)));
        }
        table.checks().forEach(c -> needs.addAll(RoutineCalls.in(catalog, c.expression())));
        table.partitionOf().ifPresent(p -> needs.add(ObjectName.of(ObjectName.TABLE, p.parent())));
        return needs;
    }

    /** {@code CREATE TABLE}, twin constraints, the checks declared {@code NOT VALID}, row-level security. */
    private static List<Originated> table(QualifiedName name, Table table) {
        List<Originated> out = new ArrayList<>();
        out.add(new Originated(new TableStatement.Create(name, table, false), new Origin.OfTable(name)));
        // A twin fails only with its table: an identical constraint was just accepted.
        SqlRender.twinConstraints(name, table).forEach(s -> out.add(new Originated(s, new Origin.OfTable(name))));
        table.checks().stream().filter(c -> !c.valid()).forEach(c -> out.add(new Originated(TableStatement.Alter.of(name,
                new TableAction.AddConstraint(new ConstraintClause.Check(c), true)), new Origin.OfConstraint(name, c.name()))));
        if (!table.rowLevelSecurity().isOff()) {
            out.add(new Originated(new RowLevelSecurityStatement(name, dev.strata.model.RowLevelSecurity.OFF,
                    table.rowLevelSecurity()), new Origin.OfTable(name)));
        }
        return out;
    }

    /**
     * {@code units} with each after the others of them it needs; where nothing is needed, the given order (Kahn's
     * algorithm taking the earliest free unit). Units that need each other in a cycle follow in given order: the
     * server then reports the one it cannot build.
     */
    private static List<Unit> sorted(List<Unit> units, Function<ObjectName, Optional<ObjectName>> resolve) {
        Map<ObjectName, Integer> index = new HashMap<>();
        for (int i = 0; i < units.size(); i++) {
            index.put(units.get(i).name(), i);
        }
        List<Set<Integer>> waitsFor = new ArrayList<>();
        for (Unit u : units) {
            Set<Integer> needed = new HashSet<>();
            u.needs().stream().map(resolve).flatMap(Optional::stream).map(index::get)
                    .filter(java.util.Objects::nonNull).filter(i -> !units.get(i).name().equals(u.name())).forEach(needed::add);
            waitsFor.add(needed);
        }
        List<Unit> out = new ArrayList<>();
        boolean[] done = new boolean[units.size()];
        while (out.size() < units.size()) {
            int next = -1;
            for (int i = 0; i < units.size() && next < 0; i++) {
                if (!done[i] && waitsFor.get(i).stream().allMatch(w -> done[w])) {
                    next = i;
                }
            }
            if (next < 0) {
                next = java.util.stream.IntStream.range(0, units.size()).filter(i -> !done[i]).findFirst().orElseThrow();
            }
            done[next] = true;
            out.add(units.get(next));
        }
        return out;
    }

    /** A view, or an object placed {@link ObjectDdl.Placement#WITH_VIEWS}, and the query it reads. */
    private record Reader(QualifiedName name, String query, List<Originated> statements) {}

    /**
     * Views and the objects placed among them (materialized views), each after those of them its query names: a view
     * may read a materialized view and the other way round. Views keep the model's order (which respects what they read
     * within a schema), objects follow them, each schema in turn; a query's words decide what it reads, so a word that
     * only looks like a name may order two of them needlessly, never wrongly.
     */
    private static void views(Catalog catalog, List<Originated> out) {
        Map<QualifiedName, Reader> readers = new LinkedHashMap<>();
        for (Schema schema : catalog.schemas()) {
            for (var v : schema.views()) {
                QualifiedName name = QualifiedName.of(schema.name(), v.name());
                readers.put(name, new Reader(name, v.definition(), List.of(new Originated(
                        new ViewStatement.Create(name, v.definition(), v.options()), new Origin.OfView(name)))));
            }
        }
        for (ObjectDdl<?> kind : ObjectDdls.ALL) {
            if (kind.placement() != ObjectDdl.Placement.WITH_VIEWS) {
                continue;
            }
            for (Schema schema : catalog.schemas()) {
                for (SchemaObject object : schema.objects(kind.kind())) {
                    QualifiedName name = QualifiedName.of(schema.name(), object.key());
                    var origin = new Origin.OfObject(ObjectName.of(object.kind(), name));
                    String query = object.needs(schema.name()).stream().filter(n -> n.kind().equals(ObjectName.QUERY))
                            .map(n -> n.part().orElseThrow()).findFirst().orElse("");
                    readers.put(name, new Reader(name, query, ObjectDdls.create(schema.name(), object).stream()
                            .map(st -> new Originated(st, origin)).toList()));
                }
            }
        }
        Set<QualifiedName> done = new HashSet<>();
        readers.keySet().forEach(name -> view(name, readers, done, new HashSet<>(), out));
    }

    private static void view(QualifiedName name, Map<QualifiedName, Reader> readers, Set<QualifiedName> done,
            Set<QualifiedName> visiting, List<Originated> out) {
        if (done.contains(name) || !visiting.add(name)) {
            return;
        }
        Reader reader = readers.get(name);
        Set<String> words = words(reader.query());
        for (QualifiedName other : readers.keySet()) {
            if (!other.equals(name) && words.contains(other.name())) {
                view(other, readers, done, visiting, out);
            }
        }
        done.add(name);
        out.addAll(reader.statements());
    }

    /** The names a query mentions: bare words folded, quoted ones as written; none when it does not lex. */
    private static Set<String> words(String query) {
        Set<String> words = new HashSet<>();
        try {
            for (Lexer.Token t : Lexer.tokens(query)) {
                if (t.isName()) {
                    words.add(t.value());
                }
            }
        } catch (Lexer.LexError e) {
            return Set.of();
        }
        return words;
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
