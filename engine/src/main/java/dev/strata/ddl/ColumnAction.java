package dev.strata.ddl;

import dev.strata.model.QualifiedName;

import dev.strata.model.DataType;
import dev.strata.model.Identity;

import java.util.List;
import java.util.Optional;

/** What an {@code ALTER TABLE ... ALTER COLUMN c} does to the column. */
public sealed interface ColumnAction {

    /** {@code SET DEFAULT (expression)}. */
    record SetDefault(String expression) implements ColumnAction {}

    record DropDefault() implements ColumnAction {}

    record SetNotNull() implements ColumnAction {}

    record DropNotNull() implements ColumnAction {}

    /** {@code TYPE type [COLLATE collation] [USING (expression)]}; {@code "default"} is PostgreSQL's default collation. */
    record SetType(DataType type, Optional<String> collation, Optional<String> using) implements ColumnAction {}

    /** {@code ADD GENERATED ... AS IDENTITY [(options)]}; options are listed where they differ from the type's defaults. */
    /**
     * {@code ADD GENERATED … AS IDENTITY}; {@code sequenceName} names its sequence where the name PostgreSQL would
     * derive is still held by a sequence the plan drops later (empty: PostgreSQL derives it).
     */
    record AddIdentity(Identity identity, DataType columnType, Optional<QualifiedName> sequenceName) implements ColumnAction {

        public AddIdentity(Identity identity, DataType columnType) {
            this(identity, columnType, Optional.empty());
        }
    }

    /** {@code [SET GENERATED ...] [SET option ...]}: the identity's generation and sequence options that change. */
    record SetIdentity(Optional<Identity.Generation> generation, List<SequenceOption> options) implements ColumnAction {

        public SetIdentity {
            options = List.copyOf(options);
        }

        public boolean isEmpty() {
            return generation.isEmpty() && options.isEmpty();
        }
    }

    record DropIdentity(boolean ifExists) implements ColumnAction {}

    /** {@code SET EXPRESSION AS (expression)} of a stored generated column (PostgreSQL 17+). */
    record SetExpression(String expression) implements ColumnAction {}

    record DropExpression(boolean ifExists) implements ColumnAction {}

    /** {@code SET DEFAULT (expression)} when present, otherwise {@code DROP DEFAULT}. */
    static ColumnAction defaultOf(Optional<String> expression) {
        return expression.<ColumnAction>map(SetDefault::new).orElseGet(DropDefault::new);
    }
}
