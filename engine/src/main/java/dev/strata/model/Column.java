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
        boolean virtual) {

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
        return new Column(newName, type, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, backfill, virtual);
    }

    public Column withType(DataType newType) {
        return new Column(name, newType, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, backfill, virtual);
    }

    public Column withNullable(boolean newNullable) {
        return new Column(name, type, newNullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, backfill, virtual);
    }

    public Column withDefault(Optional<String> newDefault) {
        return new Column(name, type, nullable, newDefault, identity, generatedAs, collation, comment, renamedFrom, using, backfill, virtual);
    }

    public Column withIdentity(Optional<Identity> newIdentity) {
        return new Column(name, type, nullable, defaultValue, newIdentity, generatedAs, collation, comment, renamedFrom, using, backfill, virtual);
    }

    public Column withGeneratedAs(Optional<String> newGenerated) {
        return new Column(name, type, nullable, defaultValue, identity, newGenerated, collation, comment, renamedFrom, using, backfill, virtual && newGenerated.isPresent());
    }

    public Column withCollation(Optional<String> newCollation) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, newCollation, comment, renamedFrom, using, backfill, virtual);
    }

    public Column withComment(Optional<String> newComment) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, newComment, renamedFrom, using, backfill, virtual);
    }

    public Column withRenamedFrom(Optional<String> newRenamedFrom) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment, newRenamedFrom, using, backfill, virtual);
    }

    public Column withUsing(Optional<String> newUsing) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, newUsing, backfill, virtual);
    }

    public Column withBackfill(Optional<String> newBackfill) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, newBackfill, virtual);
    }

    /** A generated column computed when read ({@code VIRTUAL}, PostgreSQL 18+) or, when false, stored. */
    public Column withVirtual(boolean newVirtual) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, backfill, newVirtual);
    }

    /** Without {@code virtual} while it is false: saved plans' catalog fingerprints hash this text. */
    @Override
    public String toString() {
        return "Column[name=" + name + ", type=" + type + ", nullable=" + nullable + ", defaultValue=" + defaultValue
                + ", identity=" + identity + ", generatedAs=" + generatedAs + ", collation=" + collation + ", comment="
                + comment + ", renamedFrom=" + renamedFrom + ", using=" + using + ", backfill=" + backfill
                + (virtual ? ", virtual=true" : "") + "]";
    }

    Column withoutHints() {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment,
                Optional.empty(), Optional.empty(), Optional.empty(), virtual);
    }
}
