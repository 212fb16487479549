package dev.strata.ddl;

import dev.strata.model.CheckConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.QualifiedName;
import dev.strata.model.PartitionOf;
import dev.strata.model.Table;
import dev.strata.model.ViewOptions;
import dev.strata.sql.ArrayCasts;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;
import dev.strata.sql.TypeNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The one place a {@link Statement} becomes SQL text (without a trailing semicolon). Names go through
 * {@link Identifiers}, literals through {@link Literals}, types through {@link TypeNames}; the clauses that
 * {@code CREATE TABLE} and {@code ALTER TABLE ... ADD} share come from {@link SqlRender}.
 */
public final class StatementRenderer {

    private static final String INDENT = "    ";

    private StatementRenderer() {}

    public static List<String> render(List<? extends Statement> statements) {
        return statements.stream().map(StatementRenderer::render).toList();
    }

    public static String render(Statement statement) {
        return switch (statement) {
            case SchemaStatement s -> schema(s);
            case TableStatement t -> table(t);
            case IndexStatement i -> index(i);
            case SequenceStatement s -> sequence(s);
            case TypeStatement t -> type(t);
            case ViewStatement v -> view(v);
            case CommentOn c -> comment(c);
            case TriggerStatement t -> trigger(t);
            case DataStatement d -> data(d);
            case Saved s -> s.text();
            case ObjectStatement o -> o.render();
        };
    }

    private static String schema(SchemaStatement statement) {
        return switch (statement) {
            case SchemaStatement.Create c -> "CREATE SCHEMA " + ifNotExists(c.ifNotExists()) + Identifiers.quote(c.schema());
            case SchemaStatement.Drop d -> "DROP SCHEMA " + ifExists(d.ifExists()) + Identifiers.quote(d.schema());
        };
    }

    // ---- tables ----

    private static String table(TableStatement statement) {
        String name = Identifiers.qualified(statement.table());
        return switch (statement) {
            case TableStatement.Create c -> createTable(name, c.definition(), c.withForeignKeys());
            case TableStatement.CreateKeeper k -> "CREATE TABLE " + name + " ("
                    + k.columns().stream().map(SqlRender::columnDefinition).collect(Collectors.joining(", "))
                    + ", PRIMARY KEY (" + Identifiers.list(k.primaryKey()) + "))";
            case TableStatement.Alter a -> "ALTER TABLE " + name + " "
                    + a.actions().stream().map(StatementRenderer::action).collect(Collectors.joining(", "));
            case TableStatement.Drop d -> "DROP TABLE " + ifExists(d.ifExists()) + name;
            case TableStatement.LockExclusive l -> "LOCK TABLE " + name + " IN ACCESS EXCLUSIVE MODE";
        };
    }

    private static String createTable(String name, Table table, boolean withForeignKeys) {
        Set<String> twins = TwinConstraints.of(table);
        List<String> elements = new ArrayList<>();
        table.columns().forEach(c -> elements.add(table.isPartition() ? SqlRender.partitionColumnOptions(c)
                : SqlRender.columnDefinition(c)));
        table.primaryKey().ifPresent(pk -> elements.add(SqlRender.primaryKeyClause(pk)));
        table.uniqueConstraints().stream().filter(u -> !twins.contains(u.name()))
                .forEach(u -> elements.add(SqlRender.uniqueClause(u)));
        table.checks().stream().filter(CheckConstraint::valid).forEach(c -> elements.add(SqlRender.checkClause(c)));
        table.exclusions().stream().filter(e -> !twins.contains(e.name()))
                .forEach(e -> elements.add(SqlRender.exclusionClause(e)));
        if (withForeignKeys) {
            table.foreignKeys().stream().filter(ForeignKey::valid).forEach(f -> elements.add(SqlRender.foreignKeyClause(f)));
        }
        String create = table.unlogged() ? "CREATE UNLOGGED TABLE " : "CREATE TABLE ";
        String partitionBy = table.partitionBy().map(p -> " PARTITION BY " + p).orElse("");
        if (table.partitionOf().isPresent()) {
            // A partition's columns are its parent's: only overrides and its own constraints are listed.
            PartitionOf of = table.partitionOf().get();
            String head = create + name + " PARTITION OF " + Identifiers.qualified(of.parent().schema(), of.parent().name());
            String body = elements.isEmpty() ? "" : " (\n"
                    + elements.stream().map(e -> INDENT + e).collect(Collectors.joining(",\n")) + "\n)";
            return head + body + " " + of.bound() + partitionBy;
        }
        if (elements.isEmpty()) {
            return create + name + " ()" + partitionBy;
        }
        return create + name + " (\n"
                + elements.stream().map(e -> INDENT + e).collect(Collectors.joining(",\n")) + "\n)" + partitionBy;
    }

    private static String action(TableAction action) {
        return switch (action) {
            case TableAction.AddColumn a -> "ADD COLUMN " + ifNotExists(a.ifNotExists()) + SqlRender.columnDefinition(a.column());
            case TableAction.AddKeptColumn k -> "ADD COLUMN " + Identifiers.quote(k.column()) + " " + k.type();
            case TableAction.DropColumn d -> "DROP COLUMN " + ifExists(d.ifExists()) + Identifiers.quote(d.column());
            case TableAction.AlterColumn a -> "ALTER COLUMN " + Identifiers.quote(a.column()) + " " + column(a.action());
            case TableAction.RenameColumn r -> "RENAME COLUMN " + Identifiers.quote(r.from()) + " TO " + Identifiers.quote(r.to());
            case TableAction.AddConstraint a -> "ADD " + constraint(a.constraint()) + (a.notValid() ? " NOT VALID" : "");
            case TableAction.DropConstraint d -> "DROP CONSTRAINT " + ifExists(d.ifExists()) + Identifiers.quote(d.name());
            case TableAction.ValidateConstraint v -> "VALIDATE CONSTRAINT " + Identifiers.quote(v.name());
            case TableAction.RenameConstraint r -> "RENAME CONSTRAINT " + Identifiers.quote(r.from()) + " TO " + Identifiers.quote(r.to());
            case TableAction.RenameTo r -> "RENAME TO " + Identifiers.quote(r.name());
            case TableAction.SetSchema s -> "SET SCHEMA " + Identifiers.quote(s.schema());
            case TableAction.SetLogged l -> l.logged() ? "SET LOGGED" : "SET UNLOGGED";
            case TableAction.AttachPartition a -> "ATTACH PARTITION " + Identifiers.qualified(a.partition()) + " " + a.bound();
            case TableAction.DetachPartition d -> "DETACH PARTITION " + Identifiers.qualified(d.partition())
                    + (d.concurrently() ? " CONCURRENTLY" : "");
            case TableAction.FinalizeDetachPartition f -> "DETACH PARTITION " + Identifiers.qualified(f.partition()) + " FINALIZE";
        };
    }

    private static String column(ColumnAction action) {
        return switch (action) {
            case ColumnAction.SetDefault d -> "SET DEFAULT (" + d.expression() + ")";
            case ColumnAction.DropDefault d -> "DROP DEFAULT";
            case ColumnAction.SetNotNull n -> "SET NOT NULL";
            case ColumnAction.DropNotNull n -> "DROP NOT NULL";
            case ColumnAction.SetType t -> "TYPE " + TypeNames.sql(t.type())
                    + t.collation().map(c -> " COLLATE " + SqlRender.collation(c)).orElse("")
                    + t.using().map(u -> " USING (" + u + ")").orElse("");
            case ColumnAction.AddIdentity i -> "ADD " + SqlRender.identityClause(i.identity(), i.columnType(), i.sequenceName());
            case ColumnAction.SetIdentity s -> {
                List<String> parts = new ArrayList<>();
                s.generation().ifPresent(g -> parts.add("SET GENERATED " + g.sql()));
                s.options().forEach(o -> parts.add("SET " + option(o)));
                yield String.join(" ", parts);
            }
            case ColumnAction.DropIdentity d -> "DROP IDENTITY" + (d.ifExists() ? " IF EXISTS" : "");
            case ColumnAction.SetExpression e -> "SET EXPRESSION AS (" + e.expression() + ")";
            case ColumnAction.DropExpression d -> "DROP EXPRESSION" + (d.ifExists() ? " IF EXISTS" : "");
        };
    }

    static String constraint(ConstraintClause clause) {
        return switch (clause) {
            case ConstraintClause.Primary p -> SqlRender.primaryKeyClause(p.key());
            case ConstraintClause.Unique u -> SqlRender.uniqueClause(u.unique());
            case ConstraintClause.Check c -> SqlRender.checkClause(c.check());
            case ConstraintClause.Exclusion e -> SqlRender.exclusionClause(e.exclusion());
            case ConstraintClause.Foreign f -> SqlRender.foreignKeyClause(f.key());
            case ConstraintClause.NotNull n -> "CONSTRAINT " + Identifiers.quote(n.name()) + " NOT NULL "
                    + Identifiers.quote(n.column());
            case ConstraintClause.UsingIndex u -> "CONSTRAINT " + Identifiers.quote(u.name())
                    + (u.primaryKey() ? " PRIMARY KEY" : " UNIQUE") + " USING INDEX " + Identifiers.quote(u.index())
                    + SqlRender.deferrability(u.deferrability());
        };
    }

    // ---- indexes ----

    private static String index(IndexStatement statement) {
        return switch (statement) {
            case IndexStatement.Create c -> createIndex(c.table(), c.definition(), c.concurrently(), c.ifNotExists(), false);
            case IndexStatement.CreateOnOnly c -> createIndex(c.table(), c.definition(), false, true, true);
            case IndexStatement.AttachPartition a -> "ALTER INDEX " + Identifiers.qualified(a.index()) + " ATTACH PARTITION "
                    + Identifiers.qualified(a.partitionIndex());
            case IndexStatement.Drop d -> "DROP INDEX " + (d.concurrently() ? "CONCURRENTLY " : "") + ifExists(d.ifExists())
                    + Identifiers.qualified(d.index());
            case IndexStatement.Rename r -> "ALTER INDEX " + ifExists(r.ifExists()) + Identifiers.qualified(r.index())
                    + " RENAME TO " + Identifiers.quote(r.to());
        };
    }

    private static String createIndex(QualifiedName table, Index index, boolean concurrently, boolean ifNotExists,
            boolean only) {
        var sql = new StringBuilder("CREATE ");
        if (index.unique()) {
            sql.append("UNIQUE ");
        }
        sql.append("INDEX ");
        if (concurrently) {
            sql.append("CONCURRENTLY ");
        }
        if (ifNotExists) {
            sql.append("IF NOT EXISTS ");
        }
        sql.append(Identifiers.quote(index.name())).append(only ? " ON ONLY " : " ON ").append(Identifiers.qualified(table))
                .append(" USING ").append(Identifiers.quote(index.method()))
                .append(" (").append(index.keys().stream().map(SqlRender::indexKey).collect(Collectors.joining(", ")))
                .append(')');
        if (!index.include().isEmpty()) {
            sql.append(" INCLUDE (").append(Identifiers.list(index.include())).append(')');
        }
        if (index.nullsNotDistinct()) {
            sql.append(" NULLS NOT DISTINCT");
        }
        if (!index.storageParameters().isEmpty()) {
            sql.append(" WITH (").append(SqlRender.storageParameters(index.storageParameters())).append(')');
        }
        index.where().ifPresent(w -> sql.append(" WHERE (").append(ArrayCasts.keepArrayCasts(w)).append(')'));
        return sql.toString();
    }

    // ---- sequences ----

    private static String sequence(SequenceStatement statement) {
        String name = Identifiers.qualified(statement.sequence());
        return switch (statement) {
            case SequenceStatement.Create c -> {
                var sql = new StringBuilder("CREATE SEQUENCE ").append(ifNotExists(c.ifNotExists())).append(name);
                if (!c.definition().type().equals(SqlRender.BIGINT)) {
                    sql.append(" AS ").append(TypeNames.sql(c.definition().type()));
                }
                String options = SqlRender.sequenceOptions(c.definition().options(), c.definition().type());
                if (!options.isEmpty()) {
                    sql.append(' ').append(options);
                }
                yield sql.toString();
            }
            case SequenceStatement.Alter a -> "ALTER SEQUENCE " + name + " "
                    + a.options().stream().map(StatementRenderer::option).collect(Collectors.joining(" "));
            case SequenceStatement.Drop d -> "DROP SEQUENCE " + ifExists(d.ifExists()) + name;
            case SequenceStatement.Rename r -> "ALTER SEQUENCE " + name + " RENAME TO " + Identifiers.quote(r.to());
        };
    }

    private static String option(SequenceOption option) {
        return switch (option) {
            case SequenceOption.As a -> "AS " + TypeNames.sql(a.type());
            case SequenceOption.IncrementBy i -> "INCREMENT BY " + i.value();
            case SequenceOption.MinValue m -> "MINVALUE " + m.value();
            case SequenceOption.MaxValue m -> "MAXVALUE " + m.value();
            case SequenceOption.StartWith s -> "START WITH " + s.value();
            case SequenceOption.Cache c -> "CACHE " + c.value();
            case SequenceOption.Cycle c -> c.cycle() ? "CYCLE" : "NO CYCLE";
            case SequenceOption.OwnedBy o -> "OWNED BY " + Identifiers.qualified(o.table()) + "." + Identifiers.quote(o.column());
            case SequenceOption.OwnedByNone n -> "OWNED BY NONE";
        };
    }

    // ---- types, views, comments ----

    private static String type(TypeStatement statement) {
        String name = Identifiers.qualified(statement.type());
        return switch (statement) {
            case TypeStatement.CreateEnum e -> "CREATE TYPE " + name + " AS ENUM ("
                    + e.labels().stream().map(Literals::quote).collect(Collectors.joining(", ")) + ")";
            case TypeStatement.AddEnumValue a -> "ALTER TYPE " + name + " ADD VALUE " + ifNotExists(a.ifNotExists())
                    + Literals.quote(a.label())
                    + a.placement().map(p -> (p.before() ? " BEFORE " : " AFTER ") + Literals.quote(p.neighbour())).orElse("");
            case TypeStatement.Drop d -> "DROP TYPE " + ifExists(d.ifExists()) + name;
        };
    }

    private static String view(ViewStatement statement) {
        String name = Identifiers.qualified(statement.view());
        return switch (statement) {
            case ViewStatement.Create c -> "CREATE VIEW " + name + (c.options().isNone() ? "" : " WITH ("
                    + String.join(", ", viewOptions(c.options()).values()) + ")") + " AS\n" + viewQuery(c.query());
            case ViewStatement.SetOptions o -> "ALTER VIEW " + name + " " + viewOptionChanges(o.from(), o.to());
            case ViewStatement.CreateOver o -> "CREATE VIEW " + name + " AS SELECT "
                    + (o.columns().isEmpty() ? "*" : Identifiers.list(o.columns())) + " FROM " + Identifiers.qualified(o.table());
            case ViewStatement.Drop d -> "DROP VIEW " + ifExists(d.ifExists()) + name;
        };
    }

    /** The options that are on, by name (in name order), each as {@code name=value}. */
    private static Map<String, String> viewOptions(ViewOptions options) {
        Map<String, String> on = new TreeMap<>();
        if (options.checkOption() != ViewOptions.CheckOption.NONE) {
            on.put("check_option", "check_option=" + options.checkOption().word());
        }
        if (options.securityBarrier()) {
            on.put("security_barrier", "security_barrier=true");
        }
        if (options.securityInvoker()) {
            on.put("security_invoker", "security_invoker=true");
        }
        return on;
    }

    private static String viewOptionChanges(ViewOptions from, ViewOptions to) {
        Map<String, String> was = viewOptions(from);
        Map<String, String> is = viewOptions(to);
        List<String> set = is.entrySet().stream().filter(e -> !e.getValue().equals(was.get(e.getKey())))
                .map(Map.Entry::getValue).toList();
        List<String> reset = was.keySet().stream().filter(k -> !is.containsKey(k)).toList();
        List<String> actions = new ArrayList<>();
        if (!set.isEmpty()) {
            actions.add("SET (" + String.join(", ", set) + ")");
        }
        if (!reset.isEmpty()) {
            actions.add("RESET (" + String.join(", ", reset) + ")");
        }
        return String.join(", ", actions);
    }

    static String viewQuery(String definition) {
        String query = definition.strip();
        while (query.endsWith(";")) {
            query = query.substring(0, query.length() - 1).stripTrailing();
        }
        return query;
    }

    private static String comment(CommentOn comment) {
        String target = switch (comment.target()) {
            case CommentOn.Target.Table t -> "TABLE " + Identifiers.qualified(t.table());
            case CommentOn.Target.Column c -> "COLUMN " + Identifiers.qualified(c.table()) + "." + Identifiers.quote(c.column());
            case CommentOn.Target.Type t -> "TYPE " + Identifiers.qualified(t.type());
            case CommentOn.Target.Sequence s -> "SEQUENCE " + Identifiers.qualified(s.sequence());
            case CommentOn.Target.View v -> "VIEW " + Identifiers.qualified(v.view());
            case CommentOn.Target.Index i -> "INDEX " + Identifiers.qualified(i.index());
            case CommentOn.Target.Constraint c ->
                    "CONSTRAINT " + Identifiers.quote(c.constraint()) + " ON " + Identifiers.qualified(c.table());
            case CommentOn.Target.Function f -> "FUNCTION " + Identifiers.qualified(f.function()) + "()";
        };
        return "COMMENT ON " + target + " IS " + comment.text().map(Literals::quote).orElse("NULL");
    }

    // ---- triggers ----

    private static String trigger(TriggerStatement statement) {
        return switch (statement) {
            case TriggerStatement.CreateFunction f -> "CREATE OR REPLACE FUNCTION " + Identifiers.qualified(f.function())
                    + "() RETURNS trigger LANGUAGE plpgsql AS "
                    + Literals.dollarQuoted("\nBEGIN\n" + f.body() + "\n  RETURN NEW;\nEND\n");
            case TriggerStatement.CreateTrigger t -> "CREATE OR REPLACE TRIGGER " + Identifiers.quote(t.name())
                    + " BEFORE INSERT OR UPDATE ON " + Identifiers.qualified(t.table())
                    + " FOR EACH ROW EXECUTE FUNCTION " + Identifiers.qualified(t.function()) + "()";
            case TriggerStatement.DropTrigger t -> "DROP TRIGGER " + ifExists(t.ifExists()) + Identifiers.quote(t.name())
                    + " ON " + Identifiers.qualified(t.table());
            case TriggerStatement.DropFunction f -> "DROP FUNCTION " + ifExists(f.ifExists())
                    + Identifiers.qualified(f.function()) + "()";
        };
    }

    // ---- data ----

    private static String data(DataStatement statement) {
        return switch (statement) {
            case DataStatement.RequireEmpty r -> "DO " + Literals.dollarQuoted("\nBEGIN\n  IF EXISTS (SELECT 1 FROM "
                    + Identifiers.qualified(r.table()) + ") THEN\n"
                    + "    RAISE EXCEPTION USING ERRCODE = 'object_not_in_prerequisite_state', MESSAGE = "
                    + Literals.quote(r.message()) + ";\n  END IF;\nEND\n");
            case DataStatement.IfEmpty e -> {
                StringBuilder body = new StringBuilder("\nBEGIN\n  IF EXISTS (SELECT 1 FROM ").append(Identifiers.qualified(e.table()))
                        .append(") THEN\n    RETURN;\n  END IF;\n");
                for (Statement inner : e.statements()) {
                    body.append("  EXECUTE ").append(Literals.quote(render(inner))).append(";\n");
                }
                yield "DO " + Literals.dollarQuoted(body.append("END\n").toString());
            }
            case DataStatement.RequireCastBothWays c -> {
                String from = TypeNames.sql(c.from());
                String body = "BEGIN\n  PERFORM CAST(CAST(NULL::" + from + " AS " + TypeNames.sql(c.to()) + ") AS " + from + ");\n"
                        + "EXCEPTION WHEN cannot_coerce THEN\n  RAISE EXCEPTION USING ERRCODE = 'cannot_coerce', MESSAGE = "
                        + Literals.quote(c.message()) + ";\nEND";
                yield "DO " + Literals.dollarQuoted("\n" + body + "\n");
            }
            case DataStatement.ContinueIdentityAfterMax m -> "SELECT setval(" + identitySequence(m.table(), m.column())
                    + ", max(" + Identifiers.quote(m.column()) + ")) FROM " + Identifiers.qualified(m.table());
            case DataStatement.ContinueIdentityFrom f -> "SELECT setval(" + identitySequence(f.table(), f.column())
                    + ", last_value, is_called) FROM " + Identifiers.qualified(f.sequence());
            case DataStatement.CopyBack c -> "UPDATE " + Identifiers.qualified(c.table()) + " AS t SET "
                    + Identifiers.quote(c.column()) + " = a." + Identifiers.quote(c.column()) + " FROM "
                    + Identifiers.qualified(c.archive()) + " AS a WHERE " + c.key().stream()
                    .map(k -> "t." + Identifiers.quote(k) + " = a." + Identifiers.quote(k))
                    .collect(Collectors.joining(" AND "));
        };
    }

    /**
     * The identity's own sequence, whatever its name: the one sequence bound to the column by an internal dependency.
     * Not {@code pg_get_serial_sequence}, which also answers with a serial's sequence (an auto dependency) and takes
     * whichever it finds first, so on a former serial column it could move the old sequence and leave the identity's
     * at 1.
     */
    private static String identitySequence(QualifiedName table, String column) {
        String regclass = Literals.quote(Identifiers.qualified(table)) + "::regclass";
        return "(SELECT d.objid::regclass FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid"
                + " AND a.attnum = d.refobjsubid WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass"
                + " AND d.refobjid = " + regclass + " AND a.attname = " + Literals.quote(column) + " AND d.deptype = 'i')";
    }

    private static String ifExists(boolean ifExists) {
        return ifExists ? "IF EXISTS " : "";
    }

    private static String ifNotExists(boolean ifNotExists) {
        return ifNotExists ? "IF NOT EXISTS " : "";
    }
}
