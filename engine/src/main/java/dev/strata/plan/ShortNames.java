package dev.strata.plan;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names Strata invents for its temporary objects, kept within PostgreSQL's 63-byte limit: when the
 * natural name is too long it is cut at a character boundary and made unique with a short hash.
 */
public final class ShortNames {

    private static final int MAX_BYTES = 63;

    private ShortNames() {}

    public static String of(String name) {
        return withSuffix(name, "");
    }

    /**
     * {@code name + suffix}; when that exceeds 63 bytes, the name is cut at a character boundary and
     * followed by a hash of the whole name, so the suffix survives and two long names cannot meet.
     */
    public static String withSuffix(String name, String suffix) {
        String full = name + suffix;
        if (bytes(full) <= MAX_BYTES) {
            return full;
        }
        String tail = "_" + sha1(full).substring(0, 8) + suffix;
        StringBuilder head = new StringBuilder();
        for (int cp : name.codePoints().toArray()) {
            String next = new String(Character.toChars(cp));
            if (bytes(head + next) + bytes(tail) > MAX_BYTES) {
                break;
            }
            head.append(next);
        }
        return head + tail;
    }

    /** Eight hex digits standing for {@code text}: the same text, the same token. */
    public static String token(String text) {
        return sha1(text).substring(0, 8);
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
