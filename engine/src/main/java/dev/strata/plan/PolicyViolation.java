package dev.strata.plan;

/** A step the lock policy refuses, and why. */
public record PolicyViolation(String stepId, String message) {}
