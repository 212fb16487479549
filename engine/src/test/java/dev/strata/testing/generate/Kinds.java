package dev.strata.testing.generate;

import dev.strata.model.Aggregate;
import dev.strata.model.Column;
import dev.strata.model.DefaultPrivileges;
import dev.strata.model.Grant;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.MaterializedView;
import dev.strata.model.Privileges;
import dev.strata.model.CompositeType;
import dev.strata.model.DataType;
import dev.strata.model.Domain;
import dev.strata.model.Policy;
import dev.strata.model.QualifiedName;
import dev.strata.model.Routine;
import dev.strata.model.RowLevelSecurity;
import dev.strata.model.Table;
import dev.strata.model.Trigger;
import dev.strata.sql.Identifiers;
import dev.strata.sql.TypeNames;
import dev.strata.testing.TestPostgres;
import dev.strata.testing.generate.CatalogBuilder.SchemaWork;
import dev.strata.testing.generate.CatalogBuilder.TableWork;
import dev.strata.testing.generate.Specs.ArgumentSpec;
import dev.strata.testing.generate.Specs.NamedPick;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The kinds managed as a whole in generated schemas, in the canonical form the catalog reader pulls: domains and
 * composite types (which columns then use), functions and procedures (SQL and PL/pgSQL bodies, defaults,
 * volatility, {@code STRICT}, {@code SECURITY DEFINER}, {@code SET search_path}), triggers on the schema's tables
 * calling the schema's trigger function, and policies with the table's row-level security. Like
 * {@link CatalogBuilder}, every pick is taken modulo what exists and a name already taken drops the object.
 */
final class Kinds {

    private Kinds() {}

    /** Domain base types: each has defaults and checks here, and a btree order (columns of it may be keys). */
    static final List<DataType> DOMAIN_BASES = List.of(
            DataType.builtin("integer"), DataType.builtin("text"), DataType.builtin("numeric", 12, 2),
            DataType.builtin("character varying", 40), DataType.builtin("date"), DataType.builtin("bigint"));

    static final List<DataType> ATTRIBUTE_TYPES = List.of(
            DataType.builtin("integer"), DataType.builtin("text"), DataType.builtin("boolean"),
            DataType.builtin("numeric", 12, 2), DataType.builtin("date"));

    /** Built-in argument types with the default PostgreSQL prints back for each. */
    private static final Map<String, String> ARGUMENT_DEFAULTS = new LinkedHashMap<>();

    static {
        ARGUMENT_DEFAULTS.put("integer", "42");
        ARGUMENT_DEFAULTS.put("text", "'it''s'::text");
        ARGUMENT_DEFAULTS.put("boolean", "true");
        ARGUMENT_DEFAULTS.put("numeric", "1.5");
    }

    /** {@code SET search_path} values as {@code proconfig} holds them. */
    static final List<String> SEARCH_PATHS = List.of("pg_catalog, pg_temp", "public", "\"$user\", public");

    /**
     * The trigger function every generated trigger calls: it lets every row through unchanged (a trigger that changed
     * rows would change the data the plan properties compare).
     */
    static final String TRIGGER_BODY = """

            BEGIN
              IF TG_OP = 'DELETE' THEN
                RETURN OLD;
              END IF;
              RETURN NEW;
            END
            """;

    /** Roles a policy may name that exist on every server (PostgreSQL 14 and later); none is {@code PUBLIC}. */
    static final List<List<String>> POLICY_ROLES = List.of(
            List.of(), List.of(), List.of("pg_database_owner"), List.of("pg_database_owner", "pg_monitor"));

    // ---------------------------------------------------------------- domains and composite types

    static void addDomains(CatalogBuilder builder, SchemaWork s) {
        for (Specs.DomainSpec d : s.spec.kinds().domains()) {
            if (!s.claim(d.name())) {
                continue;
            }
            DataType base = DOMAIN_BASES.get(d.basePick() % DOMAIN_BASES.size());
            Optional<String> defaultValue = d.defaultPick().map(p -> {
                List<String> defaults = CanonicalSql.defaults(base);
                return defaults.get(p % defaults.size());
            });
            List<Domain.Check> checks = new ArrayList<>();
            Set<String> names = new HashSet<>();
            for (NamedPick c : d.checks()) {
                if (names.add(c.name())) {
                    List<String> templates = CanonicalSql.domainChecks(base);
                    checks.add(new Domain.Check(c.name(), templates.get(c.pick() % templates.size()), true));
                }
            }
            s.objects.add(new Domain(d.name(), base, Optional.empty(), defaultValue, d.notNull(), checks, d.comment()));
            builder.addDomain(DataType.userDefined(s.name, d.name()), base);
        }
    }

    static void addComposites(CatalogBuilder builder, SchemaWork s) {
        for (Specs.CompositeSpec c : s.spec.kinds().composites()) {
            if (!s.claim(c.name())) {
                continue;
            }
            Map<String, CompositeType.Attribute> attributes = new LinkedHashMap<>();
            for (NamedPick a : c.attributes()) {
                attributes.putIfAbsent(a.name(), new CompositeType.Attribute(a.name(),
                        ATTRIBUTE_TYPES.get(a.pick() % ATTRIBUTE_TYPES.size()), Optional.empty()));
            }
            s.objects.add(new CompositeType(c.name(), List.copyOf(attributes.values()), c.comment()));
            builder.addUserType(DataType.userDefined(s.name, c.name()));
        }
    }

    // ---------------------------------------------------------------- routines

    /** Results a function may have: built-ins, a set, nothing, or a user type of the catalog (picked after these). */
    private static final List<String> RESULTS = List.of("integer", "text", "boolean", "void", "SETOF integer");

    static void addRoutines(CatalogBuilder builder, SchemaWork s) {
        Set<String> keys = new HashSet<>();
        List<DataType> userTypes = builder.userTypes();
        for (Specs.RoutineSpec r : s.spec.kinds().routines()) {
            Routine routine = routine(r, userTypes, builder.domainBases());
            if (keys.add(routine.name() + "/" + routine.identityTypes())) {
                s.objects.add(routine);
            }
        }
        if (!s.spec.kinds().triggers().isEmpty() && !s.tables.isEmpty()) {
            Routine trigger = triggerFunction(s.name);
            if (keys.add(trigger.name() + "/" + trigger.identityTypes())) {
                s.objects.add(trigger);
            }
        }
    }

    /** The name of the schema's trigger function (never one the pool draws: it holds no underscore-free word). */
    static final String TRIGGER_FUNCTION = "row_passes";

    static Routine triggerFunction(String schema) {
        return new Routine(Routine.Kind.FUNCTION, TRIGGER_FUNCTION, List.of(), Optional.of("trigger"), "plpgsql",
                Routine.Volatility.VOLATILE, false, false, false, Routine.Parallel.UNSAFE, Optional.empty(), Optional.empty(),
                Map.of(), TRIGGER_BODY, Optional.of("lets every row through"));
    }

    private static Routine routine(Specs.RoutineSpec r, List<DataType> userTypes, Map<String, DataType> domainBases) {
        List<String> argumentTypes = new ArrayList<>(ARGUMENT_DEFAULTS.keySet());
        userTypes.forEach(t -> argumentTypes.add(TypeNames.sql(t)));
        List<Routine.Argument> arguments = new ArrayList<>();
        Set<String> argumentNames = new HashSet<>();
        boolean defaults = false;
        for (ArgumentSpec a : r.arguments()) {
            String type = argumentTypes.get(a.typePick() % argumentTypes.size());
            Optional<String> name = a.name().filter(argumentNames::add);
            // Once an argument has a default, every later one needs one (PostgreSQL's rule).
            defaults |= a.withDefault();
            Optional<String> defaultValue = defaults
                    ? Optional.of(ARGUMENT_DEFAULTS.getOrDefault(type,
                            CanonicalSql.nullOf(type, Optional.ofNullable(domainBases.get(type)))))
                    : Optional.empty();
            arguments.add(new Routine.Argument(Routine.Mode.IN, name, type, defaultValue));
        }
        boolean plpgsql = r.shape() % 2 == 1;
        String language = plpgsql ? "plpgsql" : "sql";
        Map<String, String> settings = r.searchPathPick()
                .map(p -> Map.of("search_path", SEARCH_PATHS.get(p % SEARCH_PATHS.size())))
                .orElse(Map.of());
        boolean securityDefiner = r.flags() / 3 % 4 == 3;
        Optional<String> comment = r.comment();
        if (r.procedure()) {
            String body = plpgsql ? "BEGIN\n  NULL;\nEND" : "SELECT 1";
            return new Routine(Routine.Kind.PROCEDURE, r.name(), arguments, Optional.empty(), language,
                    Routine.Volatility.VOLATILE, false, securityDefiner, false, Routine.Parallel.UNSAFE, Optional.empty(),
                    Optional.empty(), settings, body, comment);
        }
        int results = RESULTS.size() + userTypes.size();
        int resultPick = r.resultPick() % results;
        String result = resultPick < RESULTS.size() ? RESULTS.get(resultPick) : TypeNames.sql(userTypes.get(resultPick - RESULTS.size()));
        Routine.Volatility volatility = Routine.Volatility.values()[r.flags() % 3];
        boolean strict = r.flags() / 12 % 2 == 1;
        Routine.Parallel parallel = Routine.Parallel.values()[r.flags() / 24 % 3];
        return new Routine(Routine.Kind.FUNCTION, r.name(), arguments, Optional.of(result), language, volatility, strict,
                securityDefiner, false, parallel, Optional.empty(), Optional.empty(), settings, body(plpgsql, result, r.shape() / 2),
                comment);
    }

    /** A body returning a value of {@code result} whatever the arguments, so it never reads a table. */
    private static String body(boolean plpgsql, String result, int variant) {
        if (plpgsql) {
            return switch (result) {
                case "integer" -> "BEGIN RETURN 42; END";
                // A body holding $$ makes the DDL writer pick another dollar quote.
                case "text" -> variant % 2 == 0 ? "\nBEGIN\n  RETURN 'it''s $$ ☕';\nEND\n" : "BEGIN RETURN 'plain'; END";
                case "boolean" -> "BEGIN\n  -- a comment\n  RETURN true;\nEND";
                case "void" -> "BEGIN NULL; END";
                case "SETOF integer" -> "BEGIN RETURN NEXT 1; RETURN NEXT 2; END";
                default -> "BEGIN RETURN NULL; END";
            };
        }
        return switch (result) {
            case "integer" -> variant % 2 == 0 ? "SELECT 42" : "\n  SELECT 6 * 7\n";
            case "text" -> "SELECT 'it''s $$ ☕'::text";
            case "boolean" -> "SELECT true";
            case "void" -> "SELECT NULL";
            case "SETOF integer" -> "SELECT generate_series(1, 3)";
            default -> "SELECT NULL::" + result;
        };
    }

    // ---------------------------------------------------------------- triggers

    static void addTriggers(SchemaWork s) {
        if (s.tables.isEmpty()) {
            return;
        }
        Set<String> keys = new HashSet<>();
        for (Specs.TriggerSpec t : s.spec.kinds().triggers()) {
            TableWork work = s.tables.get(t.tablePick() % s.tables.size());
            Table table = work.table;
            // A trigger on a partitioned table is cloned into each partition: left to the partition tests.
            if (table.partitioned() || !keys.add(table.name() + "." + t.name())) {
                continue;
            }
            Set<Trigger.Event> events = new LinkedHashSet<>();
            int bits = t.eventsPick() % 15 + 1;
            for (int i = 0; i < 4; i++) {
                if ((bits & (1 << i)) != 0) {
                    events.add(Trigger.Event.values()[i]);
                }
            }
            // TRUNCATE fires per statement only.
            boolean forEachRow = t.forEachRow() && !events.contains(Trigger.Event.TRUNCATE);
            List<Column> plain = table.columns().stream().filter(c -> c.generatedAs().isEmpty()).toList();
            List<String> updateOf = events.contains(Trigger.Event.UPDATE) && !plain.isEmpty()
                    ? t.updateOfPicks().map(p -> p.stream().map(i -> plain.get(i % plain.size()).name()).distinct().toList())
                            .orElse(List.of())
                    : List.of();
            Optional<String> when = forEachRow && !plain.isEmpty()
                    ? t.whenPick().flatMap(p -> when(events, plain.get(p % plain.size())))
                    : Optional.empty();
            s.objects.add(new Trigger(QualifiedName.of(s.name, table.name()), t.name(),
                    t.before() ? Trigger.Timing.BEFORE : Trigger.Timing.AFTER, List.copyOf(events), updateOf, forEachRow,
                    when, Optional.empty(), Optional.empty(), QualifiedName.of(s.name, TRIGGER_FUNCTION), List.of(),
                    Trigger.Enabled.ORIGIN, t.comment()));
        }
    }

    /**
     * A row trigger's condition as {@code pg_get_triggerdef} prints it, reading only the rows its events have: an
     * INSERT has no OLD, a DELETE no NEW; none when they are mixed. An UPDATE trigger compares OLD with NEW, except on
     * a column whose comparison PostgreSQL prints with casts: a domain's is its base type's operator, a varchar's
     * text's ({@code ((old.c)::bigint IS DISTINCT FROM (new.c)::bigint)}).
     */
    static Optional<String> when(Set<Trigger.Event> events, Column column) {
        String c = Identifiers.quote(column.name());
        boolean insert = events.contains(Trigger.Event.INSERT);
        boolean delete = events.contains(Trigger.Event.DELETE);
        if (insert && delete) {
            return Optional.empty();
        }
        if (!insert && !delete) {
            return comparedWithoutCasts(column.type())
                    ? Optional.of("(old." + c + " IS DISTINCT FROM new." + c + ")")
                    : Optional.of("(new." + c + " IS NOT NULL)");
        }
        return Optional.of("(" + (insert ? "new." : "old.") + c + " IS NOT NULL)");
    }

    private static boolean comparedWithoutCasts(DataType type) {
        return type.isBuiltin() && !type.name().equals("character varying");
    }

    // ---------------------------------------------------------------- policies

    static void addPolicies(SchemaWork s) {
        if (s.tables.isEmpty()) {
            return;
        }
        Set<String> keys = new HashSet<>();
        for (Specs.PolicySpec p : s.spec.kinds().policies()) {
            TableWork work = s.tables.get(p.tablePick() % s.tables.size());
            Table table = work.table;
            if (!keys.add(table.name() + "." + p.name())) {
                continue;
            }
            Policy.Command command = Policy.Command.values()[p.commandPick() % Policy.Command.values().length];
            // Always an expression: the YAML reader refuses a policy without one (although PostgreSQL keeps it).
            Optional<String> expression = Optional.of(p.expressionPick().map(pick -> {
                Column column = table.columns().get(pick % table.columns().size());
                List<String> templates = CanonicalSql.checks(column.name(), column.type());
                return templates.get(pick / table.columns().size() % templates.size());
            }).orElse("true"));
            boolean using = command != Policy.Command.INSERT;
            boolean withCheck = command == Policy.Command.INSERT
                    || (command == Policy.Command.ALL || command == Policy.Command.UPDATE) && p.commandPick() / 5 % 2 == 1;
            s.objects.add(new Policy(table.name(), p.name(), command, !p.restrictive(),
                    POLICY_ROLES.get(p.rolesPick() % POLICY_ROLES.size()),
                    using ? expression : Optional.empty(), withCheck ? expression : Optional.empty(),
                    p.comment()));
            RowLevelSecurity rls = switch (p.rlsPick() % 4) {
                case 0 -> RowLevelSecurity.OFF;
                case 3 -> RowLevelSecurity.FORCED;
                default -> RowLevelSecurity.ENABLED;
            };
            if (table.rowLevelSecurity().isOff()) {
                work.table = table.withRowLevelSecurity(rls);
            }
        }
    }

    // ---------------------------------------------------------------- materialized views

    /** Materialized views over a table of the schema, each name (and its index's) taken from the relation namespace. */
    static void addMatViews(CatalogBuilder builder, SchemaWork s) {
        if (s.tables.isEmpty()) {
            return;
        }
        for (Specs.MatViewSpec m : s.spec.kinds().more().matViews()) {
            if (!s.claim(m.name())) {
                continue;
            }
            Table table = s.tables.get(m.tablePick() % s.tables.size()).table;
            List<Column> columns = table.columns();
            List<String> selected = m.columnPicks().stream().map(p -> columns.get(p % columns.size()).name()).distinct().toList();
            Optional<String> notNull = m.notNullPick().map(p -> columns.get(p % columns.size()).name());
            List<Index> indexes = new ArrayList<>();
            m.index().filter(i -> s.claim(i.name())).ifPresent(i -> indexes.add(new Index(i.name(), i.unique(), false, "btree",
                    List.of(IndexKey.column(selected.get(i.columnPick() % selected.size()))), List.of(), Optional.empty(),
                    Map.of(), Optional.empty())));
            s.objects.add(new MaterializedView(m.name(),
                    CanonicalSql.viewDefinition(builder.options().major(), s.name, table.name(), selected, notNull),
                    m.populated(), indexes, m.comment()));
        }
    }

    // ---------------------------------------------------------------- aggregates

    /**
     * An aggregate's shape: its argument types (none for {@code name(*)}), its state type and initial condition, and
     * the body of the SQL state function made for it (state first, then the arguments).
     */
    private record AggregateShape(List<String> arguments, String state, Optional<String> initialValue, String body) {}

    private static final List<AggregateShape> AGGREGATE_SHAPES = List.of(
            new AggregateShape(List.of("integer"), "integer", Optional.of("0"), "SELECT $1 + coalesce($2, 0)"),
            new AggregateShape(List.of("text"), "text", Optional.of(""), "SELECT $1 || coalesce($2, '')"),
            new AggregateShape(List.of(), "bigint", Optional.of("0"), "SELECT $1 + 1"),
            new AggregateShape(List.of("numeric", "numeric"), "numeric", Optional.empty(), "SELECT greatest($1, $2 * $3)"));

    /**
     * Aggregates, each over a SQL state function of its own ({@code <name>_sfunc}); an aggregate whose name a routine of
     * the schema has is left out (they share {@code pg_proc}).
     */
    static void addAggregates(SchemaWork s) {
        Set<String> names = new HashSet<>();
        for (var o : s.objects) {
            if (o instanceof Routine r) {
                names.add(r.name());
            }
        }
        for (Specs.AggregateSpec a : s.spec.kinds().more().aggregates()) {
            String function = IdentifierPool.truncate(a.name(), IdentifierPool.MAX_BYTES - 6) + "_sfunc";
            if (names.contains(a.name()) || names.contains(function)) {
                continue;
            }
            names.add(a.name());
            names.add(function);
            AggregateShape shape = AGGREGATE_SHAPES.get(a.shape() % AGGREGATE_SHAPES.size());
            List<Routine.Argument> stateArguments = new ArrayList<>();
            stateArguments.add(new Routine.Argument(Routine.Mode.IN, Optional.empty(), shape.state(), Optional.empty()));
            shape.arguments().forEach(t -> stateArguments.add(new Routine.Argument(Routine.Mode.IN, Optional.empty(), t,
                    Optional.empty())));
            // Without an initial condition the state starts NULL: a strict function then takes the first value as it.
            boolean strict = shape.initialValue().isEmpty();
            s.objects.add(new Routine(Routine.Kind.FUNCTION, function, stateArguments, Optional.of(shape.state()), "sql",
                    Routine.Volatility.IMMUTABLE, strict, false, false, Routine.Parallel.SAFE, Optional.empty(),
                    Optional.empty(), Map.of(), shape.body(), Optional.empty()));
            List<Routine.Argument> arguments = shape.arguments().stream()
                    .map(t -> new Routine.Argument(Routine.Mode.IN, Optional.empty(), t, Optional.empty())).toList();
            Routine.Parallel parallel = a.parallelPick() % 3 == 0 ? Routine.Parallel.SAFE : Routine.Parallel.UNSAFE;
            s.objects.add(new Aggregate(a.name(), arguments,
                    new Aggregate.Transition(QualifiedName.of(s.name, function), shape.state(), 0, shape.initialValue()),
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    parallel, a.comment()));
        }
    }

    // ---------------------------------------------------------------- grants and default privileges

    /** Who generated grants name: the test servers' fixed roles and {@code PUBLIC}. */
    static final List<String> GRANTEES;

    static {
        List<String> grantees = new ArrayList<>(TestPostgres.ROLES);
        grantees.add(Grant.PUBLIC);
        GRANTEES = List.copyOf(grantees);
    }

    /**
     * Privileges on the schema's objects (tables, their columns, views, sequences, routines but an aggregate's support
     * functions, enums, domains, composite types, the schema itself unless it is {@code public}), as the catalog reader
     * reads them: only what differs from PostgreSQL's defaults; and default privileges of one fixed role (never the
     * role creating the objects, so they change nothing the catalog holds).
     */
    static void addGrants(SchemaWork s) {
        Optional<Specs.GrantsSpec> spec = s.spec.kinds().more().grants();
        if (spec.isEmpty()) {
            return;
        }
        List<Map.Entry<Grant.On, String>> candidates = grantables(s);
        Map<Map.Entry<Grant.On, String>, Map<String, Privileges>> granted = new LinkedHashMap<>();
        // Materialized views are rare among the candidates (every column is one): the first grant goes to one if any.
        Optional<Map.Entry<Grant.On, String>> materialized = candidates.stream()
                .filter(c -> c.getKey() == Grant.On.MATERIALIZED_VIEW).findFirst();
        boolean first = true;
        for (Specs.GrantSpec g : spec.get().grants()) {
            if (candidates.isEmpty()) {
                break;
            }
            Map.Entry<Grant.On, String> target = first && materialized.isPresent() ? materialized.get()
                    : candidates.get(g.objectPick() % candidates.size());
            first = false;
            String grantee = GRANTEES.get(g.rolePick() % GRANTEES.size());
            Privileges privileges = target.getKey().byDefault(grantee).isEmpty()
                    ? privileges(target.getKey().privileges(), g, grantee)
                    // PUBLIC's default (EXECUTE on a routine, USAGE on a type) revoked.
                    : Privileges.NONE;
            granted.computeIfAbsent(target, k -> new TreeMap<>()).put(grantee, privileges);
        }
        granted.forEach((target, roles) -> {
            Grant grant = Grant.of(target.getKey(), target.getValue(), roles);
            if (!grant.roles().isEmpty()) {
                s.objects.add(grant);
            }
        });
        spec.get().defaults().ifPresent(d -> {
            String role = TestPostgres.ROLES.get(d.rolePick() % TestPostgres.ROLES.size());
            List<String> grantees = TestPostgres.ROLES.stream().filter(r -> !r.equals(role)).toList();
            Map<DefaultPrivileges.Target, Map<String, Privileges>> grants = new TreeMap<>();
            for (Specs.GrantSpec g : d.grants()) {
                DefaultPrivileges.Target target = DefaultPrivileges.Target.values()[g.objectPick() % DefaultPrivileges.Target.values().length];
                String grantee = grantees.get(g.rolePick() % grantees.size());
                grants.computeIfAbsent(target, k -> new TreeMap<>()).put(grantee, privileges(target.privileges(), g, grantee));
            }
            DefaultPrivileges defaults = DefaultPrivileges.of(role, grants);
            if (!defaults.grants().isEmpty()) {
                s.objects.add(defaults);
            }
        });
    }

    private static List<Map.Entry<Grant.On, String>> grantables(SchemaWork s) {
        List<Map.Entry<Grant.On, String>> out = new ArrayList<>();
        for (TableWork t : s.tables) {
            out.add(Map.entry(Grant.On.TABLE, t.table.name()));
            t.table.columns().forEach(c -> out.add(Map.entry(Grant.On.COLUMN, t.table.name() + "." + c.name())));
        }
        s.views.forEach(v -> out.add(Map.entry(Grant.On.VIEW, v.name())));
        s.sequences.forEach(q -> out.add(Map.entry(Grant.On.SEQUENCE, q.name())));
        s.enums.forEach(e -> out.add(Map.entry(Grant.On.TYPE, e.name())));
        Set<QualifiedName> supportFunctions = new HashSet<>();
        for (var o : s.objects) {
            if (o instanceof Aggregate a) {
                supportFunctions.add(a.state().function());
            }
        }
        for (var o : s.objects) {
            switch (o) {
                case Routine r when !supportFunctions.contains(QualifiedName.of(s.name, r.name())) -> out.add(Map.entry(
                        r.routineKind() == Routine.Kind.PROCEDURE ? Grant.On.PROCEDURE : Grant.On.FUNCTION, r.key()));
                case Domain d -> out.add(Map.entry(Grant.On.TYPE, d.name()));
                case CompositeType c -> out.add(Map.entry(Grant.On.TYPE, c.name()));
                case MaterializedView m -> out.add(Map.entry(Grant.On.MATERIALIZED_VIEW, m.name()));
                default -> { }
            }
        }
        if (!s.name.equals("public")) {
            out.add(Map.entry(Grant.On.SCHEMA, s.name));
        }
        return out;
    }

    /**
     * A non-empty set of the privileges (MAINTAIN exists from PostgreSQL 17 only, so never), from the pick's bits;
     * grantable only to a role ({@code PUBLIC} cannot hold a grant option).
     */
    private static Privileges privileges(Set<String> known, Specs.GrantSpec g, String grantee) {
        List<String> candidates = Privileges.ORDER.stream().filter(known::contains).filter(p -> !p.equals("maintain")).toList();
        Set<String> chosen = new LinkedHashSet<>();
        for (int i = 0; i < candidates.size(); i++) {
            if ((g.privilegesPick() >> i & 1) == 1) {
                chosen.add(candidates.get(i));
            }
        }
        if (chosen.isEmpty()) {
            chosen.add(candidates.get(g.privilegesPick() % candidates.size()));
        }
        boolean grantable = g.grantable() && !grantee.equals(Grant.PUBLIC);
        return new Privileges(chosen, grantable ? chosen : Set.of());
    }
}
