package dev.strata.execute;

import dev.strata.ddl.Saved;
import dev.strata.ddl.Statement;
import dev.strata.model.QualifiedName;
import dev.strata.plan.ConcurrentIndex;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockTarget;
import dev.strata.sql.Lexer;
import dev.strata.sql.Lexer.Token;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * For plans saved (or migrations started) before a {@link DdlStep} held its {@link ConcurrentIndex} only: the index
 * read from the one statement Strata wrote for such a step then, {@code CREATE [UNIQUE] INDEX CONCURRENTLY [IF NOT
 * EXISTS] name ON [ONLY] [schema.]table ...} or {@code DROP INDEX CONCURRENTLY [IF EXISTS] [schema.]name}, by
 * {@link Lexer}. Steps planned now carry the index as data and never come here.
 */
final class OldPlanIndexes {

    private OldPlanIndexes() {}

    static Optional<ConcurrentIndex> read(DdlStep step) {
        // An index lives in its table's schema; an unqualified name is the step's locked relation's.
        String schema = step.locks().stream().map(LockHold::target).filter(t -> t instanceof LockTarget.Relation)
                .findFirst().map(t -> t.name().schema()).orElse("public");
        // Only text read back from such a plan: a statement planned now is a value that never comes here.
        for (Statement statement : step.statements()) {
            if (!(statement instanceof Saved saved)) {
                continue;
            }
            try {
                Optional<ConcurrentIndex> found = read(Lexer.tokens(saved.text()), schema);
                if (found.isPresent()) {
                    return found;
                }
            } catch (Lexer.LexError e) {
                // not a statement Strata wrote: it names no index
            }
        }
        return Optional.empty();
    }

    private static Optional<ConcurrentIndex> read(List<Token> tokens, String defaultSchema) {
        int[] at = {0};
        boolean create = word(tokens, at, "create");
        if (!create && !word(tokens, at, "drop")) {
            return Optional.empty();
        }
        if (create) {
            word(tokens, at, "unique");
        }
        if (!word(tokens, at, "index") || !word(tokens, at, "concurrently")) {
            return Optional.empty();
        }
        if (word(tokens, at, "if") && !((!create || word(tokens, at, "not")) && word(tokens, at, "exists"))) {
            return Optional.empty();
        }
        List<String> name = qualifiedName(tokens, at);
        if (!create) {
            return name.isEmpty() ? Optional.empty() : Optional.of(new ConcurrentIndex.Drop(
                    QualifiedName.of(name.size() == 2 ? name.getFirst() : defaultSchema, name.getLast())));
        }
        if (name.size() != 1 || !word(tokens, at, "on")) {
            return Optional.empty();
        }
        word(tokens, at, "only");
        List<String> table = qualifiedName(tokens, at);
        return table.isEmpty() ? Optional.empty() : Optional.of(new ConcurrentIndex.Build(
                QualifiedName.of(table.size() == 2 ? table.getFirst() : defaultSchema, name.getFirst())));
    }

    private static boolean word(List<Token> tokens, int[] at, String lowerCase) {
        if (at[0] < tokens.size() && tokens.get(at[0]).isWord(lowerCase)) {
            at[0]++;
            return true;
        }
        return false;
    }

    /** {@code name} or {@code schema.name}, each part bare (folded) or quoted; empty when neither stands here. */
    private static List<String> qualifiedName(List<Token> tokens, int[] at) {
        List<String> parts = new ArrayList<>();
        while (at[0] < tokens.size() && tokens.get(at[0]).isName() && parts.size() < 2) {
            parts.add(tokens.get(at[0]++).value());
            if (at[0] + 1 < tokens.size() && tokens.get(at[0]).is(".") && tokens.get(at[0] + 1).isName()) {
                at[0]++;
            } else {
                return parts;
            }
        }
        return parts;
    }
}
