package dev.strata.plan.recipe;

import dev.strata.ddl.ColumnAction;
import dev.strata.ddl.SequenceOption;
import dev.strata.model.Identity;

import java.util.List;
import java.util.Optional;

/** What the identity recipes share. */
final class IdentitySql {

    private IdentitySql() {}

    /** The {@code SET ...} actions that turn identity {@code from} into {@code to}; empty when they are equal. */
    static ColumnAction.SetIdentity alterActions(Identity from, Identity to) {
        List<SequenceOption> options = Sequences.optionChanges(from.options(), to.options());
        return new ColumnAction.SetIdentity(
                from.generation() != to.generation() ? Optional.of(to.generation()) : Optional.empty(), options);
    }
}
