package dev.strata.plan;

import dev.strata.model.Catalog;
import dev.strata.model.EnumType;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.Index;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Sequence;
import dev.strata.model.Table;
import dev.strata.model.TakenNames;
import dev.strata.model.UniqueConstraint;
import dev.strata.model.View;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * The one place that decides the names of the objects Strata creates for itself (shadow columns, sync
 * functions and triggers, helper constraints, indexes built aside, temporary sequences). A recipe proposes
 * the natural name; it is kept when free, otherwise {@code _2}, {@code _3}, … is appended (within 63 bytes,
 * see {@link ShortNames}). Free means: not in the current catalog, not declared in the desired one, not
 * reported by the live database ({@link TakenNames}: unmanaged objects, functions, triggers, PostgreSQL's
 * own constraint names), and not given earlier in this plan. An object whose name looks like Strata's is the
 * user's: it is avoided, never taken over.
 *
 * <p>Names follow PostgreSQL's namespaces: relations and types per schema, functions per schema, and
 * columns, constraints and triggers per table. Recipes run in the diff's order, so the same inputs always
 * give the same names. One instance serves one plan.
 */
public final class GeneratedNames {

    private final Catalog current;
    private final Catalog desired;
    private final TakenNames live;
    private final Map<String, Set<String>> relations = new HashMap<>();
    private final Map<String, Set<String>> functions = new HashMap<>();
    private final Map<QualifiedName, Set<String>> columns = new HashMap<>();
    private final Map<QualifiedName, Set<String>> constraints = new HashMap<>();
    private final Map<QualifiedName, Set<String>> triggers = new HashMap<>();

    public GeneratedNames(Catalog current, Catalog desired, TakenNames live) {
        this.current = current;
        this.desired = desired;
        this.live = live;
    }

    /** A column name Strata gives on {@code table} (its desired name) for a while: a shadow column, or the old copy during a swap. */
    public String column(QualifiedName table, String natural) {
        Set<String> given = columns.computeIfAbsent(table, k -> new HashSet<>());
        return claim(natural, name -> given.contains(name)
                || tables(table).anyMatch(t -> t.column(name).isPresent()), given);
    }

    /** A CHECK, FOREIGN KEY or NOT NULL constraint Strata adds to {@code table} (its desired name). */
    public String constraint(QualifiedName table, String natural) {
        Set<String> given = constraints.computeIfAbsent(table, k -> new HashSet<>());
        return claim(natural, name -> given.contains(name)
                || tables(table).anyMatch(t -> t.constraintNames().contains(name))
                || liveNames(table).anyMatch(q -> live.constraints(q).contains(name)), given);
    }

    /** An index or sequence Strata creates in {@code schema}. */
    public String relation(String schema, String natural) {
        Set<String> given = relations.computeIfAbsent(schema, k -> new HashSet<>());
        return claim(natural, name -> takenIn(schema, name), given);
    }

    /**
     * Where a dropped table or column is kept in strata_archive: the natural name (derived from its definition) unless
     * an earlier drop of the same definition still holds it there. {@code alsoFreeIn}: the schema where a table is
     * renamed to that name before it moves, so the name must be free there too.
     */
    public QualifiedName archive(String natural, Optional<String> alsoFreeIn) {
        Set<String> given = relations.computeIfAbsent(Schema.ARCHIVE, k -> new HashSet<>());
        return QualifiedName.of(Schema.ARCHIVE, claim(natural, name -> takenIn(Schema.ARCHIVE, name)
                || alsoFreeIn.map(home -> takenIn(home, name)).orElse(false), given));
    }

    /**
     * The name an index or sequence of a table moving to strata_archive takes there: its own, unless the archive holds
     * it already; then a numbered one, free in {@code home} as well, since it is renamed there before the move.
     */
    public String archivedAlong(String home, String name) {
        Set<String> given = relations.computeIfAbsent(Schema.ARCHIVE, k -> new HashSet<>());
        return claim(name, n -> takenIn(Schema.ARCHIVE, n) || (!n.equals(name) && takenIn(home, n)), given);
    }

    private boolean takenIn(String schema, String name) {
        return relations.getOrDefault(schema, Set.of()).contains(name) || live.relations(schema).contains(name)
                || holds(current, schema, name) || holds(desired, schema, name);
    }

    /** The trigger with a name free both for its function (in the table's schema) and for triggers on the table. */
    public SyncTrigger syncTrigger(SyncTrigger natural) {
        QualifiedName table = natural.table();
        Set<String> givenFunctions = functions.computeIfAbsent(table.schema(), k -> new HashSet<>());
        Set<String> givenTriggers = triggers.computeIfAbsent(table, k -> new HashSet<>());
        String name = claim(natural.name(), n -> givenFunctions.contains(n) || givenTriggers.contains(n)
                || live.functions(table.schema()).contains(n)
                || liveNames(table).anyMatch(q -> live.triggers(q).contains(n)), givenFunctions);
        givenTriggers.add(name);
        return new SyncTrigger(table, name, natural.body());
    }

    private static String claim(String natural, Predicate<String> taken, Set<String> given) {
        String name = natural;
        for (int n = 2; taken.test(name); n++) {
            name = ShortNames.withSuffix(natural, "_" + n);
        }
        given.add(name);
        return name;
    }

    /** The table as declared and as it is now (following a rename hint). */
    private Stream<Table> tables(QualifiedName table) {
        return Stream.of(desired.table(table), currentFor(table)).flatMap(Optional::stream);
    }

    /** The names the live database may know the table by: its desired name and its current one. */
    private Stream<QualifiedName> liveNames(QualifiedName table) {
        return Stream.concat(Stream.of(table),
                currentFor(table).map(t -> QualifiedName.of(table.schema(), t.name())).stream());
    }

    private Optional<Table> currentFor(QualifiedName table) {
        return PlanContext.currentTableFor(current, desired, table);
    }

    /** Whether a relation or type of the catalog's schema has the name (index-backed constraints included). */
    private static boolean holds(Catalog catalog, String schema, String name) {
        Optional<Schema> s = catalog.schema(schema);
        if (s.isEmpty()) {
            return false;
        }
        Schema in = s.get();
        return in.tables().stream().anyMatch(t -> t.name().equals(name) || tableRelations(t).contains(name))
                || in.views().stream().map(View::name).anyMatch(name::equals)
                || in.sequences().stream().map(Sequence::name).anyMatch(name::equals)
                || in.enums().stream().map(EnumType::name).anyMatch(name::equals);
    }

    private static Set<String> tableRelations(Table t) {
        Set<String> names = new HashSet<>();
        t.indexes().stream().map(Index::name).forEach(names::add);
        t.primaryKey().ifPresent(pk -> names.add(pk.name()));
        t.uniqueConstraints().stream().map(UniqueConstraint::name).forEach(names::add);
        t.exclusions().stream().map(ExclusionConstraint::name).forEach(names::add);
        return names;
    }
}
