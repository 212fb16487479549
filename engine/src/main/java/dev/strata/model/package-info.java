/**
 * The schema model: immutable records describing the managed part of a PostgreSQL database.
 *
 * <p>Both sides of a diff are expressed in this model: the desired schema read from YAML and the
 * current schema pulled from {@code pg_catalog}. Values are kept in one canonical form (type names
 * as {@code format_type} prints them, every constraint and index named, sequence options complete)
 * so that the two compare equal with {@code equals} when they describe the same database.
 *
 * <p>Nothing here is null: absent values are {@link java.util.Optional} or empty collections.
 * Hints such as {@code renamedFrom} only ever come from YAML and are ignored by
 * {@link dev.strata.model.Catalog#withoutHints()} comparisons.
 */
package dev.strata.model;
