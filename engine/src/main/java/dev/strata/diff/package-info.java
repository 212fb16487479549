/**
 * The diff: typed {@link dev.strata.diff.Change}s that turn a current catalog (usually pulled from
 * PostgreSQL) into a desired one (usually read from YAML), computed by
 * {@link dev.strata.diff.Differ#diff}. Pure code: no I/O, no SQL.
 *
 * <p>Rules the planner can rely on: renames come only from {@code renamed_from} hints; every
 * expression comparison goes through the given {@link dev.strata.diff.ExpressionEquality}; a rename
 * alone never produces a drop and re-creation of what refers to the renamed table or column;
 * objects PostgreSQL drops implicitly with a dropped table or column get no change of their own;
 * {@code diff(c, c)} is empty.
 */
package dev.strata.diff;
