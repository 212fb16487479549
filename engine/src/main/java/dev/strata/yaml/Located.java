package dev.strata.yaml;

/** A value read from YAML together with where it was written. */
record Located<T>(T value, Location at) {}
