package dev.strata.diff;

import dev.strata.model.QualifiedName;
import dev.strata.model.View;
import dev.strata.model.ViewOptions;
import java.util.Optional;

/** Plain views. */
public sealed interface ViewChange extends Change {

    QualifiedName name();

    default QualifiedName subject() {
        return name();
    }

    record CreateView(QualifiedName name, View desired) implements ViewChange {
        public String describe() {
            return "create view " + name;
        }
    }

    record DropView(QualifiedName name, View current) implements ViewChange {
        public String describe() {
            return "drop view " + name;
        }
    }

    /** The definitions are not equivalent under the diff's {@link ExpressionEquality}. */
    record ReplaceView(QualifiedName name, View current, View desired) implements ViewChange {
        public String describe() {
            return "replace view " + name;
        }
    }

    /** The options differ and the definitions do not (a replaced view is created with its options). */
    record ChangeViewOptions(QualifiedName name, ViewOptions from, ViewOptions to) implements ViewChange {
        public String describe() {
            return "change options of view " + name;
        }
    }

    record ChangeViewComment(QualifiedName name, Optional<String> from, Optional<String> to) implements ViewChange {
        public String describe() {
            return (to.isPresent() ? "set comment on view " : "remove comment on view ") + name;
        }
    }
}
