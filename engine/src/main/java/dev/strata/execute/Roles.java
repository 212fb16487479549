package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.model.Catalog;
import dev.strata.model.DefaultPrivileges;
import dev.strata.model.Grant;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Roles are referenced, never created or dropped: a plan whose grants or default privileges name a role the database
 * lacks is refused at once, naming the role and what needs it, rather than failing half-way through an apply.
 * (A policy's missing role still fails its step with the server's message.)
 */
final class Roles {

    private static final String MISSING = """
            SELECT r FROM unnest(?::text[]) AS r WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) ORDER BY r
            """;

    private Roles() {}

    /** The roles {@code desired} names, each with the first object that names it. */
    static Map<String, String> referenced(Catalog desired) {
        Map<String, String> roles = new TreeMap<>();
        desired.schemas().forEach(s -> s.objects().forEach(o -> {
            switch (o) {
                case Grant g -> g.roles().keySet().forEach(r -> roles.putIfAbsent(r, "grants on " + g.on().word() + " "
                        + s.name() + "." + g.name()));
                case DefaultPrivileges d -> {
                    roles.putIfAbsent(d.role(), "default privileges in schema " + s.name());
                    d.grants().values().forEach(m -> m.keySet().forEach(r -> roles.putIfAbsent(r,
                            "default privileges of " + d.role() + " in schema " + s.name())));
                }
                default -> { }
            }
        }));
        roles.remove(Grant.PUBLIC);
        return roles;
    }

    /** Refuses, in one line, a desired schema naming a role the database does not have. */
    static void requireExisting(Connection connection, Catalog desired) {
        Map<String, String> roles = referenced(desired);
        if (roles.isEmpty()) {
            return;
        }
        List<String> missing = new ArrayList<>();
        try (var st = connection.prepareStatement(MISSING)) {
            st.setArray(1, connection.createArrayOf("text", roles.keySet().toArray()));
            try (var rs = st.executeQuery()) {
                while (rs.next()) {
                    missing.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new StrataException("cannot look up the roles the schema names: " + e.getMessage(), e);
        }
        if (!missing.isEmpty()) {
            String first = missing.getFirst();
            throw new StrataException("role \"" + first + "\" does not exist on the database (" + roles.get(first) + ")"
                    + (missing.size() > 1 ? ", nor " + String.join(", ", missing.subList(1, missing.size()).stream()
                            .map(r -> "\"" + r + "\"").toList()) : "")
                    + ": Strata references roles but never creates them; create them first");
        }
    }
}
