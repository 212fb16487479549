package dev.strata.plan;

import dev.strata.model.QualifiedName;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A step that touches a large table, and who must review it before {@code apply} runs it. The question the reviewers
 * answer (what happens to traffic while it runs) is put by the renderers from the step's locks and the table's size.
 *
 * @param reviewers the names the review rules give for the table; empty when no rule matches it (then anyone named
 *                  with {@code --reviewed-by} may approve it)
 */
public record Review(String stepId, QualifiedName table, TableFacts facts, List<String> reviewers) {

    public Review {
        reviewers = List.copyOf(reviewers);
    }

    /**
     * The reviewer among {@code given} (the {@code --reviewed-by} names) who may approve this step, as the rules spell
     * it; names compare ignoring case and a leading {@code @}, as GitHub handles do.
     */
    public Optional<String> approvedBy(List<String> given) {
        if (reviewers.isEmpty()) {
            return given.stream().findFirst();
        }
        for (String reviewer : reviewers) {
            if (given.stream().anyMatch(name -> canonical(name).equals(canonical(reviewer)))) {
                return Optional.of(reviewer);
            }
        }
        return Optional.empty();
    }

    private static String canonical(String name) {
        String n = name.strip();
        return (n.startsWith("@") ? n.substring(1) : n).toLowerCase(Locale.ROOT);
    }
}
