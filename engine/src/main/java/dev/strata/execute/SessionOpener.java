package dev.strata.execute;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens another session to the database the executor works on (for the {@link LockWatch}). */
@FunctionalInterface
public interface SessionOpener {

    Connection open() throws SQLException;
}
