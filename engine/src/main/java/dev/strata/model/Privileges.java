package dev.strata.model;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one role holds on one object: the privileges granted to it and, among them, those it may grant on
 * ({@code WITH GRANT OPTION}). Privileges are PostgreSQL's keywords in lower case ({@code select}, {@code execute}…),
 * kept in {@link #ORDER}, so a pulled grant equals a declared one whatever order either was written in.
 */
public record Privileges(Set<String> granted, Set<String> grantable) {

    /** Every privilege keyword, in the order PostgreSQL's ACL letters list them. */
    public static final List<String> ORDER = List.of("insert", "select", "update", "delete", "truncate", "references",
            "trigger", "execute", "usage", "create", "maintain");

    private static final Comparator<String> IN_ORDER = Comparator.comparingInt(ORDER::indexOf);

    public static final Privileges NONE = new Privileges(Set.of(), Set.of());

    public Privileges {
        TreeSet<String> all = new TreeSet<>(IN_ORDER);
        granted.forEach(p -> all.add(known(p)));
        TreeSet<String> options = new TreeSet<>(IN_ORDER);
        grantable.forEach(p -> options.add(known(p)));
        // A privilege one may grant on is one held.
        all.addAll(options);
        granted = java.util.Collections.unmodifiableSet(all);
        grantable = java.util.Collections.unmodifiableSet(options);
    }

    private static String known(String privilege) {
        String p = privilege.toLowerCase(Locale.ROOT);
        if (!ORDER.contains(p)) {
            throw new IllegalArgumentException("unknown privilege " + privilege);
        }
        return p;
    }

    public static Privileges of(String... granted) {
        return new Privileges(Set.of(granted), Set.of());
    }

    /** The privileges held without the grant option, in order. */
    public List<String> plain() {
        return granted.stream().filter(p -> !grantable.contains(p)).toList();
    }

    public boolean isEmpty() {
        return granted.isEmpty();
    }

    /** Held here and not in {@code other}. */
    public List<String> grantedBeyond(Privileges other) {
        return granted.stream().filter(p -> !other.granted.contains(p)).toList();
    }

    /** Grantable here, held but not grantable in {@code other}. */
    public List<String> optionBeyond(Privileges other) {
        return grantable.stream().filter(p -> other.granted.contains(p) && !other.grantable.contains(p)).toList();
    }

    /** In order; {@code *} marks a grant option, as PostgreSQL's ACL text does. */
    @Override
    public String toString() {
        return String.join(", ", granted.stream().map(p -> grantable.contains(p) ? p + "*" : p).toList());
    }

    /** Equal as sets (the record's own equals compares the sets, which ignore order anyway). */
    @Override
    public boolean equals(Object o) {
        return o instanceof Privileges p && granted.equals(p.granted) && grantable.equals(p.grantable);
    }

    @Override
    public int hashCode() {
        return granted.hashCode() * 31 + grantable.hashCode();
    }
}
