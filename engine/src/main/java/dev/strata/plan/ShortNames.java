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
        if (bytes(name) <= MAX_BYTES) {
            return name;
        }
        String hash = sha1(name).substring(0, 8);
        StringBuilder shortened = new StringBuilder();
        for (int cp : name.codePoints().toArray()) {
            String next = new String(Character.toChars(cp));
            if (bytes(shortened + next) > MAX_BYTES - hash.length() - 1) {
                break;
            }
            shortened.append(next);
        }
        return shortened + "_" + hash;
    }

    public static String withSuffix(String name, String suffix) {
        return of(name + suffix);
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
