package dev.strata.connect;

import dev.strata.diagnostics.StrataException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Parses {@code postgres://} / {@code postgresql://} (libpq) and {@code jdbc:postgresql://} URLs by
 * hand: {@link java.net.URI} rejects unencoded characters users put in passwords. Error messages
 * never quote the URL or a piece of it, because a mis-split URL can put the password in any piece.
 */
final class UrlParser {

    static final String ACCEPTED_FORMS = "expected postgres://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=MODE"
            + " (or postgresql://...) or jdbc:postgresql://HOST:PORT/DATABASE?user=USER&password=PASSWORD";

    /** libpq query parameters Strata understands, mapped to pgjdbc's property names. */
    private static final Map<String, String> LIBPQ_PARAMETERS = Map.of(
            "sslmode", "sslmode",
            "sslrootcert", "sslrootcert",
            "sslcert", "sslcert",
            "sslkey", "sslkey",
            "application_name", "ApplicationName",
            "connect_timeout", "connectTimeout",
            "options", "options");

    private UrlParser() {}

    static UrlParts parse(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql://")) {
            return parseRest(url.substring("jdbc:postgresql://".length()), true);
        }
        for (String scheme : new String[] {"postgres://", "postgresql://"}) {
            if (lower.startsWith(scheme)) {
                return parseRest(url.substring(scheme.length()), false);
            }
        }
        throw invalid("unknown scheme");
    }

    private static UrlParts parseRest(String rest, boolean jdbc) {
        int queryStart = rest.indexOf('?');
        String query = queryStart < 0 ? "" : rest.substring(queryStart + 1);
        String beforeQuery = queryStart < 0 ? rest : rest.substring(0, queryStart);
        int slash = beforeQuery.indexOf('/');
        String authority = slash < 0 ? beforeQuery : beforeQuery.substring(0, slash);
        Optional<String> database = slash < 0 ? Optional.empty()
                : nonEmpty(decode(beforeQuery.substring(slash + 1), "database name"));

        // The last '@' so that an unencoded '@' in a password still works.
        int at = authority.lastIndexOf('@');
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (at >= 0) {
            if (jdbc) {
                throw invalid("a jdbc:postgresql:// URL takes the user and password as ?user=...&password=...");
            }
            String userInfo = authority.substring(0, at);
            int colon = userInfo.indexOf(':');
            user = nonEmpty(decode(colon < 0 ? userInfo : userInfo.substring(0, colon), "user name"));
            password = colon < 0 ? Optional.empty() : Optional.of(decode(userInfo.substring(colon + 1), "password"));
        }
        String hostPort = authority.substring(at + 1);
        if (hostPort.contains(",")) {
            throw invalid("several hosts are not supported");
        }
        Optional<String> host;
        String portText;
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close < 0) {
                throw invalid("an IPv6 address needs a closing ']'");
            }
            host = nonEmpty(hostPort.substring(1, close));
            String afterHost = hostPort.substring(close + 1);
            if (!afterHost.isEmpty() && !afterHost.startsWith(":")) {
                throw invalid("unexpected text after the IPv6 address");
            }
            portText = afterHost.isEmpty() ? "" : afterHost.substring(1);
        } else {
            int colon = hostPort.indexOf(':');
            if (colon >= 0 && hostPort.indexOf(':', colon + 1) >= 0) {
                throw invalid("write an IPv6 host in brackets, like [::1]");
            }
            host = nonEmpty(decode(colon < 0 ? hostPort : hostPort.substring(0, colon), "host"));
            portText = colon < 0 ? "" : hostPort.substring(colon + 1);
        }
        OptionalInt port = portText.isEmpty() ? OptionalInt.empty() : OptionalInt.of(port(portText));

        SortedMap<String, String> parameters = new TreeMap<>();
        if (!query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw invalid("every query parameter needs the form name=value");
                }
                String name = decode(pair.substring(0, eq), "query parameter name");
                String value = decode(pair.substring(eq + 1), "query parameter value");
                switch (name) {
                    case "user" -> user = nonEmpty(value);
                    case "password" -> password = Optional.of(value);
                    case "host", "dbname", "port" -> {
                        if (jdbc) {
                            parameters.put(name, value);
                        } else if (name.equals("host")) {
                            host = nonEmpty(value);
                        } else if (name.equals("dbname")) {
                            database = nonEmpty(value);
                        } else {
                            port = OptionalInt.of(port(value));
                        }
                    }
                    default -> {
                        if (jdbc) {
                            parameters.put(name, value);
                        } else if (LIBPQ_PARAMETERS.containsKey(name)) {
                            parameters.put(LIBPQ_PARAMETERS.get(name), value);
                        } else {
                            throw invalid("unsupported query parameter '" + name + "' (supported: user, password,"
                                    + " host, port, dbname, " + String.join(", ", new TreeMap<>(LIBPQ_PARAMETERS).keySet())
                                    + ")");
                        }
                    }
                }
            }
        }
        if (parameters.containsKey("sslmode")) {
            SslModes.require(parameters.get("sslmode"), "the sslmode parameter");
        }
        return new UrlParts(user, password, host, port, database, parameters);
    }

    private static int port(String text) {
        if (!text.matches("[0-9]{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw invalid("the port must be a number from 1 to 65535");
        }
        return Integer.parseInt(text);
    }

    private static Optional<String> nonEmpty(String s) {
        return s.isEmpty() ? Optional.empty() : Optional.of(s);
    }

    /** Percent-decoding as libpq does it: {@code %XX} are UTF-8 bytes, '+' stays '+'. */
    static String decode(String s, String what) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%') {
                if (i + 2 >= s.length() || Character.digit(s.charAt(i + 1), 16) < 0
                        || Character.digit(s.charAt(i + 2), 16) < 0) {
                    throw invalid("malformed percent-encoding in the " + what);
                }
                bytes.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static StrataException invalid(String reason) {
        return new StrataException("invalid --url: " + reason + "; " + ACCEPTED_FORMS);
    }
}
