package dev.strata.cli;

import picocli.CommandLine.IVersionProvider;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version and build commit Maven filtered into {@code version.properties}: {@code strata 0.1.0 (commit 01f0744)}.
 * A build outside a git checkout leaves the commit property unfiltered, and the line says {@code commit unknown}.
 */
final class Version implements IVersionProvider {

    @Override
    public String[] getVersion() {
        return new String[] {line()};
    }

    static String line() {
        Properties properties = properties();
        return "strata " + known(properties.getProperty("version")) + " (commit " + known(properties.getProperty("commit")) + ")";
    }

    /** An unset Maven property stays {@code ${name}} after filtering. */
    static String known(String value) {
        return value == null || value.isBlank() || value.startsWith("${") ? "unknown" : value.strip();
    }

    private static Properties properties() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
