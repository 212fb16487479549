package dev.strata.conformance;

import dev.strata.model.Catalog;
import dev.strata.testing.TestDatabase;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * PostgreSQL's own description of the objects a pulled model names (column definitions,
 * {@code pg_get_constraintdef}, {@code pg_get_indexdef}, persistence, sequence parameters, enum
 * labels), one sorted line each. Comparing it between the source and the recreated database
 * catches what a model comparison cannot: a property the model does not carry at all is lost on
 * both pulls alike, so the models agree while the databases do not. Constraint triggers are left
 * out (triggers are unmanaged and reported). Index storage parameters stay in the order
 * PostgreSQL keeps them ({@code pg_get_indexdef}'s {@code WITH (...)}): Strata pulls and emits them
 * in that order, so a round trip that reordered them would be a loss worth seeing.
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

    /** A line differing between the two databases, with the part that names its kind. */
    record Mismatch(String kind, String object, String source, String recreated) {

        /** The kind and the words only one side has ({@code constraint: -WITHOUT -OVERLAPS}), names normalized. */
        String group() {
            if (source.equals("absent") || recreated.equals("absent")) {
                String present = source.equals("absent") ? recreated : source;
                return Kinds.normalize(kind + " only in the " + (source.equals("absent") ? "recreated" : "source")
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
        String kind = rest.split(" ")[0];
        String prefix = rest.startsWith("relation") || rest.startsWith("view") || rest.startsWith("sequence")
                || rest.startsWith("comment") || rest.startsWith("enum")
                ? object + " | " + kind : object + " | " + kind + " " + rest.split(" ")[1] + " ";
        String counterpart = (missing.isEmpty() ? missing : extra).stream().filter(l -> l.startsWith(prefix)).findFirst().orElse("absent");
        return Optional.of(missing.isEmpty()
                ? new Mismatch(kind, object, counterpart, first)
                : new Mismatch(kind, object, first, counterpart));
    }
}
