package dev.strata.catalog;

/** A PostgreSQL server version, as {@code server_version_num} encodes it. */
public record ServerVersion(int major, int minor) {

    /** Decodes {@code server_version_num}: {@code 180001} is 18.1; before 10 the major had two parts. */
    public static ServerVersion parse(int serverVersionNum) {
        if (serverVersionNum >= 100000) {
            return new ServerVersion(serverVersionNum / 10000, serverVersionNum % 10000);
        }
        return new ServerVersion(serverVersionNum / 10000, serverVersionNum / 100 % 100);
    }

    public boolean atLeast(int major) {
        return this.major >= major;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
