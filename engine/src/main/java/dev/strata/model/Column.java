package dev.strata.model;

import java.util.Optional;

/**
 * A table column. {@code defaultValue} and {@code generatedAs} are SQL expressions; pulled ones are
 * in PostgreSQL's canonical text ({@code pg_get_expr}). {@code renamedFrom}, {@code using} and
 * {@code backfill} are planner hints that only YAML can carry.
 *
 * @param generatedAs the expression of a {@code GENERATED ALWAYS AS (...) STORED} (or {@code VIRTUAL}) column
 * @param using       how to convert old values when the type changes ({@code USING} expression)
 * @param backfill    the expression that fills existing rows of a new column
 * @param virtual     a generated column computed when read ({@code VIRTUAL}, PostgreSQL 18+) rather than stored
 * @param notNullName the name of the column's NOT NULL constraint (PostgreSQL 18+) when it is not the default
 *                    {@code <table>_<column>_not_null}; empty for a nullable column. Empty in a desired schema: any name
 */
public record Column(
        String name,
        DataType type,
        boolean nullable,
        Optional<String> defaultValue,
        Optional<Identity> identity,
        Optional<String> generatedAs,
        Optional<String> collation,
        Optional<String> comment,
        Optional<String> renamedFrom,
        Optional<String> using,
        Optional<String> backfill,
        boolean virtual,
        Optional<String> notNullName) {

    public Column {
        Names.requireValid(name, "column");
        if (identity.isPresent() && defaultValue.isPresent()) {
            throw new IllegalArgumentException("column " + name + " cannot have both a default and an identity");
        }
        if (identity.isPresent() && nullable) {
            throw new IllegalArgumentException("identity column " + name + " must be NOT NULL");
        }
        if (generatedAs.isPresent() && (defaultValue.isPresent() || identity.isPresent())) {
            throw new IllegalArgumentException("generated column " + name + " cannot have a default or an identity");
        }
        if (virtual && generatedAs.isEmpty()) {
            throw new IllegalArgumentException("column " + name + " is virtual without a generation expression");
        }
        notNullName = nullable ? Optional.empty() : notNullName;
    }

    /** A column whose NOT NULL constraint, if any, has the name PostgreSQL gives it by default. */
    public Column(String name, DataType type, boolean nullable, Optional<String> defaultValue, Optional<Identity> identity,
            Optional<String> generatedAs, Optional<String> collation, Optional<String> comment, Optional<String> renamedFrom,
            Optional<String> using, Optional<String> backfill, boolean virtual) {
        this(name, type, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, backfill, virtual,
                Optional.empty());
    }

    /** A column that is not a virtual generated one. */
    public Column(String name, DataType type, boolean nullable, Optional<String> defaultValue, Optional<Identity> identity,
            Optional<String> generatedAs, Optional<String> collation, Optional<String> comment, Optional<String> renamedFrom,
            Optional<String> using, Optional<String> backfill) {
        this(name, type, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, backfill, false);
    }

    /** A nullable column with nothing else set. */
    public static Column of(String name, DataType type) {
        return new Column(name, type, true, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Column withName(String newName) {
        return new Column(newName, type, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, backfill, virtual, notNullName);
    }

    public Column withType(DataType newType) {
        return new Column(name, newType, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, backfill, virtual, notNullName);
    }

    public Column withNullable(boolean newNullable) {
        return new Column(name, type, newNullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, backfill, virtual, notNullName);
    }

    public Column withDefault(Optional<String> newDefault) {
        return new Column(name, type, nullable, newDefault, identity, generatedAs, collation, comment, renamedFrom, using, backfill, virtual, notNullName);
    }

    public Column withIdentity(Optional<Identity> newIdentity) {
        return new Column(name, type, nullable, defaultValue, newIdentity, generatedAs, collation, comment, renamedFrom, using, backfill, virtual, notNullName);
    }

    public Column withGeneratedAs(Optional<String> newGenerated) {
        return new Column(name, type, nullable, defaultValue, identity, newGenerated, collation, comment, renamedFrom, using, backfill, virtual && newGenerated.isPresent(), notNullName);
    }

    public Column withCollation(Optional<String> newCollation) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, newCollation, comment, renamedFrom, using, backfill, virtual, notNullName);
    }

    public Column withComment(Optional<String> newComment) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, newComment, renamedFrom, using, backfill, virtual, notNullName);
    }

    public Column withRenamedFrom(Optional<String> newRenamedFrom) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment, newRenamedFrom, using, backfill, virtual, notNullName);
    }

    public Column withUsing(Optional<String> newUsing) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, newUsing, backfill, virtual, notNullName);
    }

    public Column withBackfill(Optional<String> newBackfill) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, newBackfill, virtual, notNullName);
    }

    /** A generated column computed when read ({@code VIRTUAL}, PostgreSQL 18+) or, when false, stored. */
    public Column withVirtual(boolean newVirtual) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, backfill, newVirtual, notNullName);
    }

    /** The name of its NOT NULL constraint (PostgreSQL 18+), where it is not the one PostgreSQL would give it. */
    public Column withNotNullName(Optional<String> newNotNullName) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, backfill, virtual, newNotNullName);
    }

    /** Without {@code virtual} while it is false (nor a default-named NOT NULL): saved plans' catalog fingerprints hash this text. */
    @Override
    public String toString() {
        return "Column[name=" + name + ", type=" + type + ", nullable=" + nullable + ", defaultValue=" + defaultValue
                + ", identity=" + identity + ", generatedAs=" + generatedAs + ", collation=" + collation + ", comment="
                + comment + ", renamedFrom=" + renamedFrom + ", using=" + using + ", backfill=" + backfill
                + (virtual ? ", virtual=true" : "") + notNullName.map(n -> ", notNullName=" + n).orElse("") + "]";
    }

    Column withoutHints() {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment,
                Optional.empty(), Optional.empty(), Optional.empty(), virtual, notNullName);
    }
}
