package dev.strata.plan;

/** A table's size as the live catalog reported it when the plan was made. */
public record TableFacts(long bytes, long estimatedRows) {}
