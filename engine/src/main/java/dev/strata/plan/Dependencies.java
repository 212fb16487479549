package dev.strata.plan;

import dev.strata.ddl.CommentOn;
import dev.strata.ddl.ConstraintClause;
import dev.strata.ddl.DataStatement;
import dev.strata.ddl.IndexStatement;
import dev.strata.ddl.ObjectStatement;
import dev.strata.ddl.RoutineCalls;
import dev.strata.ddl.RoutineStatement;
import dev.strata.ddl.Saved;
import dev.strata.ddl.SchemaStatement;
import dev.strata.ddl.SequenceOption;
import dev.strata.ddl.SequenceStatement;
import dev.strata.ddl.Statement;
import dev.strata.ddl.TableAction;
import dev.strata.ddl.TableStatement;
import dev.strata.ddl.TriggerStatement;
import dev.strata.ddl.TypeStatement;
import dev.strata.ddl.ViewStatement;
import dev.strata.expr.Expressions;
import dev.strata.model.Catalog;
import dev.strata.model.Column;
import dev.strata.model.IndexKey;
import dev.strata.model.MaterializedView;
import dev.strata.model.ObjectName;
import dev.strata.model.PartitionOf;
import dev.strata.model.QualifiedName;
import dev.strata.model.Routine;
import dev.strata.model.SchemaObject;
import dev.strata.model.Table;
import dev.strata.model.View;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What statements create, drop and need, derived from the statement values and the model (the current and the desired
 * catalog): the edges of the {@link StepGraph}. What an expression or a view query reads is over-approximated by its
 * words ({@link Expressions#words}): a spurious edge only constrains the order, a missing one breaks a plan.
 */
public final class Dependencies {

    /**
     * @param creates      objects that exist after the statements and did not before (a rename creates the new name)
     * @param drops        objects that no longer exist afterwards (a rename drops the old name)
     * @param needs        objects that must exist when the statements run
     * @param droppedReads what the dropped objects read, in either catalog: they must go before those go
     */
    public record Effects(Set<ObjectRef> creates, Set<ObjectRef> drops, Set<ObjectRef> needs,
            Set<ObjectRef> droppedReads) {

        public Effects {
            creates = Set.copyOf(creates);
            drops = Set.copyOf(drops);
            needs = Set.copyOf(needs);
            droppedReads = Set.copyOf(droppedReads);
        }
    }

    private final Catalog current;
    private final Catalog desired;

    public Dependencies(Catalog current, Catalog desired) {
        this.current = current;
        this.desired = desired;
    }

    public Effects of(List<? extends Statement> statements) {
        Set<ObjectRef> creates = new LinkedHashSet<>();
        Set<ObjectRef> drops = new LinkedHashSet<>();
        Set<ObjectRef> needs = new LinkedHashSet<>();
        for (Statement s : statements) {
            add(s, creates, drops, needs);
        }
        Set<ObjectRef> droppedReads = new LinkedHashSet<>();
        for (ObjectRef dropped : drops) {
            droppedReads.addAll(reads(dropped));
        }
        // What a step creates itself it does not need from another step.
        needs.removeAll(creates);
        droppedReads.removeAll(drops);
        return new Effects(creates, drops, needs, droppedReads);
    }

    private void add(Statement statement, Set<ObjectRef> creates, Set<ObjectRef> drops, Set<ObjectRef> needs) {
        switch (statement) {
            case SchemaStatement.Create c -> creates.add(new ObjectRef.Schema(c.schema()));
            case SchemaStatement.Drop d -> drops.add(new ObjectRef.Schema(d.schema()));
            case TableStatement.Create c -> {
                QualifiedName t = c.table();
                creates.add(new ObjectRef.Table(t));
                // A table is also its row type, which a domain, a composite type or a function may name.
                creates.add(new ObjectRef.Type(t));
                needs.add(new ObjectRef.Schema(t.schema()));
                Table def = c.definition();
                def.columns().forEach(col -> creates.add(new ObjectRef.Column(t, col.name())));
                // A partition has its parent's columns, which its own indexes and constraints name.
                def.partitionOf().ifPresent(p -> {
                    needs.add(new ObjectRef.Table(p.parent()));
                    PartitionOf.physicalColumns(desired, t).forEach(col -> creates.add(new ObjectRef.Column(t, col.name())));
                });
                def.columns().forEach(col -> typeOf(col).ifPresent(needs::add));
                def.primaryKey().ifPresent(pk -> {
                    creates.add(new ObjectRef.Constraint(t, pk.name()));
                    creates.add(new ObjectRef.Key(t, Set.copyOf(pk.columns())));
                });
                def.uniqueConstraints().forEach(u -> {
                    creates.add(new ObjectRef.Constraint(t, u.name()));
                    creates.add(new ObjectRef.Key(t, Set.copyOf(u.columns())));
                });
                def.checks().forEach(k -> creates.add(new ObjectRef.Constraint(t, k.name())));
                def.exclusions().forEach(x -> creates.add(new ObjectRef.Constraint(t, x.name())));
                if (c.withForeignKeys()) {
                    def.foreignKeys().forEach(fk -> {
                        creates.add(new ObjectRef.Constraint(t, fk.name()));
                        needs.add(new ObjectRef.Key(fk.target(), Set.copyOf(fk.targetColumns())));
                    });
                }
            }
            case TableStatement.Alter a -> a.actions().forEach(action -> add(a.table(), action, creates, drops, needs));
            case TableStatement.CreateKeeper k -> creates.add(new ObjectRef.Table(k.table()));
            case TableStatement.Drop d -> {
                drops.add(new ObjectRef.Table(d.table()));
                drops.add(new ObjectRef.Type(d.table()));
            }
            case TableStatement.LockExclusive l -> needs.add(new ObjectRef.Table(l.table()));
            case IndexStatement.Create c -> {
                creates.add(new ObjectRef.Index(c.index()));
                Set<String> columns = new LinkedHashSet<>();
                boolean plain = true;
                for (IndexKey key : c.definition().keys()) {
                    switch (key.target()) {
                        case IndexKey.ColumnTarget col -> columns.add(col.column());
                        case IndexKey.ExpressionTarget e -> plain = false;
                    }
                }
                columns.forEach(col -> needs.add(new ObjectRef.Column(c.table(), col)));
                if (c.definition().unique() && plain && c.definition().where().isEmpty()) {
                    creates.add(new ObjectRef.Key(c.table(), columns));
                }
            }
            case IndexStatement.CreateOnOnly c -> {
                creates.add(new ObjectRef.Index(c.index()));
                needs.add(new ObjectRef.Table(c.table()));
            }
            case IndexStatement.AttachPartition a -> {
                needs.add(new ObjectRef.Index(a.index()));
                needs.add(new ObjectRef.Index(a.partitionIndex()));
            }
            case IndexStatement.Drop d -> drops.add(new ObjectRef.Index(d.index()));
            case IndexStatement.Rename r -> {
                drops.add(new ObjectRef.Index(r.index()));
                creates.add(new ObjectRef.Index(QualifiedName.of(r.index().schema(), r.to())));
            }
            case SequenceStatement.Create c -> creates.add(new ObjectRef.Sequence(c.sequence()));
            case SequenceStatement.Alter a -> {
                needs.add(new ObjectRef.Sequence(a.sequence()));
                for (SequenceOption option : a.options()) {
                    if (option instanceof SequenceOption.OwnedBy(var table, var column)) {
                        needs.add(new ObjectRef.Column(table, column));
                    }
                }
            }
            case SequenceStatement.Drop d -> drops.add(new ObjectRef.Sequence(d.sequence()));
            case SequenceStatement.Rename r -> {
                drops.add(new ObjectRef.Sequence(r.sequence()));
                creates.add(new ObjectRef.Sequence(QualifiedName.of(r.sequence().schema(), r.to())));
            }
            case TypeStatement.CreateEnum c -> creates.add(new ObjectRef.Type(c.type()));
            case TypeStatement.AddEnumValue a -> needs.add(new ObjectRef.Type(a.type()));
            case TypeStatement.Drop d -> drops.add(new ObjectRef.Type(d.type()));
            case ViewStatement.Create c -> {
                creates.add(new ObjectRef.View(c.view()));
                creates.add(new ObjectRef.Type(c.view()));
                needs.addAll(queryReads(c.view(), c.query(), desired));
            }
            case ViewStatement.CreateOver c -> {
                creates.add(new ObjectRef.View(c.view()));
                needs.add(new ObjectRef.Table(c.table()));
            }
            case ViewStatement.SetOptions o -> needs.add(new ObjectRef.View(o.view()));
            case ViewStatement.Drop d -> {
                drops.add(new ObjectRef.View(d.view()));
                drops.add(new ObjectRef.Type(d.view()));
            }
            case CommentOn c -> needs.addAll(switch (c.target()) {
                case CommentOn.Target.Table t -> List.of(new ObjectRef.Table(t.table()));
                case CommentOn.Target.Column col -> List.of(new ObjectRef.Column(col.table(), col.column()));
                case CommentOn.Target.Type t -> List.of(new ObjectRef.Type(t.type()));
                case CommentOn.Target.Sequence s -> List.of(new ObjectRef.Sequence(s.sequence()));
                case CommentOn.Target.View v -> List.of(new ObjectRef.View(v.view()));
                case CommentOn.Target.Index i -> List.of(new ObjectRef.Index(i.index()));
                // The constraint is named through its table, which a rename in the same plan may create.
                case CommentOn.Target.Constraint k ->
                        List.of(new ObjectRef.Table(k.table()), new ObjectRef.Constraint(k.table(), k.constraint()));
                // Functions are Strata's own sync functions, created in the same step.
                case CommentOn.Target.Function f -> List.of(new ObjectRef.Schema(f.function().schema()));
            });
            case ObjectStatement o -> {
                o.creates().forEach(n -> creates.add(ref(n)));
                o.drops().forEach(n -> drops.add(ref(n)));
                o.needs().forEach(n -> needs.addAll(switch (n.kind()) {
                    case ObjectName.EXPRESSION -> expressionReads(n, desired, columnsRead(n.name(), n.part().orElseThrow()));
                    case ObjectName.QUERY -> queryReads(n.name(), n.part().orElseThrow(), desired);
                    default -> Set.of(ref(n));
                }));
            }
            case TriggerStatement t -> { }
            case DataStatement d -> { }
            // A saved plan's text is already in its reviewed order.
            case Saved s -> { }
        }
    }

    private void add(QualifiedName t, TableAction action, Set<ObjectRef> creates, Set<ObjectRef> drops,
            Set<ObjectRef> needs) {
        switch (action) {
            case TableAction.AddColumn a -> {
                creates.add(new ObjectRef.Column(t, a.column().name()));
                typeOf(a.column()).ifPresent(needs::add);
            }
            case TableAction.AddKeptColumn a -> creates.add(new ObjectRef.Column(t, a.column()));
            case TableAction.DropColumn d -> drops.add(new ObjectRef.Column(t, d.column()));
            case TableAction.AlterColumn a -> needs.add(new ObjectRef.Column(t, a.column()));
            case TableAction.RenameColumn r -> {
                drops.add(new ObjectRef.Column(t, r.from()));
                creates.add(new ObjectRef.Column(t, r.to()));
            }
            case TableAction.AddConstraint a -> {
                ConstraintClause clause = a.constraint();
                creates.add(new ObjectRef.Constraint(t, clause.name()));
                switch (clause) {
                    case ConstraintClause.Primary p -> creates.add(new ObjectRef.Key(t, Set.copyOf(p.key().columns())));
                    case ConstraintClause.Unique u -> creates.add(new ObjectRef.Key(t, Set.copyOf(u.unique().columns())));
                    case ConstraintClause.UsingIndex u -> {
                        needs.add(new ObjectRef.Index(QualifiedName.of(t.schema(), u.index())));
                        keyColumns(desired, t, u.name()).ifPresent(cols -> creates.add(new ObjectRef.Key(t, cols)));
                    }
                    case ConstraintClause.Foreign f -> {
                        needs.add(new ObjectRef.Key(f.key().target(), Set.copyOf(f.key().targetColumns())));
                        f.key().columns().forEach(c -> needs.add(new ObjectRef.Column(t, c)));
                    }
                    case ConstraintClause.Check c -> needs.addAll(columnsRead(t, c.check().expression()));
                    case ConstraintClause.NotNull n -> needs.add(new ObjectRef.Column(t, n.column()));
                    case ConstraintClause.Exclusion x -> { }
                }
            }
            case TableAction.DropConstraint d -> {
                drops.add(new ObjectRef.Constraint(t, d.name()));
                keyColumns(current, t, d.name()).ifPresent(cols -> drops.add(new ObjectRef.Key(t, cols)));
            }
            case TableAction.ValidateConstraint v -> needs.add(new ObjectRef.Constraint(t, v.name()));
            case TableAction.RenameConstraint r -> {
                drops.add(new ObjectRef.Constraint(t, r.from()));
                creates.add(new ObjectRef.Constraint(t, r.to()));
            }
            case TableAction.RenameTo r -> {
                drops.add(new ObjectRef.Table(t));
                creates.add(new ObjectRef.Table(QualifiedName.of(t.schema(), r.name())));
            }
            case TableAction.SetSchema s -> {
                drops.add(new ObjectRef.Table(t));
                creates.add(new ObjectRef.Table(QualifiedName.of(s.schema(), t.name())));
            }
            case TableAction.SetLogged l -> needs.add(new ObjectRef.Table(t));
            case TableAction.AttachPartition a -> {
                needs.add(new ObjectRef.Table(t));
                needs.add(new ObjectRef.Table(a.partition()));
            }
            case TableAction.DetachPartition d -> needs.add(new ObjectRef.Table(d.partition()));
            case TableAction.FinalizeDetachPartition f -> needs.add(new ObjectRef.Table(f.partition()));
        }
    }

    /** The user type a column is of (itself or an array of it): a domain or composite type a step may create. */
    private static Optional<ObjectRef> typeOf(Column column) {
        return column.type().elementType().userTypeName().map(ObjectRef.Type::new);
    }

    /** What an object reads, in the current or the desired catalog: it must be dropped before any of that is. */
    Set<ObjectRef> reads(ObjectRef object) {
        Set<ObjectRef> reads = new LinkedHashSet<>();
        for (Catalog catalog : List.of(current, desired)) {
            switch (object) {
                case ObjectRef.View v -> view(catalog, v.name())
                        .ifPresent(view -> reads.addAll(queryReads(v.name(), view.definition(), catalog)));
                case ObjectRef.Index i -> tables(catalog, i.name().schema()).forEach(table -> table.indexes().stream()
                        .filter(ix -> ix.name().equals(i.name().name())).forEach(ix -> {
                            QualifiedName t = QualifiedName.of(i.name().schema(), table.name());
                            for (IndexKey key : ix.keys()) {
                                switch (key.target()) {
                                    case IndexKey.ColumnTarget c -> reads.add(new ObjectRef.Column(t, c.column()));
                                    case IndexKey.ExpressionTarget e -> reads.addAll(columnsRead(t, e.sql(), table));
                                }
                            }
                            ix.where().ifPresent(w -> reads.addAll(columnsRead(t, w, table)));
                        }));
                case ObjectRef.Constraint c -> catalog.table(c.table()).ifPresent(table -> {
                    table.checks().stream().filter(k -> k.name().equals(c.name()))
                            .forEach(k -> reads.addAll(columnsRead(c.table(), k.expression(), table)));
                    table.foreignKeys().stream().filter(fk -> fk.name().equals(c.name())).forEach(fk ->
                            reads.add(new ObjectRef.Key(fk.target(), Set.copyOf(fk.targetColumns()))));
                });
                case ObjectRef.Object o -> catalog.schema(o.name().schema())
                        .flatMap(schema -> schema.object(o.kind(), o.name().name()))
                        .ifPresent(found -> needs(o.name(), found).forEach(n -> {
                            if (n.kind().equals(ObjectName.EXPRESSION)) {
                                reads.addAll(expressionReads(n, catalog, catalog.table(n.name())
                                        .map(table -> columnsRead(n.name(), n.part().orElseThrow(), table)).orElse(Set.of())));
                            } else if (n.kind().equals(ObjectName.QUERY)) {
                                reads.addAll(queryReads(n.name(), n.part().orElseThrow(), catalog));
                            } else {
                                reads.add(ref(n));
                            }
                        }));
                case ObjectRef.Schema s -> { }
                case ObjectRef.Table t -> { }
                case ObjectRef.Column c -> { }
                case ObjectRef.Key k -> { }
                case ObjectRef.Sequence s -> { }
                case ObjectRef.Type t -> { }
            }
        }
        reads.remove(object);
        return reads;
    }

    /**
     * What a model record needs; a routine also the row types and user types its arguments and result name (as its
     * {@code CREATE} does), which PostgreSQL records: a dropped function goes before a view whose row type it returns.
     * {@code name} is the object's schema and key.
     */
    public static Set<ObjectName> needs(QualifiedName name, SchemaObject object) {
        if (object instanceof Routine routine) {
            Set<ObjectName> needs = new LinkedHashSet<>(object.needs(name.schema()));
            needs.addAll(new RoutineStatement.Create(name, routine, false).needs());
            return needs;
        }
        return object.needs(name.schema());
    }

    /** The dependency graph's name for an object a model record or an object statement names. */
    static ObjectRef ref(ObjectName name) {
        QualifiedName n = name.name();
        return switch (name.kind()) {
            case ObjectName.SCHEMA -> new ObjectRef.Schema(n.schema());
            case ObjectName.TABLE -> new ObjectRef.Table(n);
            case ObjectName.COLUMN -> new ObjectRef.Column(n, name.part().orElseThrow());
            case ObjectName.VIEW -> new ObjectRef.View(n);
            case ObjectName.TYPE -> new ObjectRef.Type(n);
            case ObjectName.SEQUENCE -> new ObjectRef.Sequence(n);
            default -> new ObjectRef.Object(name.kind(), n);
        };
    }

    /** The tables, views and materialized views a view query names, with the columns of the tables it names. */
    private static Set<ObjectRef> queryReads(QualifiedName self, String query, Catalog catalog) {
        Set<String> words = Expressions.words(query);
        Set<ObjectRef> reads = new LinkedHashSet<>();
        for (var schema : catalog.schemas()) {
            for (Table table : schema.tables()) {
                QualifiedName name = QualifiedName.of(schema.name(), table.name());
                if (words.contains(table.name()) && !name.equals(self)) {
                    reads.add(new ObjectRef.Table(name));
                    table.columns().stream().map(Column::name).filter(words::contains)
                            .forEach(c -> reads.add(new ObjectRef.Column(name, c)));
                }
            }
            for (View view : schema.views()) {
                QualifiedName name = QualifiedName.of(schema.name(), view.name());
                if (words.contains(view.name()) && !name.equals(self)) {
                    reads.add(new ObjectRef.View(name));
                }
            }
            for (var m : schema.objects(MaterializedView.KIND)) {
                QualifiedName name = QualifiedName.of(schema.name(), m.key());
                if (words.contains(m.key()) && !name.equals(self)) {
                    reads.add(new ObjectRef.Object(MaterializedView.KIND, name));
                }
            }
        }
        return reads;
    }

    /** The columns an expression reads ({@code columns}) and the functions of {@code catalog} it calls. */
    private static Set<ObjectRef> expressionReads(ObjectName expression, Catalog catalog, Set<ObjectRef> columns) {
        Set<ObjectRef> reads = new LinkedHashSet<>(columns);
        RoutineCalls.in(catalog, expression.part().orElseThrow()).forEach(f -> reads.add(ref(f)));
        return reads;
    }

    private Set<ObjectRef> columnsRead(QualifiedName t, String expression) {
        Set<ObjectRef> reads = new LinkedHashSet<>();
        desired.table(t).ifPresent(table -> reads.addAll(columnsRead(t, expression, table)));
        return reads;
    }

    private static Set<ObjectRef> columnsRead(QualifiedName t, String expression, Table table) {
        Set<String> words = Expressions.words(expression);
        Set<ObjectRef> reads = new LinkedHashSet<>();
        table.columns().stream().map(Column::name).filter(words::contains)
                .forEach(c -> reads.add(new ObjectRef.Column(t, c)));
        return reads;
    }

    private static Optional<Set<String>> keyColumns(Catalog catalog, QualifiedName t, String constraint) {
        return catalog.table(t).flatMap(table -> Stream.concat(
                        table.primaryKey().stream().filter(pk -> pk.name().equals(constraint)).map(pk -> pk.columns()),
                        table.uniqueConstraints().stream().filter(u -> u.name().equals(constraint)).map(u -> u.columns()))
                .findFirst().map(Set::copyOf));
    }

    private static Optional<View> view(Catalog catalog, QualifiedName name) {
        return catalog.schema(name.schema()).flatMap(s -> s.views().stream().filter(v -> v.name().equals(name.name()))
                .findFirst());
    }

    private static List<Table> tables(Catalog catalog, String schema) {
        return catalog.schema(schema).map(dev.strata.model.Schema::tables).orElse(List.of());
    }
}
