package dev.strata.render;

import dev.strata.plan.BackfillStep;
import dev.strata.plan.DdlStep;
import dev.strata.plan.Fact;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockTarget;
import dev.strata.plan.Recovery;
import dev.strata.plan.Plan;
import dev.strata.plan.Review;
import dev.strata.plan.Reviews;
import dev.strata.plan.Step;
import dev.strata.plan.TableFacts;
import dev.strata.plan.TableWork;
import dev.strata.plan.Undo;
import dev.strata.sql.Identifiers;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** The wording every human-facing renderer shares, so text and Markdown say the same thing. */
public final class Describe {

    private static final String[] UNITS = {"B", "kB", "MB", "GB", "TB", "PB"};

    private Describe() {}

    /** The locks a step takes; a backfill's are its batches' row writes. */
    static List<LockHold> locks(Step step) {
        return switch (step) {
            case DdlStep d -> d.locks();
            case BackfillStep b -> b.locks();
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
            case DdlStep d -> d.sql().stream().map(s -> s + ";").toList();
            case BackfillStep b -> List.of(
                    "-- in batches ordered by (" + Identifiers.list(b.key()) + "), each its own transaction",
                    switch (b.batch()) {
                        case BackfillStep.Batch.Assign a -> "UPDATE " + Identifiers.qualified(b.table()) + " SET "
                                + a.assignments().stream()
                                .map(x -> Identifiers.quote(x.column()) + " = (" + x.expression() + ")")
                                .collect(Collectors.joining(", "))
                                + " WHERE (" + a.pending() + ");";
                        case BackfillStep.Batch.Archive a -> "INSERT INTO " + Identifiers.qualified(a.archive()) + " ("
                                + Identifiers.list(b.key()) + ", " + Identifiers.quote(a.column()) + ") SELECT "
                                + Identifiers.list(b.key()) + ", " + Identifiers.quote(a.column()) + " FROM "
                                + Identifiers.qualified(b.table()) + " ON CONFLICT DO NOTHING;";
                    });
        };
    }

    /** Sizes as PostgreSQL's pg_size_pretty prints them (1024-based, kB/MB/GB), for determinism in Locale.ROOT. */
    public static String bytes(long bytes) {
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

    public static String rows(long rows) {
        return rows < 0 ? "unknown" : String.format(Locale.ROOT, "%,d", rows);
    }

    static String tableFacts(TableFacts facts) {
        return bytes(facts.bytes()) + (facts.empty() ? ", empty (0 rows at plan time)"
                : facts.estimatedRows() < 0 ? ", rows unknown (not analysed, not readable)"
                : ", about " + rows(facts.estimatedRows()) + " rows");
    }

    /** Where the recovery facts come from, for readers who want the definitions. */
    static final String RECOVERY_SOURCES = "https://www.postgresql.org/docs/current/continuous-archiving.html, "
            + "https://www.postgresql.org/docs/current/monitoring-stats.html#MONITORING-PG-STAT-ARCHIVER-VIEW";

    /** One line per recovery fact, {@code label: value}, the same in text and Markdown. */
    static List<String> recovery(Recovery r) {
        return List.of(
                "WAL archiving: " + known(r.archiving(), Describe::archiving),
                "Replicas: " + known(r.replicas(), Describe::replicas),
                "Replication slots: " + known(r.slots(), Describe::slots),
                "Database size: " + known(r.databaseBytes(), Describe::bytes),
                "Restore estimate: " + r.restoreSeconds().stream()
                        .mapToObj(s -> duration(s) + " to copy the database at " + bytes(r.restoreBytesPerSecond())
                                + "/s (--restore-rate); replaying WAL comes on top")
                        .findFirst().orElse("unknown (the database size is unknown)"));
    }

    private static <T> String known(Fact<T> fact, java.util.function.Function<T, String> describe) {
        return switch (fact) {
            case Fact.Known<T> k -> describe.apply(k.value());
            case Fact.Unknown<T> u -> "unknown: " + u.reason();
        };
    }

    private static String archiving(Recovery.Archiving a) {
        String settings = "archive_mode " + a.archiveMode() + ", wal_level " + a.walLevel();
        if (!a.on()) {
            return "off (" + settings + "): a restore reaches back only to the last base backup, not to the moment"
                    + " before a step";
        }
        String last = a.lastArchivedWal().isEmpty() || a.lastArchivedAge().isEmpty()
                ? "no segment archived since the statistics were reset"
                : "last segment " + a.lastArchivedWal().get() + " archived " + duration(a.lastArchivedAge().getAsLong())
                        + " ago";
        String failures;
        if (a.lastAttemptFailed()) {
            failures = "FAILING: the last attempt (" + a.lastFailedWal().orElse("unknown segment") + ", "
                    + duration(a.lastFailedAge().orElse(0)) + " ago) failed";
        } else if (a.failedCount() > 0) {
            failures = a.failedCount() + " failed attempts since the statistics were reset, none since the last success";
        } else {
            failures = "no failures";
        }
        return "on (" + settings + "), " + last + "; " + failures;
    }

    private static String replicas(List<Recovery.Replica> replicas) {
        if (replicas.isEmpty()) {
            return "none streaming from this server";
        }
        return replicas.size() + " streaming from this server: " + replicas.stream().map(r -> (r.name().isEmpty()
                ? "unnamed" : r.name()) + " (" + (r.state().isEmpty() ? "details need pg_read_all_stats"
                : r.state().get() + ", " + r.syncState().orElse("sync state unknown") + ", replay lag "
                        + (r.replayLag().isPresent() ? duration(r.replayLag().getAsLong()) : "unknown")) + ")")
                .collect(Collectors.joining(", ")) + "; a replica replays a drop at once, so it is no copy of dropped data";
    }

    private static String slots(List<Recovery.Slot> slots) {
        if (slots.isEmpty()) {
            return "none";
        }
        return slots.stream().map(s -> s.name() + " (" + s.type() + ", " + (s.active() ? "active"
                : "inactive: keeps WAL on this server until used or dropped") + ")").collect(Collectors.joining(", "));
    }

    /** Seconds rounded to the unit a reviewer reads: 45 s, 3 min, 5 h, 2 days. */
    static String duration(long seconds) {
        if (seconds < 120) {
            return seconds + " s";
        }
        if (seconds < 120 * 60) {
            return Math.round(seconds / 60.0) + " min";
        }
        if (seconds < 48 * 3600) {
            return Math.round(seconds / 3600.0) + " h";
        }
        return Math.round(seconds / 86400.0) + " days";
    }

    /**
     * The question a step on a large table puts to its reviewers, answered as far as the plan can: the locks it takes
     * on the table, the work it does under them, and the table's size, which sets how long that work lasts.
     */
    static String reviewQuestion(Plan plan, Review review) {
        List<LockHold> locks = plan.steps().stream().filter(s -> s.id().equals(review.stepId())).findFirst()
                .map(Describe::locks).orElse(List.of()).stream()
                .filter(l -> l.target() instanceof LockTarget.Relation r && r.name().equals(review.table()))
                .toList();
        TableWork most = locks.stream().map(LockHold::work)
                .max(java.util.Comparator.comparingInt(Describe::weight)).orElse(TableWork.CATALOG_ONLY);
        String duration = switch (most) {
            case CATALOG_ONLY -> "milliseconds once the lock is granted";
            case SCAN -> "as long as reading every row";
            case REWRITE -> "as long as rewriting every row and index";
            case BATCHED, BATCHED_READS, BATCHED_INSERTS -> "short transactions, as long as the batches take over every row";
        };
        return "What happens to traffic while this runs? "
                + locks.stream().map(Describe::lock).collect(Collectors.joining("; "))
                + " (" + duration + "); table: " + tableFacts(review.facts());
    }

    private static int weight(TableWork work) {
        return switch (work) {
            case CATALOG_ONLY -> 0;
            case BATCHED, BATCHED_READS, BATCHED_INSERTS -> 1;
            case SCAN -> 2;
            case REWRITE -> 3;
        };
    }

    /** {@code more than 1,000,000 rows or 1024 MB}: when a table counts as large. */
    static String threshold(Reviews reviews) {
        List<String> parts = new java.util.ArrayList<>();
        reviews.rowsAbove().ifPresent(r -> parts.add(rows(r) + " rows"));
        reviews.bytesAbove().ifPresent(b -> parts.add(bytes(b)));
        return "more than " + String.join(" or ", parts);
    }

    /** Who may approve a step, in words. */
    static String reviewers(Review review) {
        return review.reviewers().isEmpty() ? "anyone (no reviewer rule matches this table)"
                : String.join(", ", review.reviewers());
    }

    static String reversibility(DdlStep step) {
        return switch (step.undo()) {
            case Undo.By b -> "can be undone";
            case Undo.Nothing n -> "can be undone: nothing to undo";
            case Undo.Impossible i -> "cannot be undone: " + i.reason();
        };
    }

    /**
     * What preflight found, one line each: a clean run says so in one line; otherwise the failing checks, then those
     * not checked. Empty when preflight did not run.
     */
    static List<String> preflight(dev.strata.plan.Preflight preflight) {
        List<dev.strata.plan.PreflightFinding> found = preflight.findings().orElse(List.of());
        if (preflight.findings().isEmpty()) {
            return List.of();
        }
        List<String> lines = new java.util.ArrayList<>();
        preflight.failures().forEach(f -> lines.add(f.line()));
        found.stream().filter(f -> f.status() == dev.strata.plan.PreflightFinding.Status.NOT_CHECKED)
                .forEach(f -> lines.add(f.line()));
        if (lines.isEmpty()) {
            lines.add(found.isEmpty() ? "nothing to check: the plan adds no constraint or conversion on existing rows"
                    : "clean: no existing row fails any of the " + found.size() + (found.size() == 1 ? " check" : " checks")
                            + " (" + found.stream().map(f -> f.table() + " " + f.check())
                                    .collect(java.util.stream.Collectors.joining("; ")) + ")");
        }
        return lines;
    }
}
