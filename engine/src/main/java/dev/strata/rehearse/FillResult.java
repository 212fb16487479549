package dev.strata.rehearse;

import dev.strata.model.QualifiedName;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** What {@link SyntheticRows#fill} did: the rows each table holds afterwards (by name), and how long it took. */
public record FillResult(Map<QualifiedName, Long> rows, Duration took) {

    public FillResult {
        rows = Collections.unmodifiableMap(new TreeMap<>(rows));
    }
}
