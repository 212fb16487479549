package dev.strata.rehearse;

import dev.strata.model.QualifiedName;

import java.time.Duration;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One scale of a rehearsal: the fraction of production's rows, the rows each filled table got, and how long filling
 * and running the plan took.
 */
public record ScaleRun(double fraction, SortedMap<QualifiedName, Long> rows, Duration fill, Duration run) {

    public ScaleRun {
        rows = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(rows));
    }

    public ScaleRun(double fraction, Map<QualifiedName, Long> rows, Duration fill, Duration run) {
        this(fraction, new TreeMap<>(rows), fill, run);
    }
}
