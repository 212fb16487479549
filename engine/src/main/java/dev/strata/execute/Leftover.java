package dev.strata.execute;

import dev.strata.model.QualifiedName;
import dev.strata.sql.Identifiers;

/**
 * Something an unfinished or abandoned migration left in the database that only the migration needed. A sync
 * trigger runs on every write (and fails every write once a column it names is gone); an INVALID index is
 * maintained on every write and never used.
 */
public sealed interface Leftover {

    /** One line for people: what it is, what it costs, and how it goes. */
    String describe();

    /** A sync trigger whose function carries Strata's marker. */
    record Trigger(QualifiedName table, String name, QualifiedName function) implements Leftover {
        public String describe() {
            return "Strata's sync trigger " + name + " on " + table + " is still installed and runs on every write"
                    + " (an unfinished or abandoned migration left it); strata abandon removes it";
        }
    }

    /** A marked sync function no trigger uses any more. */
    record Function(QualifiedName name) implements Leftover {
        public String describe() {
            return "Strata's sync function " + name + "() is left over from an unfinished or abandoned migration;"
                    + " strata abandon removes it";
        }
    }

    /** A marked shadow column of a type change that never reached its swap. */
    record ShadowColumn(QualifiedName table, String column) implements Leftover {
        public String describe() {
            return "Strata's shadow column " + table + "." + column + " is left over from an unfinished or abandoned"
                    + " type change; strata abandon removes it";
        }
    }

    /** An index a migration built and did not finish with: {@code abandon} drops it when the migration's plan built it. */
    sealed interface IndexLeftover extends Leftover {

        QualifiedName table();

        QualifiedName index();

        /** What {@code abandon} calls it, before its name. */
        String label();
    }

    /**
     * A materialized view under Strata's replacement name ({@code Scaffolding.REPLACEMENT_INDEX_SUFFIX}): a changed
     * query's new view, built beside the live one, that the migration never swapped in. Its indexes go with it.
     */
    record ReplacementMaterializedView(QualifiedName view) implements Leftover {
        public String describe() {
            return "Strata's materialized view " + view + " is left over from an unfinished or abandoned replacement of"
                    + " a materialized view's query: it takes space and nothing reads it; strata abandon drops it";
        }
    }

    /**
     * A valid index under one of Strata's temporary names ({@code Scaffolding.INDEX_SUFFIXES}): the migration stopped
     * between building it and swapping or dropping it.
     */
    record TemporaryIndex(QualifiedName table, QualifiedName index) implements IndexLeftover {
        public String label() {
            return "temporary index";
        }

        public String describe() {
            return "Strata's temporary index " + index + " on " + table + " is left over from an unfinished or abandoned"
                    + " migration: it is maintained on every write; strata abandon drops it";
        }
    }

    /** An INVALID index: a failed or interrupted {@code CREATE INDEX CONCURRENTLY} leaves one. */
    record InvalidIndex(QualifiedName table, QualifiedName index) implements IndexLeftover {
        public String label() {
            return "INVALID index";
        }

        public String describe() {
            return "index " + index + " on " + table + " is INVALID (a concurrent build failed, or is still running):"
                    + " it is maintained on every write and never used; strata abandon drops it when Strata built it,"
                    + " or run DROP INDEX CONCURRENTLY " + Identifiers.qualified(index);
        }
    }
}
