package dev.strata.cli;

import dev.strata.diagnostics.StrataException;

import java.nio.file.Files;
import java.nio.file.Path;

/** The DIR argument of validate and ddl. */
final class SchemaDirectory {

    private SchemaDirectory() {}

    static Path existing(Path dir) {
        if (!Files.exists(dir)) {
            throw new StrataException(dir + ": no such directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new StrataException(dir + ": not a directory; give the directory that holds the schema YAML files");
        }
        return dir;
    }
}
