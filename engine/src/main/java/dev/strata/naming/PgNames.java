package dev.strata.naming;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * PostgreSQL's rules for names it invents ({@code makeObjectName}, {@code ChooseConstraintName},
 * {@code ChooseRelationName}, {@code ChooseIndexColumnNames}), so that a constraint declared
 * without a name gets exactly the name the server would give it. Lengths are in UTF-8 bytes and a
 * multibyte character is never split.
 */
public final class PgNames {

    /** NAMEDATALEN - 1: the longest identifier PostgreSQL keeps. */
    public static final int MAX_BYTES = 63;

    private static final int NAMEDATALEN = MAX_BYTES + 1;

    private PgNames() {}

    /** The name PostgreSQL 18 derives for the NOT NULL constraint of {@code column}: {@code table_column_not_null}. */
    public static String notNull(String table, String column) {
        return makeObjectName(table, Optional.of(column), "not_null");
    }

    /**
     * The NOT NULL constraint name {@code CREATE TABLE … PARTITION OF} gives a partition's column on PostgreSQL 18: where
     * its parent's column is NOT NULL, the parent's constraint name ({@code parentConstraint}, or the one derived for the
     * parent); otherwise the one derived for the partition.
     */
    public static String partitionNotNull(String partition, String parent, String column, boolean parentNotNull,
            Optional<String> parentConstraint) {
        return parentNotNull ? parentConstraint.orElseGet(() -> notNull(parent, column)) : notNull(partition, column);
    }

    /** {@code name1_label}, truncating name1 to fit 63 bytes. */
    public static String makeObjectName(String name1, String label) {
        return makeObjectName(name1, Optional.empty(), label);
    }

    /** {@code name1_name2_label}, truncating the longer of name1 and name2 first until it fits. */
    public static String makeObjectName(String name1, Optional<String> name2, String label) {
        byte[] first = utf8(name1);
        byte[] second = name2.map(PgNames::utf8).orElse(new byte[0]);
        int overhead = (name2.isPresent() ? 1 : 0) + utf8(label).length + 1;
        int available = MAX_BYTES - overhead;
        int firstChars = first.length;
        int secondChars = second.length;
        while (firstChars + secondChars > available) {
            if (firstChars > secondChars) {
                firstChars--;
            } else {
                secondChars--;
            }
        }
        StringBuilder name = new StringBuilder(clip(first, firstChars));
        name2.ifPresent(n -> name.append('_'));
        name.append(clip(second, secondChars));
        return name.append('_').append(label).toString();
    }

    /**
     * The first of {@code name1_name2_label}, {@code name1_name2_label1}, {@code ..._label2}, ... that is
     * not taken, as {@code ChooseConstraintName} and {@code ChooseRelationName} pick them.
     */
    public static String choose(String name1, Optional<String> name2, String label, Predicate<String> taken) {
        String candidate = makeObjectName(name1, name2, label);
        for (int pass = 1; taken.test(candidate); pass++) {
            candidate = makeObjectName(name1, name2, label + pass);
        }
        return candidate;
    }

    /**
     * Whether {@code name} is one {@link #choose} can give: {@code name1_name2_label} or a numbered one, which
     * PostgreSQL picks when the first is taken (two long column names cut to the same prefix).
     */
    public static boolean isChosen(String name, String name1, Optional<String> name2, String label) {
        if (name.equals(makeObjectName(name1, name2, label))) {
            return true;
        }
        for (int pass = 1; pass <= 100; pass++) {
            if (name.equals(makeObjectName(name1, name2, label + pass))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Column names joined with underscores ({@code ChooseIndexNameAddition},
     * {@code ChooseForeignKeyConstraintNameAddition}): stops once the result reaches 64 bytes;
     * {@link #makeObjectName} truncates it further.
     */
    public static String nameAddition(List<String> names) {
        StringBuilder result = new StringBuilder();
        int bytes = 0;
        for (String name : names) {
            if (bytes > 0) {
                result.append('_');
                bytes++;
            }
            result.append(name);
            bytes += utf8(name).length;
            if (bytes >= NAMEDATALEN) {
                break;
            }
        }
        return result.toString();
    }

    /**
     * Makes index column names unique the way {@code ChooseIndexColumnNames} does: a repeated name
     * gets a number ({@code lower}, {@code lower1}), truncated to leave room for it.
     */
    public static List<String> uniqueColumnNames(List<String> names) {
        List<String> result = new ArrayList<>();
        for (String original : names) {
            String current = original;
            for (int i = 1; result.contains(current); i++) {
                String suffix = Integer.toString(i);
                byte[] bytes = utf8(original);
                current = clip(bytes, Math.min(bytes.length, MAX_BYTES - suffix.length())) + suffix;
            }
            result.add(current);
        }
        return List.copyOf(result);
    }

    /** The identifier as PostgreSQL stores it: at most 63 bytes, cut at a character boundary. */
    public static String truncate(String identifier) {
        byte[] bytes = utf8(identifier);
        return bytes.length <= MAX_BYTES ? identifier : clip(bytes, MAX_BYTES);
    }

    public static int byteLength(String s) {
        return utf8(s).length;
    }

    /** The longest prefix of whole UTF-8 characters within {@code limit} bytes ({@code pg_mbcliplen}). */
    private static String clip(byte[] bytes, int limit) {
        int length = 0;
        while (length < limit && length < bytes.length) {
            int charLength = utf8CharLength(bytes[length]);
            if (length + charLength > limit) {
                break;
            }
            length += charLength;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    private static int utf8CharLength(byte lead) {
        int b = lead & 0xff;
        if (b < 0x80) {
            return 1;
        }
        if ((b & 0xe0) == 0xc0) {
            return 2;
        }
        if ((b & 0xf0) == 0xe0) {
            return 3;
        }
        return (b & 0xf8) == 0xf0 ? 4 : 1;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
