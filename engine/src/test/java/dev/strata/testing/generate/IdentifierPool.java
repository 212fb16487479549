package dev.strata.testing.generate;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

/**
 * Names that exercise quoting: plain ones, reserved words, capitals, spaces and quotes, unicode and names at
 * PostgreSQL's 63-byte limit (counted in UTF-8 bytes: longer ones would be silently truncated by the server).
 * No name contains a dot (YAML references like {@code schema.table} would become ambiguous) and no name ends
 * in {@code _seq}, so an identity column's implicit sequence can never take a name the model uses.
 */
public final class IdentifierPool {

    public static final int MAX_BYTES = 63;

    public static final List<String> PLAIN = List.of(
            "users", "order_items", "accounts", "invoices", "products", "events", "audit_log", "tags", "payments",
            "line_items", "customers", "sessions");
    public static final List<String> RESERVED = List.of("order", "user", "select", "group", "table", "check", "from");
    public static final List<String> CAPITALS = List.of("Users", "CamelCase", "OrderItems", "HTTPLog");
    public static final List<String> SPACES_AND_QUOTES = List.of("first name", "say \"hi\"", "it's", "  padded ");
    public static final List<String> UNICODE = List.of("café", "日本", "naïve", "Ärger", "δοκιμή");
    public static final List<String> LONG = List.of(
            "a_table_name_that_is_quite_long_and_sits_right_at_the_limit_xyz",
            "日本語の名前は三バイト文字なので二十一文字",
            "é".repeat(31) + "x",
            "Mixed Case And Spaces Reaching Exactly Sixty-Three Bytes Here!!");

    public static final List<String> COLUMN_PLAIN = List.of(
            "id", "name", "email", "created_at", "amount", "status", "quantity", "price", "note", "parent_id", "code",
            "payload");

    public static final List<String> SCHEMAS = List.of("public", "billing", "Sales", "日本", "my schema");

    public static final List<String> COMMENTS = List.of(
            "Plain comment.", "It's \"quoted\" here", "line one\nline two", "Ünïcödé ✓ 日本語", "trailing space ");

    public static final List<String> ENUM_LABELS = List.of(
            "pending", "paid", "shipped", "it's", "with space", "naïve", "UPPER", "日本");

    static {
        Stream.of(PLAIN, RESERVED, CAPITALS, SPACES_AND_QUOTES, UNICODE, LONG, COLUMN_PLAIN, SCHEMAS, ENUM_LABELS)
                .flatMap(List::stream)
                .filter(n -> bytes(n) > MAX_BYTES || n.contains(".") || n.endsWith("_seq"))
                .findAny()
                .ifPresent(n -> {
                    throw new ExceptionInInitializerError("bad pool name: " + n);
                });
    }

    private IdentifierPool() {}

    /** Names for tables, views, enums, sequences, constraints and indexes; plain ones most often. */
    public static Arbitrary<String> objectNames() {
        return mixed(PLAIN);
    }

    public static Arbitrary<String> columnNames() {
        return mixed(COLUMN_PLAIN);
    }

    public static Arbitrary<String> schemaNames() {
        return Arbitraries.of(SCHEMAS);
    }

    public static Arbitrary<String> comments() {
        return Arbitraries.of(COMMENTS);
    }

    public static Arbitrary<String> enumLabels() {
        return Arbitraries.of(ENUM_LABELS);
    }

    public static int bytes(String name) {
        return name.getBytes(StandardCharsets.UTF_8).length;
    }

    /** The longest prefix of {@code name} that fits in 63 UTF-8 bytes, cut between code points. */
    public static String truncate(String name) {
        return truncate(name, MAX_BYTES);
    }

    /** The longest prefix of {@code name} that fits in {@code maxBytes} UTF-8 bytes, cut between code points. */
    public static String truncate(String name, int maxBytes) {
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            int size = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            if (used + size > maxBytes) {
                break;
            }
            out.appendCodePoint(cp);
            used += size;
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    private static Arbitrary<String> mixed(List<String> plain) {
        return Arbitraries.frequencyOf(
                Tuple.of(8, Arbitraries.of(plain)),
                Tuple.of(2, Arbitraries.of(RESERVED)),
                Tuple.of(1, Arbitraries.of(CAPITALS)),
                Tuple.of(1, Arbitraries.of(SPACES_AND_QUOTES)),
                Tuple.of(1, Arbitraries.of(UNICODE)),
                Tuple.of(1, Arbitraries.of(LONG)));
    }
}
