package dev.strata.conformance;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Turns concrete messages into group keys: names and numbers vary between cases, the kind of
 * failure does not. Quoted names, qualified names and numbers become {@code …}.
 */
final class Kinds {

    private static final Pattern QUOTED = Pattern.compile("\"[^\"]*\"");
    private static final Pattern QUALIFIED = Pattern.compile("\\b[\\p{L}_][\\w$]*(\\.(…|[\\p{L}_][\\w$]*))+\\b");
    private static final Pattern NUMBER = Pattern.compile("\\b\\d+\\b");
    private static final Pattern PATH = Pattern.compile("\"/[^\"]*/([^/\"]+)\"");
    private static final int MAX = 150;

    private Kinds() {}

    static String normalize(String message) {
        String s = firstLineFull(message);
        s = QUOTED.matcher(s).replaceAll("\"…\"");
        s = QUALIFIED.matcher(s).replaceAll("…");
        s = NUMBER.matcher(s).replaceAll("N");
        return shorten(s);
    }

    /** The first line, without PostgreSQL's {@code ERROR:} prefix, cut to a table cell. */
    static String firstLine(String message) {
        return shorten(firstLineFull(message));
    }

    private static String firstLineFull(String message) {
        String s = message == null ? "" : message.strip();
        int nl = s.indexOf('\n');
        if (nl >= 0) {
            s = s.substring(0, nl).strip();
        }
        if (s.startsWith("ERROR: ")) {
            s = s.substring("ERROR: ".length());
        }
        // Server paths (the embedded server's temporary directory) differ between runs.
        return PATH.matcher(s.replace('|', '/')).replaceAll("\"…/$1\"");
    }

    private static String shorten(String s) {
        return s.length() <= MAX ? s : s.substring(0, MAX - 1) + "…";
    }

    static String sqlError(Throwable e) {
        Throwable t = e;
        while (t != null && !(t instanceof SQLException)) {
            t = t.getCause();
        }
        return firstLine((t == null ? e : t).getMessage());
    }

    /** What a DDL statement does, without the names it does it to. */
    static String statementKind(String sql) {
        String upper = sql.strip().toUpperCase(Locale.ROOT);
        if (upper.startsWith("ALTER TABLE")) {
            for (String clause : new String[] {"FOREIGN KEY", "PRIMARY KEY", "UNIQUE", "CHECK", "EXCLUDE"}) {
                if (upper.contains(clause)) {
                    return "ALTER TABLE ADD " + clause;
                }
            }
            return "ALTER TABLE";
        }
        if (upper.startsWith("ALTER SEQUENCE")) {
            return upper.contains("OWNED BY") ? "ALTER SEQUENCE OWNED BY" : "ALTER SEQUENCE";
        }
        String[] words = upper.split("\\s+");
        int n = switch (words[0]) {
            case "COMMENT" -> 3;
            case "CREATE" -> words.length > 1 && (words[1].equals("UNIQUE") || words[1].equals("OR")) ? 3 : 2;
            default -> 2;
        };
        return String.join(" ", Arrays.copyOf(words, Math.min(n, words.length)));
    }

    /** Exception type, message and the innermost Strata frame: enough to find the bug. */
    static String crash(String component, Throwable e) {
        return component + ": " + e.getClass().getSimpleName() + ": " + normalize(String.valueOf(e.getMessage()));
    }

    static String where(Throwable e) {
        return Arrays.stream(e.getStackTrace())
                .filter(f -> f.getClassName().startsWith("dev.strata.") && !f.getClassName().startsWith("dev.strata.conformance."))
                .findFirst()
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName()
                        + ":" + f.getLineNumber())
                .orElse("?");
    }
}
