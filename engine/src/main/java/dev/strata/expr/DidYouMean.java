package dev.strata.expr;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The closest known name to a misspelt one, if it is close enough to be a plausible typo. */
final class DidYouMean {

    private DidYouMean() {}

    static Optional<String> suggest(String wrong, Collection<String> known) {
        int limit = Math.max(1, Math.min(3, wrong.length() / 3));
        return known.stream()
                .filter(k -> distance(wrong.toLowerCase(), k.toLowerCase()) <= limit)
                .min(Comparator.comparingInt((String k) -> distance(wrong.toLowerCase(), k.toLowerCase()))
                        .thenComparing(Comparator.naturalOrder()));
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] swap = prev;
            prev = cur;
            cur = swap;
        }
        return prev[b.length()];
    }
}
