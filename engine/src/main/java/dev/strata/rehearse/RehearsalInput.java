package dev.strata.rehearse;

import dev.strata.model.Catalog;
import dev.strata.model.QualifiedName;
import dev.strata.yaml.LoadedSchema;

import java.util.Map;

/**
 * What a rehearsal starts from: production's schema and statistics (read, never written), and the desired schema.
 *
 * @param production the statistics of every table of {@code current} the rehearsal may fill (at least the touched ones
 *                   and their foreign-key parents); a table without them is filled as {@link StatisticsReader#assumed}
 * @param major      production's PostgreSQL major: the scratch server's
 * @param source     how the report names production (a redacted URL, or the {@code --from} directory)
 */
public record RehearsalInput(Catalog current, LoadedSchema desired, Map<QualifiedName, TableStatistics> production,
        int major, String source) {

    public RehearsalInput {
        production = Map.copyOf(production);
    }

    public RehearsalInput(Catalog current, LoadedSchema desired, Map<QualifiedName, TableStatistics> production, int major) {
        this(current, desired, production, major, "production");
    }
}
