package dev.strata.model;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.stream.Collectors;

/**
 * {@code CREATE DOMAIN name AS base [COLLATE c] [DEFAULT d] [NOT NULL] [CONSTRAINT n CHECK (…)]…}. The base type is
 * {@code format_type}'s, the default {@code pg_get_expr}'s, each check's expression {@code pg_get_expr}'s (with
 * {@code VALUE} for the value), checks in name order; a collation only where it differs from the base type's.
 * A check may be declared {@code not valid}: it then holds for new values only, and a validated one satisfies it too.
 */
public record Domain(String name, DataType baseType, Optional<String> collation, Optional<String> defaultValue,
                     boolean notNull, List<Check> checks, Optional<String> comment) implements UserType {

    public static final String KIND = "domain";

    /** A named {@code CHECK}; {@code valid} is false for one added {@code NOT VALID} and not validated yet. */
    public record Check(String name, String expression, boolean valid) {
        public Check {
            Names.requireValid(name, "domain check");
            if (expression.isBlank()) {
                throw new IllegalArgumentException("domain check " + name + " has an empty expression");
            }
        }
    }

    public Domain {
        Names.requireValid(name, "domain");
        collation.ifPresent(c -> Names.requireValid(c, "collation"));
        checks = checks.stream().sorted(Comparator.comparing(Check::name)).toList();
        if (checks.stream().map(Check::name).distinct().count() != checks.size()) {
            throw new IllegalArgumentException("domain " + name + " has two checks of the same name");
        }
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public String key() {
        return name;
    }

    public Optional<Check> check(String checkName) {
        return checks.stream().filter(c -> c.name().equals(checkName)).findFirst();
    }

    /**
     * Default and checks compare as expressions ({@code sameExpression(current, desired)}), the rest by value; a
     * check declared valid is satisfied only by a valid one.
     */
    @Override
    public boolean satisfiedBy(SchemaObject current, BiPredicate<String, String> sameExpression) {
        if (!(current instanceof Domain d) || !d.name.equals(name) || !d.baseType.equals(baseType)
                || !d.collation.equals(collation) || d.notNull != notNull || !d.comment.equals(comment)
                || d.defaultValue.isPresent() != defaultValue.isPresent()
                || !d.checks.stream().map(Check::name).toList().equals(checks.stream().map(Check::name).toList())) {
            return false;
        }
        if (defaultValue.isPresent() && !sameExpression.test(d.defaultValue.get(), defaultValue.get())) {
            return false;
        }
        return checks.stream().allMatch(c -> d.check(c.name()).filter(live -> sameExpression.test(live.expression(), c.expression())
                && (live.valid() || !c.valid())).isPresent());
    }

    @Override
    public Set<ObjectName> needs() {
        return baseType.elementType().userTypeName().map(t -> Set.of(ObjectName.of(ObjectName.TYPE, t)))
                .orElse(Set.of());
    }

    /** With the functions its default and checks call, named as expressions of the domain (it has no columns). */
    @Override
    public Set<ObjectName> needs(String schema) {
        Set<ObjectName> needs = new java.util.LinkedHashSet<>(needs());
        QualifiedName self = QualifiedName.of(schema, name);
        defaultValue.ifPresent(d -> needs.add(ObjectName.expression(self, d)));
        checks.forEach(c -> needs.add(ObjectName.expression(self, c.expression())));
        return needs;
    }

    /** The checks of this domain whose names {@code other} lacks. */
    public List<Check> checksMissingFrom(Domain other) {
        Set<String> there = other.checks.stream().map(Check::name).collect(Collectors.toSet());
        return checks.stream().filter(c -> !there.contains(c.name())).toList();
    }
}
