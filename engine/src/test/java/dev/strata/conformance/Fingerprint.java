package dev.strata.conformance;

import dev.strata.model.Catalog;
import dev.strata.testing.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * PostgreSQL's own description of the objects a pulled model names (column definitions,
 * {@code pg_get_constraintdef}, {@code pg_get_indexdef}, persistence, sequence parameters, enum
 * labels), one sorted line each. Comparing it between the source and the recreated database
 * catches what a model comparison cannot: a property the model does not carry at all is lost on
 * both pulls alike, so the models agree while the databases do not. Constraint triggers are left
 * out (triggers are unmanaged and reported). Index storage parameters stay in the order
 * PostgreSQL keeps them ({@code pg_get_indexdef}'s {@code WITH (...)}): Strata pulls and emits them
 * in that order, so a round trip that reordered them would be a loss worth seeing.
 *
 * <p>{@link #everything} is the strict description: the same lines for every relation, not only the
 * ones the model names, plus every object kind Strata does not manage (functions, triggers,
 * policies, privileges, domains, types, extensions, partitions, comments, ...). Two databases that
 * agree on it have the same non-system schema, whatever the model can express.
 */
final class Fingerprint {

    private static final String SQL = """
            SELECT n.nspname AS schema, c.relname AS object, 'relation ' || c.relkind::text || ' persistence ' || c.relpersistence::text AS line
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('r','p','v','m','S')
            UNION ALL
            SELECT n.nspname, c.relname, 'column ' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                   || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END
                   || coalesce(' default ' || pg_get_expr(d.adbin, d.adrelid), '')
                   || ' identity=' || a.attidentity::text || ' generated=' || a.attgenerated::text
                   || coalesce(' collate ' || co.collname, '')
                   || coalesce(' comment ' || col_description(c.oid, a.attnum), '')
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
              LEFT JOIN pg_collation co ON co.oid = a.attcollation AND co.collname <> 'default'
             WHERE c.relkind IN ('r','p') AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT n.nspname, c.relname, 'constraint ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
                   || CASE WHEN k.condeferrable THEN ' deferrable' ELSE '' END
                   || CASE WHEN k.convalidated THEN '' ELSE ' not validated' END
              FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE k.contype <> 't'
            UNION ALL
            SELECT n.nspname, t.relname, 'index ' || i.relname || ' '
                   || pg_get_indexdef(x.indexrelid)
                   || CASE WHEN x.indisvalid THEN '' ELSE ' invalid' END
              FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
              JOIN pg_namespace n ON n.oid = t.relnamespace
            UNION ALL
            SELECT n.nspname, c.relname, 'view ' || pg_get_viewdef(c.oid)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN ('v','m')
            UNION ALL
            SELECT n.nspname, c.relname, 'sequence ' || format_type(s.seqtypid, NULL) || ' ' || s.seqstart::text || ' ' || s.seqincrement::text
                   || ' ' || s.seqmin::text || ' ' || s.seqmax::text || ' ' || s.seqcache::text || ' ' || s.seqcycle::text
              FROM pg_sequence s JOIN pg_class c ON c.oid = s.seqrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            UNION ALL
            SELECT n.nspname, c.relname, 'comment ' || obj_description(c.oid, 'pg_class')
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE obj_description(c.oid, 'pg_class') IS NOT NULL
            UNION ALL
            SELECT n.nspname, t.typname, 'enum ' || (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid)
                   || coalesce(' comment ' || obj_description(t.oid, 'pg_type'), '')
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typtype = 'e'
            """;

    /** Objects of an extension come with it: its version is compared, not its members. */
    private static final String NOT_MEMBER = "NOT EXISTS (SELECT 1 FROM pg_depend e WHERE e.deptype = 'e' AND e.classid = %s AND e.objid = %s)";

    /**
     * Kind, schema ({@code ''} for objects outside schemas), object, line. The lines of {@link #SQL}
     * come first, unchanged, labelled with the kind of object they describe; the rest are what only
     * the strict judgement compares. Privilege lists are sorted (PostgreSQL keeps grant order, which
     * carries no meaning) and whitespace in function and rule bodies is collapsed, so a line is a line.
     */
    private static final String EVERYTHING = """
            WITH facts(kind, schema, object, line) AS (
            SELECT CASE split_part(f.line, ' ', 1)
                     WHEN 'relation' THEN CASE split_part(f.line, ' ', 2) WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized-view'
                                                                       WHEN 'S' THEN 'sequence' ELSE 'table' END
                     WHEN 'view' THEN CASE WHEN EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                                                         WHERE n.nspname = f.schema AND c.relname = f.object AND c.relkind = 'm')
                                      THEN 'materialized-view' ELSE 'view' END
                     WHEN 'column' THEN 'table'
                     ELSE split_part(f.line, ' ', 1) END,
                   f.schema, f.object, f.line
              FROM (%1$s) f
            UNION ALL
            SELECT 'schema', n.nspname, '', 'schema' FROM pg_namespace n WHERE n.nspname <> 'public'
            UNION ALL
            SELECT 'table', n.nspname, c.relname, 'columns ' || string_agg(a.attname, ',' ORDER BY a.attnum)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
             WHERE c.relkind IN ('r','p') AND a.attnum > 0 AND NOT a.attisdropped GROUP BY n.nspname, c.relname
            UNION ALL
            SELECT 'table', n.nspname, c.relname, 'column-options ' || a.attname || ' storage=' || a.attstorage::text
                   || ' statistics=' || coalesce(a.attstattarget::text, '-1') || ' compression=' || a.attcompression::text
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
              JOIN pg_type t ON t.oid = a.atttypid
             WHERE c.relkind IN ('r','p','m') AND a.attnum > 0 AND NOT a.attisdropped
               AND (a.attstorage <> t.typstorage OR coalesce(a.attstattarget, -1) >= 0 OR a.attcompression <> '')
            UNION ALL
            SELECT CASE c.relkind WHEN 'v' THEN 'view' WHEN 'm' THEN 'materialized-view' ELSE 'table' END, n.nspname, c.relname,
                   'options ' || coalesce(array_to_string(ARRAY(SELECT o FROM unnest(c.reloptions) o ORDER BY o), ','), '')
                   || ' replica-identity=' || c.relreplident::text || CASE WHEN c.relispopulated THEN '' ELSE ' unpopulated' END
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE c.relkind IN ('r','p','v','m') AND (c.reloptions IS NOT NULL OR c.relreplident NOT IN ('d','n') OR NOT c.relispopulated)
            UNION ALL
            SELECT 'sequence', n.nspname, s.relname, 'owned-by ' || tn.nspname || '.' || t.relname || '.' || a.attname || ' ' || d.deptype::text
              FROM pg_depend d JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S' JOIN pg_namespace n ON n.oid = s.relnamespace
              JOIN pg_class t ON t.oid = d.refobjid JOIN pg_namespace tn ON tn.oid = t.relnamespace
              JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
             WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a','i')
            UNION ALL
            SELECT 'partition', n.nspname, c.relname, 'partition-key ' || pg_get_partkeydef(c.oid)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind = 'p'
            UNION ALL
            SELECT CASE WHEN c.relispartition THEN 'partition' ELSE 'inheritance' END, n.nspname, c.relname,
                   CASE WHEN c.relispartition THEN 'partition-of ' ELSE 'inherits ' END || pn.nspname || '.' || p.relname
                   || coalesce(' ' || pg_get_expr(c.relpartbound, c.oid), '') || ' ' || i.inhseqno::text
              FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_class p ON p.oid = i.inhparent JOIN pg_namespace pn ON pn.oid = p.relnamespace
             WHERE c.relkind IN ('r','p','f')
            UNION ALL
            SELECT CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END, n.nspname,
                   p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                   CASE p.prokind WHEN 'p' THEN 'procedure' WHEN 'a' THEN 'aggregate' ELSE 'function' END || ' '
                   || CASE WHEN p.prokind = 'a' THEN
                        (SELECT 'returns ' || format_type(p.prorettype, NULL) || ' sfunc ' || g.aggtransfn::regproc::text
                                || ' stype ' || format_type(g.aggtranstype, NULL) || ' kind ' || g.aggkind::text
                                || coalesce(' finalfunc ' || nullif(g.aggfinalfn, 0)::regproc::text, '')
                                || coalesce(' combinefunc ' || nullif(g.aggcombinefn, 0)::regproc::text, '')
                                || coalesce(' initcond ' || g.agginitval, '')
                           FROM pg_aggregate g WHERE g.aggfnoid = p.oid)
                      ELSE regexp_replace(pg_get_functiondef(p.oid), '\\s+', ' ', 'g') END
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE %2$s
            UNION ALL
            SELECT 'trigger', n.nspname, c.relname, 'trigger ' || t.tgname || ' ' || pg_get_triggerdef(t.oid)
                   || CASE t.tgenabled WHEN 'O' THEN '' ELSE ' enabled=' || t.tgenabled::text END
              FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE NOT t.tgisinternal
            UNION ALL
            SELECT 'rule', n.nspname, c.relname, 'rule ' || r.rulename || ' ' || regexp_replace(pg_get_ruledef(r.oid), '\\s+', ' ', 'g')
              FROM pg_rewrite r JOIN pg_class c ON c.oid = r.ev_class JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE r.rulename <> '_RETURN'
            UNION ALL
            SELECT 'policy', n.nspname, c.relname, 'policy ' || p.polname || ' ' || p.polcmd::text
                   || CASE WHEN p.polpermissive THEN ' permissive' ELSE ' restrictive' END || ' to '
                   || array_to_string(ARRAY(SELECT CASE WHEN r = 0 THEN 'public' ELSE pg_get_userbyid(r)::text END
                                              FROM unnest(p.polroles) r ORDER BY 1), ',')
                   || coalesce(' using ' || pg_get_expr(p.polqual, p.polrelid), '')
                   || coalesce(' check ' || pg_get_expr(p.polwithcheck, p.polrelid), '')
              FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            UNION ALL
            SELECT 'rls', n.nspname, c.relname, 'rls ' || CASE WHEN c.relrowsecurity THEN 'enabled' ELSE 'disabled' END
                   || CASE WHEN c.relforcerowsecurity THEN ' forced' ELSE '' END
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relrowsecurity OR c.relforcerowsecurity
            UNION ALL
            SELECT 'grant', n.nspname, c.relname, 'grant ' || %3$s
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relacl IS NOT NULL
               AND %3$s <> %13$s
            UNION ALL
            SELECT 'grant', n.nspname, c.relname, 'grant column ' || a.attname || ' ' || %4$s
              FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
             WHERE a.attacl IS NOT NULL AND cardinality(a.attacl) > 0 AND a.attnum > 0 AND NOT a.attisdropped
            UNION ALL
            SELECT 'grant', n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')', 'grant ' || %5$s
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.proacl IS NOT NULL AND %2$s
               AND %5$s <> %14$s
            UNION ALL
            SELECT 'grant', n.nspname, t.typname, 'grant ' || %6$s
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typacl IS NOT NULL AND %7$s
               AND %6$s <> %15$s
            UNION ALL
            SELECT 'grant', n.nspname, '', 'grant schema ' || %8$s
              FROM pg_namespace n
             WHERE n.nspacl IS DISTINCT FROM (SELECT i.initprivs FROM pg_init_privs i
                                               WHERE i.classoid = 'pg_namespace'::regclass AND i.objoid = n.oid AND i.objsubid = 0)
               AND %8$s <> %16$s
            UNION ALL
            SELECT 'default-privilege', '', 'for ' || pg_get_userbyid(d.defaclrole) || coalesce(' in ' || n.nspname, ''),
                   'default-privilege ' || d.defaclobjtype::text || ' ' || %9$s
              FROM pg_default_acl d LEFT JOIN pg_namespace n ON n.oid = d.defaclnamespace
            UNION ALL
            SELECT 'domain', n.nspname, t.typname, 'domain ' || format_type(t.typbasetype, t.typtypmod)
                   || CASE WHEN t.typnotnull THEN ' not null' ELSE '' END || coalesce(' default ' || t.typdefault, '')
                   || coalesce(' collate ' || co.collname, '')
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
              LEFT JOIN pg_collation co ON co.oid = t.typcollation AND co.collname <> 'default'
             WHERE t.typtype = 'd'
            UNION ALL
            SELECT 'domain', n.nspname, t.typname, 'domain-constraint ' || k.conname || ' ' || pg_get_constraintdef(k.oid)
                   || CASE WHEN k.convalidated THEN '' ELSE ' not validated' END
              FROM pg_constraint k JOIN pg_type t ON t.oid = k.contypid JOIN pg_namespace n ON n.oid = t.typnamespace
            UNION ALL
            SELECT 'composite-type', n.nspname, t.typname, 'composite-type '
                   || string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod), ', ' ORDER BY a.attnum)
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_class c ON c.oid = t.typrelid AND c.relkind = 'c'
              JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE t.typtype = 'c' AND %7$s GROUP BY n.nspname, t.typname
            UNION ALL
            SELECT 'range-type', n.nspname, t.typname, 'range-type ' || format_type(r.rngsubtype, NULL)
                   || coalesce(' subtype_diff ' || nullif(r.rngsubdiff, 0)::regproc::text, '')
                   || coalesce(' canonical ' || nullif(r.rngcanonical, 0)::regproc::text, '')
              FROM pg_range r JOIN pg_type t ON t.oid = r.rngtypid JOIN pg_namespace n ON n.oid = t.typnamespace WHERE %7$s
            UNION ALL
            SELECT 'base-type', n.nspname, t.typname, 'base-type ' || t.typtype::text || ' ' || t.typlen::text
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
             WHERE t.typtype IN ('b','p') AND t.typcategory <> 'A' AND %7$s
            UNION ALL
            SELECT 'extension', '', e.extname, 'extension ' || e.extversion || ' in ' || n.nspname
              FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname <> 'plpgsql'
            UNION ALL
            SELECT 'owner', n.nspname, c.relname, 'owner ' || pg_get_userbyid(c.relowner)
              FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relowner <> %10$s
            UNION ALL
            SELECT 'owner', n.nspname, p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')',
                   'owner ' || pg_get_userbyid(p.proowner)
              FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.proowner <> %10$s AND %2$s
            UNION ALL
            SELECT 'owner', n.nspname, t.typname, 'owner ' || pg_get_userbyid(t.typowner)
              FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace WHERE t.typowner <> %10$s AND %7$s
            UNION ALL
            SELECT 'owner', n.nspname, '', 'owner ' || pg_get_userbyid(n.nspowner)
              FROM pg_namespace n WHERE n.nspname <> 'public' AND n.nspowner <> %10$s
            UNION ALL
            SELECT 'comment', '', o.identity, 'comment ' || o.type || ' ' || d.description
              FROM pg_description d, LATERAL pg_identify_object(d.classoid, d.objoid, d.objsubid) o
             WHERE (d.objoid >= 16384 OR (d.classoid = 'pg_namespace'::regclass AND d.objoid = 2200
                                          AND d.description <> 'standard public schema'))
               AND coalesce(o.schema, '') NOT IN ('pg_catalog', 'information_schema') AND %11$s
            UNION ALL
            SELECT o.type, '', o.identity, o.type
              FROM (SELECT 'pg_collation'::regclass AS classid, oid FROM pg_collation
                    UNION ALL SELECT 'pg_operator'::regclass, oid FROM pg_operator
                    UNION ALL SELECT 'pg_opclass'::regclass, oid FROM pg_opclass
                    UNION ALL SELECT 'pg_opfamily'::regclass, oid FROM pg_opfamily
                    UNION ALL SELECT 'pg_cast'::regclass, oid FROM pg_cast
                    UNION ALL SELECT 'pg_conversion'::regclass, oid FROM pg_conversion
                    UNION ALL SELECT 'pg_ts_config'::regclass, oid FROM pg_ts_config
                    UNION ALL SELECT 'pg_ts_dict'::regclass, oid FROM pg_ts_dict
                    UNION ALL SELECT 'pg_statistic_ext'::regclass, oid FROM pg_statistic_ext
                    UNION ALL SELECT 'pg_event_trigger'::regclass, oid FROM pg_event_trigger
                    UNION ALL SELECT 'pg_foreign_data_wrapper'::regclass, oid FROM pg_foreign_data_wrapper
                    UNION ALL SELECT 'pg_foreign_server'::regclass, oid FROM pg_foreign_server
                    UNION ALL SELECT 'pg_publication'::regclass, oid FROM pg_publication
                    UNION ALL SELECT 'pg_class'::regclass, oid FROM pg_class WHERE relkind = 'f') x,
                   LATERAL pg_identify_object(x.classid, x.oid, 0) o
             WHERE x.oid >= 16384 AND %12$s
            )
            SELECT kind, schema, object, line FROM facts
             WHERE schema NOT IN ('pg_catalog', 'information_schema', 'strata', 'strata_archive')
               AND left(schema, 8) <> 'pg_toast' AND left(schema, 7) <> 'pg_temp'
            """.formatted(SQL, NOT_MEMBER.formatted("'pg_proc'::regclass", "p.oid"),
                    acl("c.relacl"), acl("a.attacl"), acl("p.proacl"), acl("t.typacl"),
                    NOT_MEMBER.formatted("'pg_type'::regclass", "t.oid"), acl("n.nspacl"), acl("d.defaclacl"),
                    "(SELECT oid FROM pg_roles WHERE rolname = current_user)",
                    NOT_MEMBER.formatted("d.classoid", "d.objoid"), NOT_MEMBER.formatted("x.classid", "x.oid"),
                    // An ACL that spells out exactly the defaults is no grant (as pg_dump sees it): REVOKE leaves one.
                    acl("acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::\"char\", c.relowner)"),
                    acl("acldefault('f', p.proowner)"), acl("acldefault('T', t.typowner)"),
                    acl("acldefault('n', n.nspowner)"));

    /**
     * The order in which kinds are compared, so the first difference reported is the most basic
     * one (a missing table, not the comment on it); kinds not listed follow in name order.
     */
    static final List<String> KIND_ORDER = List.of("schema", "extension", "enum", "domain", "composite-type", "range-type",
            "base-type", "sequence", "table", "partition", "inheritance", "constraint", "index", "view", "materialized-view",
            "function", "procedure", "aggregate", "trigger", "rule", "policy", "rls", "grant", "default-privilege", "owner",
            "comment");

    /** One line of the strict description, labelled with the kind of object it describes. */
    record Fact(String kind, String line) {}

    /** The first kind on which two strict descriptions differ, and the first differing line of it. */
    record StrictMismatch(String kind, Mismatch mismatch) {

        /** The kind, then what differs ({@code function only in the desired database: function}). */
        String group(String first, String second) {
            String g = mismatch.group(first, second);
            return g.startsWith(kind) ? g : kind + ": " + g;
        }
    }

    /** A line differing between the two databases, with the part that names its kind. */
    record Mismatch(String kind, String object, String source, String recreated) {

        /** The kind and the words only one side has ({@code constraint: -WITHOUT -OVERLAPS}), names normalized. */
        String group() {
            return group("source", "recreated");
        }

        /** As {@link #group()}, naming the two databases. */
        String group(String first, String second) {
            if (source.equals("absent") || recreated.equals("absent")) {
                String present = source.equals("absent") ? recreated : source;
                return Kinds.normalize(kind + " only in the " + (source.equals("absent") ? second : first)
                        + " database: " + head(present));
            }
            List<String> a = words(source);
            List<String> b = words(recreated);
            List<String> out = new ArrayList<>();
            a.stream().filter(w -> !b.contains(w)).limit(4).forEach(w -> out.add("-" + w));
            b.stream().filter(w -> !a.contains(w)).limit(4).forEach(w -> out.add("+" + w));
            return Kinds.normalize(kind + ": " + String.join(" ", out));
        }

        /** What the object is, without its name: the constraint type, or a column's generated/identity kind. */
        private static String head(String line) {
            List<String> w = words(line);
            if (w.size() < 3) {
                return String.join(" ", w);
            }
            return switch (w.getFirst()) {
                case "constraint" -> String.join(" ", w.subList(2, Math.min(4, w.size())));
                case "column" -> w.stream().filter(x -> x.startsWith("generated=") || x.startsWith("identity="))
                        .reduce((x, y) -> x + " " + y).orElse("");
                default -> w.getFirst();
            };
        }

        private static List<String> words(String line) {
            String body = line.contains(" | ") ? line.substring(line.indexOf(" | ") + 3) : line;
            return java.util.Arrays.stream(body.split("[\\s(),]+")).filter(w -> !w.isEmpty()).distinct().toList();
        }
    }

    private Fingerprint() {}

    /** Lines about the objects the model names (tables, views, sequences, enums), sorted. */
    static List<String> of(TestDatabase db, Catalog model) throws SQLException {
        Set<String> named = new HashSet<>();
        model.schemas().forEach(s -> {
            s.tables().forEach(t -> named.add(s.name() + "." + t.name()));
            s.views().forEach(v -> named.add(s.name() + "." + v.name()));
            s.sequences().forEach(q -> named.add(s.name() + "." + q.name()));
            s.enums().forEach(e -> named.add(s.name() + "." + e.name()));
        });
        List<String> lines = new ArrayList<>();
        try (Connection c = db.connect(); var st = c.createStatement()) {
            st.execute("SET search_path = ''");
            try (var rs = st.executeQuery(SQL)) {
                while (rs.next()) {
                    String object = rs.getString(1) + "." + rs.getString(2);
                    if (named.contains(object)) {
                        lines.add(object + " | " + rs.getString(3));
                    }
                }
            }
        }
        lines.sort(null);
        return lines;
    }

    /** A privilege list in a fixed order. */
    private static String acl(String column) {
        return "array_to_string(ARRAY(SELECT a::text FROM unnest(" + column + ") a ORDER BY 1), ',')";
    }

    /** The strict description of every non-system schema (every object, managed by Strata or not), sorted. */
    static List<Fact> everything(TestDatabase db) throws SQLException {
        List<Fact> facts = new ArrayList<>();
        try (Connection c = db.connect(); var st = c.createStatement()) {
            st.execute("SET search_path = ''");
            try (var rs = st.executeQuery(EVERYTHING)) {
                while (rs.next()) {
                    String schema = rs.getString(2);
                    String object = rs.getString(3);
                    String name = schema.isEmpty() ? object : object.isEmpty() ? schema : schema + "." + object;
                    facts.add(new Fact(rs.getString(1), name + " | " + rs.getString(4)));
                }
            }
        }
        facts.sort(Comparator.comparing(Fact::line).thenComparing(Fact::kind));
        return facts;
    }

    /** The kinds of object a description holds. */
    static SortedSet<String> kinds(List<Fact> facts) {
        return facts.stream().map(Fact::kind).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Empty when both descriptions are equal; otherwise the first differing kind in {@link #KIND_ORDER}. */
    static Optional<StrictMismatch> compareAll(List<Fact> source, List<Fact> recreated) {
        Map<String, List<String>> a = byKind(source);
        Map<String, List<String>> b = byKind(recreated);
        TreeSet<String> kinds = new TreeSet<>(Comparator.comparing((String k) -> KIND_ORDER.contains(k)
                ? KIND_ORDER.indexOf(k) : KIND_ORDER.size()).thenComparing(k -> k));
        kinds.addAll(a.keySet());
        kinds.addAll(b.keySet());
        for (String kind : kinds) {
            Optional<Mismatch> m = compare(a.getOrDefault(kind, List.of()), b.getOrDefault(kind, List.of()));
            if (m.isPresent()) {
                return Optional.of(new StrictMismatch(kind, m.get()));
            }
        }
        return Optional.empty();
    }

    private static Map<String, List<String>> byKind(List<Fact> facts) {
        Map<String, List<String>> out = new TreeMap<>();
        facts.forEach(f -> out.computeIfAbsent(f.kind(), k -> new ArrayList<>()).add(f.line()));
        return out;
    }

    static Optional<Mismatch> compare(List<String> source, List<String> recreated) {
        List<String> missing = new ArrayList<>(source);
        missing.removeAll(new HashSet<>(recreated));
        List<String> extra = new ArrayList<>(recreated);
        extra.removeAll(new HashSet<>(source));
        if (missing.isEmpty() && extra.isEmpty()) {
            return Optional.empty();
        }
        String first = missing.isEmpty() ? extra.getFirst() : missing.getFirst();
        String object = first.substring(0, first.indexOf(" | "));
        String rest = first.substring(first.indexOf(" | ") + 3);
        String[] words = rest.split(" ");
        String kind = words[0];
        String prefix = rest.startsWith("relation") || rest.startsWith("view") || rest.startsWith("sequence")
                || rest.startsWith("comment") || rest.startsWith("enum") || words.length < 2
                ? object + " | " + kind : object + " | " + kind + " " + words[1] + " ";
        String counterpart = (missing.isEmpty() ? missing : extra).stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("absent");
        return Optional.of(missing.isEmpty()
                ? new Mismatch(kind, object, counterpart, first)
                : new Mismatch(kind, object, first, counterpart));
    }
}
