package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.model.DataType;
import dev.strata.model.SequenceOptions;
import dev.strata.yaml.Drafts.OptionsDraft;

import java.util.List;
import java.util.Optional;

/** Completes sequence options with PostgreSQL's defaults and reports impossible combinations. */
final class SequenceOptionsReader {

    private SequenceOptionsReader() {}

    static Optional<SequenceOptions> build(DataType type, OptionsDraft d, Location at, List<Diagnostic> problems) {
        long increment = d.increment().orElse(1L);
        if (increment == 0) {
            problems.add(at.diagnostic("sequence increment must not be zero"));
            return Optional.empty();
        }
        SequenceOptions defaults = SequenceOptions.defaultsFor(type, increment);
        long min = d.min().orElse(defaults.minValue());
        long max = d.max().orElse(defaults.maxValue());
        long start = d.start().orElse(increment > 0 ? min : max);
        long cache = d.cache().orElse(1L);
        String problem = min > max ? "sequence min " + min + " exceeds max " + max
                : start < min || start > max ? "sequence start " + start + " is outside [" + min + ", " + max + "]"
                : cache < 1 ? "sequence cache must be at least 1"
                : min < -SequenceOptions.maxOf(type) - 1 || max > SequenceOptions.maxOf(type)
                        ? "sequence bounds exceed the range of " + type.name()
                : null;
        if (problem != null) {
            problems.add(at.diagnostic(problem));
            return Optional.empty();
        }
        return Optional.of(new SequenceOptions(start, increment, min, max, cache, d.cycle().orElse(false)));
    }
}
