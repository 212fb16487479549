package dev.strata.ddl;

import dev.strata.model.Deferrability;
import dev.strata.model.ObjectName;
import dev.strata.model.QualifiedName;
import dev.strata.model.Trigger;
import dev.strata.sql.Identifiers;
import dev.strata.sql.Literals;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code CREATE [OR REPLACE] TRIGGER}, {@code DROP TRIGGER}, {@code ALTER TABLE … ENABLE/DISABLE TRIGGER} and
 * {@code COMMENT ON TRIGGER} for the triggers a project declares ({@link Trigger}; Strata's own sync triggers are
 * {@link TriggerStatement}). Each names the trigger by its schema and key ({@code <table>.<name>}); the SQL names it by
 * its own name on its table. {@code CREATE OR REPLACE} (PostgreSQL 14+) changes a trigger in one statement, with no
 * moment without it; it sets the trigger enabled again, so a disabled one is disabled in the same step. A constraint
 * trigger ({@code CREATE CONSTRAINT TRIGGER}) has no {@code OR REPLACE}: it is dropped and created.
 */
public sealed interface TriggerObjectStatement extends ObjectStatement {

    QualifiedName trigger();

    default ObjectName self() {
        return ObjectName.of(Trigger.KIND, trigger());
    }

    /** {@code name} is the trigger's schema and key; {@code definition} says the rest. */
    record Create(QualifiedName trigger, Trigger definition, boolean orReplace) implements TriggerObjectStatement {
        public String render() {
            Trigger t = definition;
            if (orReplace && t.constraint().isPresent()) {
                throw new IllegalStateException("PostgreSQL has no CREATE OR REPLACE CONSTRAINT TRIGGER");
            }
            var sql = new StringBuilder(orReplace ? "CREATE OR REPLACE TRIGGER "
                    : t.constraint().isPresent() ? "CREATE CONSTRAINT TRIGGER " : "CREATE TRIGGER ")
                    .append(Identifiers.quote(t.name())).append(' ').append(t.timing().sql()).append(' ');
            sql.append(t.events().stream().map(e -> e == Trigger.Event.UPDATE && !t.updateOf().isEmpty()
                    ? "UPDATE OF " + Identifiers.list(t.updateOf()) : e.name()).collect(Collectors.joining(" OR ")));
            sql.append(" ON ").append(Identifiers.qualified(t.table()));
            t.constraint().ifPresent(c -> {
                c.from().ifPresent(f -> sql.append(" FROM ").append(Identifiers.qualified(f)));
                if (c.deferrability() != Deferrability.NOT_DEFERRABLE) {
                    sql.append(' ').append(c.deferrability().sql());
                }
            });
            if (t.oldTable().isPresent() || t.newTable().isPresent()) {
                sql.append(" REFERENCING");
                t.oldTable().ifPresent(o -> sql.append(" OLD TABLE AS ").append(Identifiers.quote(o)));
                t.newTable().ifPresent(n -> sql.append(" NEW TABLE AS ").append(Identifiers.quote(n)));
            }
            sql.append(t.forEachRow() ? " FOR EACH ROW" : " FOR EACH STATEMENT");
            t.when().ifPresent(w -> sql.append(" WHEN (").append(w).append(')'));
            return sql.append(" EXECUTE FUNCTION ").append(Identifiers.qualified(t.function())).append('(')
                    .append(t.arguments().stream().map(Literals::quote).collect(Collectors.joining(", "))).append(')')
                    .toString();
        }

        public Set<ObjectName> creates() {
            return Set.of(self());
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            Set<ObjectName> needs = new HashSet<>(definition.needs());
            needs.add(ObjectName.of(ObjectName.SCHEMA, trigger.schema(), trigger.schema()));
            return Set.copyOf(needs);
        }
    }

    record Drop(QualifiedName trigger, QualifiedName table, String name) implements TriggerObjectStatement {
        public String render() {
            return "DROP TRIGGER " + Identifiers.quote(name) + " ON " + Identifiers.qualified(table);
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of(self());
        }

        public Set<ObjectName> needs() {
            return Set.of();
        }
    }

    /** {@code ALTER TABLE … ENABLE [REPLICA | ALWAYS] TRIGGER} or {@code DISABLE TRIGGER}. */
    record Enable(QualifiedName trigger, QualifiedName table, String name, Trigger.Enabled state)
            implements TriggerObjectStatement {
        public String render() {
            String how = switch (state) {
                case ORIGIN -> "ENABLE";
                case DISABLED -> "DISABLE";
                case REPLICA -> "ENABLE REPLICA";
                case ALWAYS -> "ENABLE ALWAYS";
            };
            return "ALTER TABLE " + Identifiers.qualified(table) + " " + how + " TRIGGER " + Identifiers.quote(name);
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            return Set.of(self());
        }
    }

    /** {@code COMMENT ON TRIGGER … IS …}; empty text removes the comment ({@code IS NULL}). */
    record Comment(QualifiedName trigger, QualifiedName table, String name, Optional<String> text)
            implements TriggerObjectStatement {
        public String render() {
            return "COMMENT ON TRIGGER " + Identifiers.quote(name) + " ON " + Identifiers.qualified(table) + " IS "
                    + text.map(Literals::quote).orElse("NULL");
        }

        public Set<ObjectName> creates() {
            return Set.of();
        }

        public Set<ObjectName> drops() {
            return Set.of();
        }

        public Set<ObjectName> needs() {
            return Set.of(self());
        }
    }

    /** What makes {@code trigger} (named {@code name}) from nothing, or replaces a trigger of that name with it. */
    static List<Statement> build(QualifiedName name, Trigger trigger, boolean orReplace) {
        List<Statement> statements = new ArrayList<>();
        statements.add(new Create(name, trigger, orReplace));
        if (trigger.enabled() != Trigger.Enabled.ORIGIN) {
            statements.add(new Enable(name, trigger.table(), trigger.name(), trigger.enabled()));
        }
        trigger.comment().ifPresent(c -> statements.add(new Comment(name, trigger.table(), trigger.name(), Optional.of(c))));
        return List.copyOf(statements);
    }

    ObjectDdl<Trigger> DDL = new ObjectDdl<>() {
        public String kind() {
            return Trigger.KIND;
        }

        public Class<Trigger> type() {
            return Trigger.class;
        }

        public Placement placement() {
            return Placement.AFTER_TABLES;
        }

        public List<Statement> create(QualifiedName name, Trigger trigger) {
            return build(name, trigger, false);
        }
    };
}
