package dev.strata.render;

import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.GateStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.LockTarget;
import dev.strata.plan.Step;
import dev.strata.plan.TableFacts;
import dev.strata.plan.TableWork;
import dev.strata.sql.Identifiers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The wording every human-facing renderer shares, so text and Markdown say the same thing. */
final class Describe {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Describe() {}

    /** The locks a step takes; a backfill's are its batches' row writes. */
    static List<LockHold> locks(Step step) {
        return switch (step) {
            case DdlStep d -> d.locks();
            case BackfillStep b -> List.of(new LockHold(b.table(), LockMode.ROW_EXCLUSIVE, TableWork.BATCHED));
            case GateStep g -> List.of();
        };
    }

    /** {@code ACCESS EXCLUSIVE on public.users — blocks reads and writes, catalog only}. */
    static String lock(LockHold lock) {
        return lock.mode().sql() + " on " + target(lock.target()) + " — blocks "
                + lock.blocks() + ", " + lock.work().description();
    }

    /** {@code public.users}, or {@code type public.mood}. */
    private static String target(LockTarget target) {
        return switch (target) {
            case LockTarget.Relation r -> Identifiers.qualified(r.name());
            case LockTarget.Type t -> "type " + Identifiers.qualified(t.name());
        };
    }

    /** Statements as a reviewer reads them, each ending with a semicolon. */
    static List<String> sql(Step step) {
        return switch (step) {
            case DdlStep d -> d.statements().stream().map(s -> s + ";").toList();
            case BackfillStep b -> List.of(
                    "-- in batches ordered by (" + Identifiers.list(b.key()) + "), each its own transaction",
                    "UPDATE " + Identifiers.qualified(b.table()) + " SET " + b.assignments().stream()
                            .map(a -> Identifiers.quote(a.column()) + " = (" + a.expression() + ")")
                            .collect(Collectors.joining(", "))
                            + " WHERE (" + b.pending() + ");");
            case GateStep g -> List.of();
        };
    }

    /** Sizes as PostgreSQL's pg_size_pretty prints them (1024-based, kB/MB/GB), for determinism in Locale.ROOT. */
    static String bytes(long bytes) {
        if (bytes < 10 * 1024) {
            return bytes + " bytes";
        }
        double value = bytes;
        int unit = 0;
        while (value >= 10 * 1024 && unit < UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return BigDecimal.valueOf(value).setScale(0, RoundingMode.HALF_UP).toPlainString() + " " + UNITS[unit];
    }

    static String rows(long rows) {
        return rows < 0 ? "unknown" : String.format(Locale.ROOT, "%,d", rows);
    }

    static String tableFacts(TableFacts facts) {
        return bytes(facts.bytes()) + (facts.empty() ? ", empty (0 rows at plan time)"
                : facts.estimatedRows() < 0 ? ", rows unknown (not analysed, not readable)"
                : ", about " + rows(facts.estimatedRows()) + " rows");
    }

    static String reversibility(DdlStep step) {
        return step.inverse().map(i -> i.isEmpty() ? "can be undone: nothing to undo" : "can be undone")
                .orElse("cannot be undone");
    }
}
