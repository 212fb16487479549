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

    /**
     * Whether the section's keys are names (at most 63 bytes, checked before {@link #read}); a kind whose key is more
     * than a name, as a function's signature is, checks its keys in {@link #read}.
     */
    default boolean keyIsName() {
        return true;
    }

    /** One entry of the section: its key (already checked as a name) and its definition; errors go to {@code in}. */
    Optional<T> read(Located<String> key, Node definition, NodeReader in);

    /** The definition an entry of {@code object} has (its key is {@link SchemaObject#key()}). */
    Node write(T object);
}
