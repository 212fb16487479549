package dev.strata.scratch;

import dev.strata.connect.ConnectionSettings;
import dev.strata.connect.Connections;
import dev.strata.diagnostics.StrataException;

import java.sql.Connection;

/**
 * A throwaway database of a known PostgreSQL major, for building a declared schema and seeing what the server says.
 * Closing it removes it: the database is dropped, or the embedded server started for it is stopped.
 */
public final class ScratchDatabase implements AutoCloseable {

    private final ConnectionSettings settings;
    private final int major;
    private final String description;
    private final AutoCloseable remove;

    /**
     * @param settings    how to connect to the database
     * @param major       the server's major version
     * @param description what to call it in messages ("embedded PostgreSQL 14", a redacted URL); never a password
     * @param remove      what closing it does
     */
    public ScratchDatabase(ConnectionSettings settings, int major, String description, AutoCloseable remove) {
        this.settings = settings;
        this.major = major;
        this.description = description;
        this.remove = remove;
    }

    public Connection connect() {
        return Connections.open(settings);
    }

    public int major() {
        return major;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    public String description() {
        return description;
    }

    @Override
    public void close() {
        try {
            remove.close();
        } catch (Exception e) {
            throw new StrataException(settings.scrub("cannot remove the scratch database on " + description + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("")), e);
        }
    }
}
