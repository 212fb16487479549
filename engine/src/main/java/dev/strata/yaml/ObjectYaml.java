package dev.strata.yaml;

import dev.strata.model.SchemaObject;
import org.yaml.snakeyaml.nodes.Node;

import java.util.Optional;

/**
 * How one kind managed as a whole is written in a schema file: a top-level section (e.g. {@code extensions:}) mapping
 * each object's key to its definition, read with every error located and written back so that it reads to the same
 * object ({@code strata pull} puts a schema's objects of the kind in {@code _<section>.yaml}). One per kind, listed in
 * {@link ObjectYamls}.
 *
 * @param <T> the kind's model record
 */
interface ObjectYaml<T extends SchemaObject> {

    String kind();

    /** The top-level key, plural: {@code extensions}. */
    String section();

    Class<T> type();

    /** One entry of the section: its key (already checked as a name) and its definition; errors go to {@code in}. */
    Optional<T> read(Located<String> key, Node definition, NodeReader in);

    /**
     * {@link #read(Located, Node, NodeReader)} in a document of {@code schema}: for a kind whose objects name others in
     * their own schema (a trigger its table) or whose definition names types (resolved there when unqualified).
     */
    default Optional<T> read(String schema, Located<String> key, Node definition, NodeReader in) {
        return read(key, definition, in);
    }

    /**
     * An entry's key as written, or empty with the problem reported: by default a name (at most 63 bytes); a kind
     * whose key joins names (a trigger's {@code <table>.<name>}) checks each of them.
     */
    default Optional<Located<String>> key(String text, Node keyNode, NodeReader in) {
        return in.checkedName(text, keyNode, "a " + kind() + " name");
    }

    /** The definition an entry of {@code object} has (its key is {@link SchemaObject#key()}). */
    Node write(T object);

    /** {@link #write(SchemaObject)} in a document of {@code schema}: a kind naming types leaves that schema's unqualified. */
    default Node write(String schema, T object) {
        return write(object);
    }
}
