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
 * Renders single model pieces as SQL. Statements carry no trailing semicolon; clauses are the
 * bodies that {@code CREATE TABLE} and {@code ALTER TABLE ... ADD} share, so the planner can reuse
 * them one by one.
 *
 * <p>Names always go through {@link Identifiers} (operator classes and collations through
 * {@link QualifiedNames}, exclusion operators through {@link OperatorNames}), types through
 * {@link TypeNames#sql}, comments and storage parameter values through {@link Literals}. Expressions (defaults, checks, generated columns, index keys and
 * predicates, view queries) are SQL text from the model and are inserted as they are, wrapped in
 * parentheses wherever the grammar would otherwise bind them differently ({@code DEFAULT} only
 * takes a restricted expression, so it is always parenthesized).
 */
public final class SqlRender {

    private static final String INDENT = "    ";
    private static final DataType BIGINT = DataType.builtin("bigint");

    private SqlRender() {}

    // ---- columns ----

    /** {@code name type [COLLATE c] [DEFAULT (e) | GENERATED ...] [NOT NULL]}. */
    public static String columnDefinition(Column column) {
        var sql = new StringBuilder(Identifiers.quote(column.name())).append(' ').append(TypeNames.sql(column.type()));
        column.collation().ifPresent(c -> sql.append(" COLLATE ").append(collation(c)));
        column.defaultValue().ifPresent(d -> sql.append(" DEFAULT (").append(d).append(')'));
        column.generatedAs().ifPresent(g -> sql.append(" GENERATED ALWAYS AS (").append(g).append(") STORED"));
        column.identity().ifPresent(i -> sql.append(' ').append(identityClause(i, column.type())));
        if (!column.nullable()) {
            sql.append(" NOT NULL");
        }
        return sql.toString();
    }

    /**
     * {@code GENERATED ALWAYS|BY DEFAULT AS IDENTITY [(options)]}, listing only the options that
     * differ from what PostgreSQL would choose for the column's type.
     */
    public static String identityClause(Identity identity, DataType columnType) {
        String options = sequenceOptions(identity.options(), columnType);
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
        var sql = new StringBuilder("CREATE SEQUENCE ").append(Identifiers.qualified(schema, sequence.name()));
        if (!sequence.type().equals(BIGINT)) {
            sql.append(" AS ").append(TypeNames.sql(sequence.type()));
        }
        String options = sequenceOptions(sequence.options(), sequence.type());
        if (!options.isEmpty()) {
            sql.append(' ').append(options);
        }
        return sql.toString();
    }

    /** {@code ALTER SEQUENCE ... OWNED BY table.column}, or {@code OWNED BY NONE} when empty. */
    public static String alterSequenceOwnedBy(QualifiedName sequence, Optional<Sequence.OwnedBy> ownedBy) {
        String owner = ownedBy
                .map(o -> Identifiers.qualified(sequence.schema(), o.table()) + "." + Identifiers.quote(o.column()))
                .orElse("NONE");
        return "ALTER SEQUENCE " + Identifiers.qualified(sequence) + " OWNED BY " + owner;
    }

    // ---- types ----

    /** {@code CREATE TYPE name AS ENUM ('a', 'b')}. */
    public static String createEnum(String schema, EnumType enumType) {
        return "CREATE TYPE " + Identifiers.qualified(schema, enumType.name()) + " AS ENUM ("
                + enumType.labels().stream().map(Literals::quote).collect(Collectors.joining(", ")) + ")";
    }

    // ---- tables and constraints ----

    /**
     * {@code CREATE TABLE} named {@code name} (the table's own name is ignored, so a planner can
     * build it under another name), with columns and every constraint inline except foreign keys
     * (only when asked, since their targets may not exist yet) and twins: unique and exclusion
     * constraints PostgreSQL would silently merge into an earlier identical one, which
     * {@link #addTwinConstraints} adds afterwards.
     */
    public static String createTable(QualifiedName name, Table table, boolean withForeignKeys) {
        Set<String> twins = TwinConstraints.of(table);
        List<String> elements = new ArrayList<>();
        table.columns().forEach(c -> elements.add(columnDefinition(c)));
        table.primaryKey().ifPresent(pk -> elements.add(primaryKeyClause(pk)));
        table.uniqueConstraints().stream().filter(u -> !twins.contains(u.name())).forEach(u -> elements.add(uniqueClause(u)));
        table.checks().forEach(c -> elements.add(checkClause(c)));
        table.exclusions().stream().filter(e -> !twins.contains(e.name())).forEach(e -> elements.add(exclusionClause(e)));
        if (withForeignKeys) {
            table.foreignKeys().forEach(f -> elements.add(foreignKeyClause(f)));
        }
        if (elements.isEmpty()) {
            return "CREATE TABLE " + Identifiers.qualified(name) + " ()";
        }
        return "CREATE TABLE " + Identifiers.qualified(name) + " (\n"
                + elements.stream().map(e -> INDENT + e).collect(Collectors.joining(",\n")) + "\n)";
    }

    /**
     * One {@code ALTER TABLE ... ADD} per constraint that {@link #createTable} leaves out because an
     * identical primary key, unique or exclusion constraint comes earlier in the same table: a
     * statement of its own is the only way PostgreSQL keeps both.
     */
    public static List<String> addTwinConstraints(QualifiedName name, Table table) {
        Set<String> twins = TwinConstraints.of(table);
        List<String> out = new ArrayList<>();
        table.uniqueConstraints().stream().filter(u -> twins.contains(u.name()))
                .forEach(u -> out.add(addConstraint(name, uniqueClause(u))));
        table.exclusions().stream().filter(e -> twins.contains(e.name()))
                .forEach(e -> out.add(addConstraint(name, exclusionClause(e))));
        return out;
    }

    /** {@code CONSTRAINT name PRIMARY KEY (columns)}. */
    public static String primaryKeyClause(PrimaryKey primaryKey) {
        return constraint(primaryKey.name()) + "PRIMARY KEY (" + Identifiers.list(primaryKey.columns()) + ")";
    }

    /** {@code CONSTRAINT name UNIQUE [NULLS NOT DISTINCT] (columns) [DEFERRABLE ...]}. */
    public static String uniqueClause(UniqueConstraint unique) {
        return constraint(unique.name()) + "UNIQUE" + (unique.nullsNotDistinct() ? " NULLS NOT DISTINCT" : "")
                + " (" + Identifiers.list(unique.columns()) + ")" + deferrability(unique.deferrability());
    }

    /** {@code CONSTRAINT name CHECK (expression) [NO INHERIT]}. */
    public static String checkClause(CheckConstraint check) {
        return constraint(check.name()) + "CHECK (" + check.expression() + ")" + (check.noInherit() ? " NO INHERIT" : "");
    }

    /** {@code CONSTRAINT name EXCLUDE USING method (key WITH op, ...) [WHERE (p)] [DEFERRABLE ...]}. */
    public static String exclusionClause(ExclusionConstraint exclusion) {
        String elements = exclusion.elements().stream()
                .map(e -> indexKey(e.key()) + " WITH " + OperatorNames.sql(e.operator()))
                .collect(Collectors.joining(", "));
        return constraint(exclusion.name()) + "EXCLUDE USING " + Identifiers.quote(exclusion.method())
                + " (" + elements + ")"
                + exclusion.where().map(w -> " WHERE (" + w + ")").orElse("")
                + deferrability(exclusion.deferrability());
    }

    /**
     * {@code CONSTRAINT name FOREIGN KEY (columns) REFERENCES target (columns)} followed by the
     * MATCH type, actions and deferrability when they differ from the defaults.
     */
    public static String foreignKeyClause(ForeignKey foreignKey) {
        var sql = new StringBuilder(constraint(foreignKey.name()))
                .append("FOREIGN KEY (").append(Identifiers.list(foreignKey.columns())).append(")")
                .append(" REFERENCES ").append(Identifiers.qualified(foreignKey.target()))
                .append(" (").append(Identifiers.list(foreignKey.targetColumns())).append(")");
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

    /** {@code ALTER TABLE table ADD clause}, for any clause rendered above. */
    public static String addConstraint(QualifiedName table, String constraintClause) {
        return "ALTER TABLE " + Identifiers.qualified(table) + " ADD " + constraintClause;
    }

    // ---- indexes ----

    /**
     * {@code CREATE [UNIQUE] INDEX [CONCURRENTLY] name ON table USING method (keys) [INCLUDE (...)]
     * [NULLS NOT DISTINCT] [WITH (...)] [WHERE (...)]}. The index name is not qualified: an index
     * always lives in its table's schema.
     */
    public static String createIndex(QualifiedName table, Index index, boolean concurrently) {
        var sql = new StringBuilder("CREATE ");
        if (index.unique()) {
            sql.append("UNIQUE ");
        }
        sql.append("INDEX ");
        if (concurrently) {
            sql.append("CONCURRENTLY ");
        }
        sql.append(Identifiers.quote(index.name())).append(" ON ").append(Identifiers.qualified(table))
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
            sql.append(" WITH (").append(storageParameters(index.storageParameters())).append(')');
        }
        index.where().ifPresent(w -> sql.append(" WHERE (").append(w).append(')'));
        return sql.toString();
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
                .map(p -> Identifiers.quote(p.getKey()) + " = " + Literals.quote(p.getValue()))
                .collect(Collectors.joining(", "));
    }

    // ---- views ----

    /**
     * {@code CREATE VIEW name AS query}. A trailing semicolon (as {@code pg_get_viewdef} prints it)
     * and surrounding whitespace are dropped.
     */
    public static String createView(String schema, View view) {
        return "CREATE VIEW " + Identifiers.qualified(schema, view.name()) + " AS\n" + viewQuery(view.definition());
    }

    private static String viewQuery(String definition) {
        String query = definition.strip();
        while (query.endsWith(";")) {
            query = query.substring(0, query.length() - 1).stripTrailing();
        }
        return query;
    }

    // ---- comments ----

    public static String commentOnTable(QualifiedName table, Optional<String> comment) {
        return comment("TABLE", Identifiers.qualified(table), comment);
    }

    public static String commentOnColumn(QualifiedName table, String column, Optional<String> comment) {
        return comment("COLUMN", Identifiers.qualified(table) + "." + Identifiers.quote(column), comment);
    }

    public static String commentOnType(QualifiedName type, Optional<String> comment) {
        return comment("TYPE", Identifiers.qualified(type), comment);
    }

    public static String commentOnSequence(QualifiedName sequence, Optional<String> comment) {
        return comment("SEQUENCE", Identifiers.qualified(sequence), comment);
    }

    public static String commentOnView(QualifiedName view, Optional<String> comment) {
        return comment("VIEW", Identifiers.qualified(view), comment);
    }

    private static String comment(String kind, String target, Optional<String> comment) {
        return "COMMENT ON " + kind + " " + target + " IS " + comment.map(Literals::quote).orElse("NULL");
    }

    // ---- shared pieces ----

    private static String constraint(String name) {
        return "CONSTRAINT " + Identifiers.quote(name) + " ";
    }

    private static String deferrability(Deferrability deferrability) {
        return deferrability == Deferrability.NOT_DEFERRABLE ? "" : " " + deferrability.sql();
    }
}
