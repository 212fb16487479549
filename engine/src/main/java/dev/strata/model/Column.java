package dev.strata.model;

import java.util.Optional;

/**
 * A table column. {@code defaultValue} and {@code generatedAs} are SQL expressions; pulled ones are
 * in PostgreSQL's canonical text ({@code pg_get_expr}). {@code renamedFrom}, {@code using} and
 * {@code backfill} are planner hints that only YAML can carry.
 *
 * @param generatedAs the expression of a {@code GENERATED ALWAYS AS (...) STORED} column
 * @param using       how to convert old values when the type changes ({@code USING} expression)
 * @param backfill    the expression that fills existing rows of a new column
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
        Optional<String> backfill) {

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
    }

    /** A nullable column with nothing else set. */
    public static Column of(String name, DataType type) {
        return new Column(name, type, true, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Column withName(String newName) {
        return new Column(newName, type, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, backfill);
    }

    public Column withType(DataType newType) {
        return new Column(name, newType, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, backfill);
    }

    public Column withNullable(boolean newNullable) {
        return new Column(name, type, newNullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, backfill);
    }

    public Column withDefault(Optional<String> newDefault) {
        return new Column(name, type, nullable, newDefault, identity, generatedAs, collation, comment, renamedFrom, using, backfill);
    }

    public Column withIdentity(Optional<Identity> newIdentity) {
        return new Column(name, type, nullable, defaultValue, newIdentity, generatedAs, collation, comment, renamedFrom, using, backfill);
    }

    public Column withGeneratedAs(Optional<String> newGenerated) {
        return new Column(name, type, nullable, defaultValue, identity, newGenerated, collation, comment, renamedFrom, using, backfill);
    }

    public Column withCollation(Optional<String> newCollation) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, newCollation, comment, renamedFrom, using, backfill);
    }

    public Column withComment(Optional<String> newComment) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, newComment, renamedFrom, using, backfill);
    }

    public Column withRenamedFrom(Optional<String> newRenamedFrom) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment, newRenamedFrom, using, backfill);
    }

    public Column withUsing(Optional<String> newUsing) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, newUsing, backfill);
    }

    public Column withBackfill(Optional<String> newBackfill) {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment, renamedFrom, using, newBackfill);
    }

    Column withoutHints() {
        return new Column(name, type, nullable, defaultValue, identity, generatedAs, collation, comment,
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
