package dev.strata.cli;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Counts the catalog reads a piece of work makes, at the driver: PgJDBC logs every statement it sends to the server
 * ({@code FE=> Parse(…query="…")}, level FINEST), and each read of {@code dev.strata.catalog.CatalogReader} sends its
 * schema query exactly once. Tests run one at a time in a JVM, so every such statement is the work's.
 */
final class CatalogQueries {

    /** The namespace query of CatalogReader (CatalogSql.NAMESPACES): once per read. */
    private static final String ONCE_PER_READ = "SELECT nspname FROM scope ORDER BY nspname";

    private CatalogQueries() {}

    static int countReads(Runnable work) {
        Logger driver = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");
        Level before = driver.getLevel();
        AtomicInteger reads = new AtomicInteger();
        Handler counter = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = record.getMessage();
                if (message != null && message.contains("FE=> Parse(") && message.contains(ONCE_PER_READ)) {
                    reads.incrementAndGet();
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        counter.setLevel(Level.FINEST);
        driver.addHandler(counter);
        driver.setLevel(Level.FINEST);
        try {
            work.run();
        } finally {
            driver.setLevel(before);
            driver.removeHandler(counter);
        }
        return reads.get();
    }
}
