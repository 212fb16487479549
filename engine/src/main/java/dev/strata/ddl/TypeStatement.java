package dev.strata.ddl;

import dev.strata.model.QualifiedName;

import java.util.List;
import java.util.Optional;

/** Statements on a user-defined type (enums are the kind Strata manages). */
public sealed interface TypeStatement extends Statement {

    QualifiedName type();

    /** {@code CREATE TYPE type AS ENUM ('a', 'b')}. */
    record CreateEnum(QualifiedName type, List<String> labels) implements TypeStatement {

        public CreateEnum {
            labels = List.copyOf(labels);
        }
    }

    /** {@code ALTER TYPE type ADD VALUE [IF NOT EXISTS] 'label' [BEFORE|AFTER 'neighbour']}. */
    record AddEnumValue(QualifiedName type, String label, boolean ifNotExists, Optional<Placement> placement)
            implements TypeStatement {}

    /** Where a new enum label goes relative to an existing one. */
    record Placement(boolean before, String neighbour) {}

    record Drop(QualifiedName type, boolean ifExists) implements TypeStatement {}
}
