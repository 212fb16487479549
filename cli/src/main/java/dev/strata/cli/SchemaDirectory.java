package dev.strata.cli;

import dev.strata.diagnostics.StrataException;
import dev.strata.yaml.LoadedSchema;
import dev.strata.yaml.SchemaFiles;

import java.nio.file.Files;
import java.nio.file.Path;

/** The directory of a schema: DIR of validate and ddl, {@code --desired} and {@code --from} of plan and apply. */
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

    /**
     * The schema a directory declares, refused when it declares none: Strata manages only the schemas a directory
     * names, so an empty one (a wrong path, a checkout without the files) would read as "no changes" against any
     * database, or as an empty script.
     */
    static LoadedSchema declared(Path dir) {
        LoadedSchema loaded = SchemaFiles.read(existing(dir));
        if (loaded.catalog().schemas().isEmpty()) {
            throw new StrataException(dir + ": declares no schema (no YAML file with tables, enums, sequences or views);"
                    + " check the path, or, to drop everything in a schema, declare it empty (a file with `tables: {}`)");
        }
        return loaded;
    }
}
