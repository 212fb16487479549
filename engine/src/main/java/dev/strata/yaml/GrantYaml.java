package dev.strata.yaml;

import dev.strata.model.Grant;
import org.yaml.snakeyaml.nodes.Node;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code grants: { table orders: { app_reader: [select], app_writer: [select, insert] },
 * function total(integer): { public: [] } }}: per object of the document's schema (keyed {@code <kind> <name>}, the
 * kind one of table, view, materialized view, column ({@code <table>.<column>}), sequence, function, procedure ({@code name(argtypes)}
 * as PostgreSQL prints them), type, schema), the roles holding privileges there beyond the defaults
 * ({@link Grant}). Read only with {@code manage: { grants: true }} in {@code strata.yaml}.
 */
final class GrantYaml implements ObjectYaml<Grant> {

    private static final String KINDS = Arrays.stream(Grant.On.values()).map(Grant.On::word)
            .collect(Collectors.joining(", "));

    @Override
    public String kind() {
        return Grant.KIND;
    }

    @Override
    public String section() {
        return "grants";
    }

    @Override
    public Class<Grant> type() {
        return Grant.class;
    }

    @Override
    public Optional<Located<String>> key(String text, Node keyNode, NodeReader in) {
        Optional<Grant.On> on = Grant.On.ofKey(text);
        String name = on.map(o -> text.substring(o.word().length() + 1)).orElse("");
        if (on.isEmpty() || name.isEmpty()) {
            in.error(keyNode, "expected '<kind> <name>' (kind one of " + KINDS + "), e.g. 'table orders', not '"
                    + text + "'");
            return Optional.empty();
        }
        if (on.get() == Grant.On.COLUMN) {
            int dot = name.indexOf('.');
            if (dot <= 0 || dot == name.length() - 1) {
                in.error(keyNode, "a column grant is keyed 'column <table>.<column>', not '" + text + "'");
                return Optional.empty();
            }
            boolean ok = in.checkedName(name.substring(0, dot), keyNode, "a table name").isPresent();
            ok &= in.checkedName(name.substring(dot + 1), keyNode, "a column name").isPresent();
            return ok ? Optional.of(new Located<>(on.get().word() + " " + name, in.at(keyNode))) : Optional.empty();
        }
        if (on.get() == Grant.On.FUNCTION || on.get() == Grant.On.PROCEDURE) {
            return signature(name, keyNode, in).map(s -> new Located<>(on.get().word() + " " + s, in.at(keyNode)));
        }
        if (in.checkedName(name, keyNode, "a " + on.get().word() + " name").isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Located<>(on.get().word() + " " + name, in.at(keyNode)));
    }

    /**
     * {@code name(type, …)} with each type read as a function's argument type and written back as PostgreSQL prints
     * it, so the key names the function as its own key does and no text of the YAML reaches the statement unread.
     */
    private static Optional<String> signature(String text, Node keyNode, NodeReader in) {
        int open = text.indexOf('(');
        if (open <= 0 || !text.endsWith(")")) {
            in.error(keyNode, "expected a routine's name and argument types, e.g. 'function total(integer, numeric)',"
                    + " not '" + text + "'");
            return Optional.empty();
        }
        if (in.checkedName(text.substring(0, open), keyNode, "a routine name").isEmpty()) {
            return Optional.empty();
        }
        java.util.List<String> types = new java.util.ArrayList<>();
        try {
            for (String type : dev.strata.ddl.GrantStatement.argumentTypes(text)) {
                Optional<String> read = RoutineYaml.type(type, keyNode, in);
                if (read.isEmpty()) {
                    return Optional.empty();
                }
                types.add(read.get());
            }
        } catch (IllegalArgumentException e) {
            in.error(keyNode, "cannot read the argument types of '" + text + "'");
            return Optional.empty();
        }
        return Optional.of(text.substring(0, open) + "(" + String.join(", ", types) + ")");
    }

    @Override
    public Optional<Grant> read(Located<String> key, Node definition, NodeReader in) {
        return read("", key, definition, in);
    }

    @Override
    public Optional<Grant> read(String schema, Located<String> key, Node definition, NodeReader in) {
        Grant.On on = Grant.On.ofKey(key.value()).orElseThrow();
        String name = key.value().substring(on.word().length() + 1);
        if (on == Grant.On.SCHEMA && !schema.isEmpty() && !name.equals(schema)) {
            in.error(key.at(), "a schema's own grants go in its document: 'schema " + schema + "', not '" + key.value() + "'");
            return Optional.empty();
        }
        return PrivilegeYaml.roles(definition, key.value(), on.privileges(), in).map(roles -> Grant.of(on, name, roles));
    }

    @Override
    public Node write(Grant grant) {
        return PrivilegeYaml.write(grant.roles());
    }
}
