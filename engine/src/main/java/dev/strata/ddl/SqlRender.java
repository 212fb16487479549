package dev.strata.ddl;

import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.EnumType;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.ForeignKey;
import dev.strata.model.Identity;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.model.UniqueConstraint;
import dev.strata.model.View;
import dev.strata.sql.ArrayCasts;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;
import dev.strata.sql.OperatorNames;
import dev.strata.sql.QualifiedNames;
import dev.strata.sql.TypeNames;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Renders single model pieces as SQL clauses: the bodies that {@code CREATE TABLE} and
 * {@code ALTER TABLE ... ADD} share, which {@link StatementRenderer} assembles into statements. The
 * statement methods here ({@link #createTable}, {@link #createIndex}, ...) render a {@link Statement}
 * for callers that only want its text.
 *
 * <p>Names always go through {@link Identifiers} (operator classes and collations through
 * {@link QualifiedNames}, exclusion operators through {@link OperatorNames}), types through
 * {@link TypeNames#sql}, comments and storage parameter values through {@link Literals}. Expressions (defaults, checks, generated columns, index keys and
 * predicates, view queries) are SQL text from the model and are inserted as they are, wrapped in
 * parentheses wherever the grammar would otherwise bind them differently ({@code DEFAULT} only
 * takes a restricted expression, so it is always parenthesized).
 */
public final class SqlRender {

    static final DataType BIGINT = DataType.builtin("bigint");

    private SqlRender() {}

    // ---- columns ----

    /** {@code name type [COLLATE c] [DEFAULT (e) | GENERATED ...] [NOT NULL]}. */
    public static String columnDefinition(Column column) {
        var sql = new StringBuilder(Identifiers.quote(column.name())).append(' ').append(TypeNames.sql(column.type()));
        column.collation().ifPresent(c -> sql.append(" COLLATE ").append(collation(c)));
        column.defaultValue().ifPresent(d -> sql.append(" DEFAULT (").append(d).append(')'));
        column.generatedAs().ifPresent(g -> sql.append(" GENERATED ALWAYS AS (").append(g)
                .append(column.virtual() ? ") VIRTUAL" : ") STORED"));
        column.identity().ifPresent(i -> sql.append(' ').append(identityClause(i, column.type())));
        if (!column.nullable()) {
            column.notNullName().ifPresent(n -> sql.append(" CONSTRAINT ").append(Identifiers.quote(n)));
            sql.append(" NOT NULL");
        }
        return sql.toString();
    }

    /**
     * A partition's column override in {@code CREATE TABLE … PARTITION OF}: {@code col WITH OPTIONS [DEFAULT (…)]
     * [CONSTRAINT name] NOT NULL}; the type is the parent's.
     */
    public static String partitionColumnOptions(Column column) {
        var sql = new StringBuilder(Identifiers.quote(column.name())).append(" WITH OPTIONS");
        column.defaultValue().ifPresent(d -> sql.append(" DEFAULT (").append(d).append(')'));
        if (!column.nullable()) {
            column.notNullName().ifPresent(n -> sql.append(" CONSTRAINT ").append(Identifiers.quote(n)));
            sql.append(" NOT NULL");
        }
        return sql.toString();
    }

    /**
     * {@code GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(options)]}, listing only the options that
     * differ from what PostgreSQL would choose for the column's type.
     */
    public static String identityClause(Identity identity, DataType columnType) {
        return identityClause(identity, columnType, Optional.empty());
    }

    /** {@link #identityClause(Identity, DataType)} with its sequence named ({@code SEQUENCE NAME}) when given. */
    public static String identityClause(Identity identity, DataType columnType, Optional<QualifiedName> sequenceName) {
        String options = sequenceName.map(n -> "SEQUENCE NAME " + Identifiers.qualified(n.schema(), n.name()) + " ").orElse("")
                + sequenceOptions(identity.options(), columnType);
        options = options.strip();
        return "GENERATED " + identity.generation().sql() + " AS IDENTITY" + (options.isEmpty() ? "" : " (" + options + ")");
    }

    /**
     * A collation name: a single name (no dot outside double quotes) is quoted whole, so {@code C}
     * becomes {@code "C"}; {@code schema.name} is split at that dot and each part quoted, a part
     * already in double quotes being unquoted first. Bare parts keep their case, as collation
     * names are case-sensitive.
     */
    public static String collation(String name) {
        return QualifiedNames.sql(name);
    }

    // ---- sequences ----

    /**
     * The options of a sequence of the given type, space-separated, in {@code CREATE SEQUENCE}
     * order, omitting every option equal to PostgreSQL's default. The default START depends on
     * MINVALUE/MAXVALUE, so it is compared with the effective bound rather than the type's.
     */
    public static String sequenceOptions(SequenceOptions options, DataType type) {
        SequenceOptions defaults = SequenceOptions.defaultsFor(type, options.increment());
        List<String> parts = new ArrayList<>();
        if (options.increment() != 1) {
            parts.add("INCREMENT BY " + options.increment());
        }
        if (options.minValue() != defaults.minValue()) {
            parts.add("MINVALUE " + options.minValue());
        }
        if (options.maxValue() != defaults.maxValue()) {
            parts.add("MAXVALUE " + options.maxValue());
        }
        long defaultStart = options.increment() > 0 ? options.minValue() : options.maxValue();
        if (options.start() != defaultStart) {
            parts.add("START WITH " + options.start());
        }
        if (options.cache() != 1) {
            parts.add("CACHE " + options.cache());
        }
        if (options.cycle()) {
            parts.add("CYCLE");
        }
        return String.join(" ", parts);
    }

    /** {@code CREATE SEQUENCE} without {@code OWNED BY} (the owning table may not exist yet). */
    public static String createSequence(String schema, Sequence sequence) {
        return new SequenceStatement.Create(QualifiedName.of(schema, sequence.name()), sequence, false).sql();
    }

    /** {@code ALTER SEQUENCE ... OWNED BY table.column}, or {@code OWNED BY NONE} when empty. */
    public static String alterSequenceOwnedBy(QualifiedName sequence, Optional<Sequence.OwnedBy> ownedBy) {
        return SequenceStatement.Alter.ownedBy(sequence, ownedBy).sql();
    }

    // ---- types ----

    /** {@code CREATE TYPE name AS ENUM ('a', 'b')}. */
    public static String createEnum(String schema, EnumType enumType) {
        return new TypeStatement.CreateEnum(QualifiedName.of(schema, enumType.name()), enumType.labels()).sql();
    }

    // ---- tables and constraints ----

    /**
     * {@code CREATE TABLE} named {@code name} (the table's own name is ignored, so a planner can
     * build it under another name), with columns and every constraint inline except foreign keys
     * (only when asked, since their targets may not exist yet) and twins: unique and exclusion
     * constraints PostgreSQL would silently merge into an earlier identical one, which
     * {@link #addTwinConstraints} adds afterwards, and checks and foreign keys declared {@code NOT VALID}, which
     * {@link #notValidConstraints} adds afterwards.
     */
    public static String createTable(QualifiedName name, Table table, boolean withForeignKeys) {
        return new TableStatement.Create(name, table, withForeignKeys).sql();
    }

    /**
     * One {@code ALTER TABLE ... ADD} per constraint that {@link #createTable} leaves out because an
     * identical primary key, unique or exclusion constraint comes earlier in the same table: a
     * statement of its own is the only way PostgreSQL keeps both.
     */
    public static List<String> addTwinConstraints(QualifiedName name, Table table) {
        return StatementRenderer.render(twinConstraints(name, table));
    }

    /** The statements of {@link #addTwinConstraints}. */
    public static List<Statement> twinConstraints(QualifiedName name, Table table) {
        Set<String> twins = TwinConstraints.of(table);
        List<Statement> out = new ArrayList<>();
        table.uniqueConstraints().stream().filter(u -> twins.contains(u.name())).forEach(u -> out.add(TableStatement.Alter.of(
                name, new TableAction.AddConstraint(new ConstraintClause.Unique(u), false))));
        table.exclusions().stream().filter(e -> twins.contains(e.name())).forEach(e -> out.add(TableStatement.Alter.of(
                name, new TableAction.AddConstraint(new ConstraintClause.Exclusion(e), false))));
        return out;
    }

    /**
     * One {@code ALTER TABLE ... ADD ... NOT VALID} per check (and, when asked, foreign key) declared {@code NOT VALID},
     * which {@link #createTable} leaves out: {@code CREATE TABLE} cannot declare a constraint not valid.
     */
    public static List<Statement> notValidConstraints(QualifiedName name, Table table, boolean withForeignKeys) {
        List<Statement> out = new ArrayList<>();
        table.checks().stream().filter(c -> !c.valid()).forEach(c -> out.add(TableStatement.Alter.of(
                name, new TableAction.AddConstraint(new ConstraintClause.Check(c), true))));
        if (withForeignKeys) {
            table.foreignKeys().stream().filter(f -> !f.valid()).forEach(f -> out.add(TableStatement.Alter.of(
                    name, new TableAction.AddConstraint(new ConstraintClause.Foreign(f), true))));
        }
        return out;
    }

    /** {@code CONSTRAINT name PRIMARY KEY (columns)}. */
    public static String primaryKeyClause(PrimaryKey primaryKey) {
        return constraint(primaryKey.name()) + "PRIMARY KEY (" + keyColumns(primaryKey.columns(), primaryKey.withoutOverlaps()) + ")";
    }

    /** {@code CONSTRAINT name UNIQUE [NULLS NOT DISTINCT] (columns) [DEFERRABLE ...]}. */
    public static String uniqueClause(UniqueConstraint unique) {
        return constraint(unique.name()) + "UNIQUE" + (unique.nullsNotDistinct() ? " NULLS NOT DISTINCT" : "")
                + " (" + keyColumns(unique.columns(), unique.withoutOverlaps()) + ")" + deferrability(unique.deferrability());
    }

    /** A key's column list, its last column marked {@code WITHOUT OVERLAPS} for a temporal key (PostgreSQL 18). */
    private static String keyColumns(List<String> columns, boolean withoutOverlaps) {
        String list = Identifiers.list(columns);
        return withoutOverlaps ? list + " WITHOUT OVERLAPS" : list;
    }

    /** A foreign key's column list (either side), its last column a {@code PERIOD} for a temporal key (PostgreSQL 18). */
    private static String periodColumns(List<String> columns, boolean period) {
        if (!period) {
            return Identifiers.list(columns);
        }
        String last = "PERIOD " + Identifiers.quote(columns.getLast());
        return columns.size() == 1 ? last : Identifiers.list(columns.subList(0, columns.size() - 1)) + ", " + last;
    }

    /** {@code CONSTRAINT name CHECK (expression) [NO INHERIT]}. */
    public static String checkClause(CheckConstraint check) {
        return constraint(check.name()) + "CHECK (" + ArrayCasts.keepArrayCasts(check.expression()) + ")" + (check.noInherit() ? " NO INHERIT" : "");
    }

    /** {@code CONSTRAINT name EXCLUDE USING method (key WITH op, ...) [WHERE (p)] [DEFERRABLE ...]}. */
    public static String exclusionClause(ExclusionConstraint exclusion) {
        String elements = exclusion.elements().stream()
                .map(e -> indexKey(e.key()) + " WITH " + OperatorNames.sql(e.operator()))
                .collect(Collectors.joining(", "));
        return constraint(exclusion.name()) + "EXCLUDE USING " + Identifiers.quote(exclusion.method())
                + " (" + elements + ")"
                + exclusion.where().map(w -> " WHERE (" + ArrayCasts.keepArrayCasts(w) + ")").orElse("")
                + deferrability(exclusion.deferrability());
    }

    /**
     * {@code CONSTRAINT name FOREIGN KEY (columns) REFERENCES target (columns)} followed by the
     * MATCH type, actions and deferrability when they differ from the defaults.
     */
    public static String foreignKeyClause(ForeignKey foreignKey) {
        var sql = new StringBuilder(constraint(foreignKey.name()))
                .append("FOREIGN KEY (").append(periodColumns(foreignKey.columns(), foreignKey.period())).append(")")
                .append(" REFERENCES ").append(Identifiers.qualified(foreignKey.target()))
                .append(" (").append(periodColumns(foreignKey.targetColumns(), foreignKey.period())).append(")");
        if (foreignKey.match() != ForeignKey.Match.SIMPLE) {
            sql.append(" MATCH ").append(foreignKey.match().sql());
        }
        if (foreignKey.onUpdate() != ForeignKey.Action.NO_ACTION) {
            sql.append(" ON UPDATE ").append(foreignKey.onUpdate().sql());
        }
        if (foreignKey.onDelete() != ForeignKey.Action.NO_ACTION) {
            sql.append(" ON DELETE ").append(foreignKey.onDelete().sql());
        }
        return sql.append(deferrability(foreignKey.deferrability())).toString();
    }


    // ---- indexes ----

    /**
     * {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON table USING method (keys) [INCLUDE (...)]
     * [NULLS NOT DISTINCT] [WITH (...)] [WHERE (...)]}. The index name is not qualified: an index
     * always lives in its table's schema.
     */
    public static String createIndex(QualifiedName table, Index index, boolean concurrently) {
        return new IndexStatement.Create(table, index, concurrently, false).sql();
    }


    /** One index or exclusion key: {@code column|(expression) [opclass] [DESC] [NULLS FIRST|LAST]}. */
    public static String indexKey(IndexKey key) {
        var sql = new StringBuilder(switch (key.target()) {
            case IndexKey.ColumnTarget c -> Identifiers.quote(c.column());
            case IndexKey.ExpressionTarget e -> "(" + e.sql() + ")";
        });
        key.opclass().ifPresent(o -> sql.append(' ').append(QualifiedNames.sql(o)));
        if (key.descending()) {
            sql.append(" DESC");
        }
        if (key.hasExplicitNullsOrder()) {
            sql.append(key.nullsFirst() ? " NULLS FIRST" : " NULLS LAST");
        }
        return sql.toString();
    }

    /**
     * {@code name = 'value', ...}; values are always string literals, which PostgreSQL accepts for
     * every reloption and which keeps arbitrary text inert.
     */
    public static String storageParameters(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(p -> storageParameterName(p.getKey()) + " = " + Literals.quote(p.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** A parameter's name; one of the TOAST table's ({@code toast.autovacuum_enabled}) is namespace dot name. */
    public static String storageParameterName(String name) {
        int dot = name.indexOf('.');
        return dot < 0 ? Identifiers.quote(name)
                : Identifiers.quote(name.substring(0, dot)) + "." + Identifiers.quote(name.substring(dot + 1));
    }

    // ---- views ----

    /**
     * {@code CREATE VIEW name AS query}. A trailing semicolon (as {@code pg_get_viewdef} prints it)
     * and surrounding whitespace are dropped.
     */
    public static String createView(String schema, View view) {
        return new ViewStatement.Create(QualifiedName.of(schema, view.name()), view.definition(), view.options()).sql();
    }

    // ---- comments ----

    public static String commentOnTable(QualifiedName table, Optional<String> comment) {
        return CommentOn.table(table, comment).sql();
    }

    public static String commentOnColumn(QualifiedName table, String column, Optional<String> comment) {
        return CommentOn.column(table, column, comment).sql();
    }

    public static String commentOnType(QualifiedName type, Optional<String> comment) {
        return CommentOn.type(type, comment).sql();
    }

    public static String commentOnSequence(QualifiedName sequence, Optional<String> comment) {
        return CommentOn.sequence(sequence, comment).sql();
    }

    public static String commentOnView(QualifiedName view, Optional<String> comment) {
        return CommentOn.view(view, comment).sql();
    }


    // ---- shared pieces ----

    private static String constraint(String name) {
        return "CONSTRAINT " + Identifiers.quote(name) + " ";
    }

    static String deferrability(Deferrability deferrability) {
        return deferrability == Deferrability.NOT_DEFERRABLE ? "" : " " + deferrability.sql();
    }
}
