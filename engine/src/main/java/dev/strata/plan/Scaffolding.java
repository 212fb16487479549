package dev.strata.plan;

import dev.strata.ddl.CommentOn;
import dev.strata.model.QualifiedName;

import java.util.List;
import java.util.Optional;

/**
 * How Strata marks what only a migration in progress needs (sync trigger functions, shadow columns): a comment
 * that starts with {@link #PREFIX}. {@code abandon} removes what carries it and {@code plan --url} reports it,
 * whatever the objects are called, and nothing a user made is mistaken for it.
 */
public final class Scaffolding {

    /** Every marker comment starts with this. */
    public static final String PREFIX = "strata: ";

    /**
     * Suffix of an index (or a materialized view, with its indexes) built beside the one it replaces, renamed over it
     * when the build succeeded; {@code abandon} drops one the migration's plan built and never swapped in.
     */
    public static final String REPLACEMENT_INDEX_SUFFIX = "__strata_new";

    /** Suffix of an index built only so a step can read {@code max(c)} under its lock, dropped after it. */
    public static final String LOOKUP_INDEX_SUFFIX = "__strata_max";

    /**
     * Indexes cannot carry the marker comment through a concurrent build that fails halfway, so their names carry
     * these suffixes instead; a plan never gives a user's index such a name.
     */
    public static final List<String> INDEX_SUFFIXES = List.of(REPLACEMENT_INDEX_SUFFIX, LOOKUP_INDEX_SUFFIX);

    private Scaffolding() {}

    /** Marks a sync trigger's function ({@code name()}, no arguments). */
    public static CommentOn markFunction(QualifiedName function, String purpose) {
        return new CommentOn(new CommentOn.Target.Function(function), Optional.of(text(purpose)));
    }

    /** Marks a shadow column; the swap that makes it the real column gives it its declared comment. */
    public static CommentOn markColumn(QualifiedName table, String column, String purpose) {
        return CommentOn.column(table, column, Optional.of(text(purpose)));
    }

    private static String text(String purpose) {
        return PREFIX + purpose + "; only an unfinished migration needs it (strata abandon removes it)";
    }
}
