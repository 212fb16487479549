package dev.strata.diff;

import java.util.List;

/** Column lists as shown in plans (unquoted: plans are read by people, never executed). */
final class Lists {

    private Lists() {}

    static String columns(List<String> columns) {
        return "(" + String.join(", ", columns) + ")";
    }
}
