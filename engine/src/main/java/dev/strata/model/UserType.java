package dev.strata.model;

/**
 * An object managed as a whole that columns may use as their type (a domain, a composite type): the YAML reader
 * resolves a column's type to it as it does to an enum, and it is no extension's type ({@code external_types}).
 */
public interface UserType extends SchemaObject {}
