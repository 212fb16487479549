package dev.strata.plan.recipe;

import dev.strata.model.QualifiedName;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the temporary objects recipes create next to a column (helper constraints, sequences).
 * PostgreSQL silently truncates names beyond 63 bytes, which could make two helpers collide, so a
 * long name is cut and given a hash of the full table and column instead.
 */
final class HelperNames {

    private static final int MAX_BYTES = 63;

    private HelperNames() {}

    /** {@code <table>_<column>_<suffix>}, shortened with an 8-digit hash when it would exceed 63 bytes. */
    static String of(QualifiedName table, String column, String suffix) {
        String full = table.name() + "_" + column + "_" + suffix;
        if (bytes(full) <= MAX_BYTES) {
            return full;
        }
        String tail = "_" + sha1(table + "." + column + "." + suffix).substring(0, 8) + "_" + suffix;
        StringBuilder head = new StringBuilder();
        for (int cp : (table.name() + "_" + column).codePoints().toArray()) {
            String next = new String(Character.toChars(cp));
            if (bytes(head + next) + bytes(tail) > MAX_BYTES) {
                break;
            }
            head.append(next);
        }
        return head + tail;
    }

    private static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
