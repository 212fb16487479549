package dev.strata.roundtrip;

import dev.strata.model.Catalog;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.yaml.SchemaWriter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Failure messages a person can debug from: both models as YAML (when the writer manages) and a line diff of a
 * writer-independent dump, since a bug in the writer could hide the very difference being reported.
 */
final class ModelDiff {

    private ModelDiff() {}

    /** One line per model element, in model order, prefixed with where it lives. */
    static List<String> dump(Catalog catalog) {
        List<String> lines = new ArrayList<>();
        for (Schema s : catalog.schemas()) {
            String at = "[" + s.name() + "] ";
            s.enums().forEach(e -> lines.add(at + e));
            s.sequences().forEach(q -> lines.add(at + q));
            for (Table t : s.tables()) {
                String tat = "[" + s.name() + "." + t.name() + "] ";
                lines.add(tat + "table comment=" + t.comment() + " renamedFrom=" + t.renamedFrom());
                t.columns().forEach(c -> lines.add(tat + c));
                t.primaryKey().ifPresent(pk -> lines.add(tat + pk));
                t.uniqueConstraints().forEach(u -> lines.add(tat + u));
                t.foreignKeys().forEach(f -> lines.add(tat + f));
                t.checks().forEach(c -> lines.add(tat + c));
                t.exclusions().forEach(x -> lines.add(tat + x));
                t.indexes().forEach(i -> lines.add(tat + i));
                lines.add(tat + "partitionBy=" + t.partitionBy() + " partitionOf=" + t.partitionOf()
                        + " rowLevelSecurity=" + t.rowLevelSecurity());
            }
            s.views().forEach(v -> lines.add(at + v));
            // Functions, triggers, domains, grants and the rest: one line each, so a difference there shows too.
            s.objects().forEach(o -> lines.add(at + o));
        }
        return lines;
    }

    /** The YAML files of a catalog, concatenated with a header per file; the error if the writer fails. */
    static String yaml(Catalog catalog) {
        try {
            return concatenated(SchemaWriter.files(catalog));
        } catch (RuntimeException e) {
            return "(SchemaWriter failed: " + e + ")";
        }
    }

    static String concatenated(Map<String, String> files) {
        StringBuilder out = new StringBuilder();
        files.forEach((name, content) -> out.append("# ---- ").append(name).append('\n').append(content));
        return out.toString();
    }

    static String explain(String title, Catalog expected, Catalog actual) {
        return title + "\n\n== expected model as YAML ==\n" + yaml(expected)
                + "\n== actual model as YAML ==\n" + yaml(actual)
                + "\n== model diff (- expected, + actual) ==\n" + diff(dump(expected), dump(actual));
    }

    /** A line diff (longest common subsequence) showing only the differing lines. */
    static String diff(List<String> expected, List<String> actual) {
        int n = expected.size();
        int m = actual.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = expected.get(i).equals(actual.get(j)) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        int j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && expected.get(i).equals(actual.get(j))) {
                i++;
                j++;
            } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
                out.append("+ ").append(actual.get(j++)).append('\n');
            } else {
                out.append("- ").append(expected.get(i++)).append('\n');
            }
        }
        return out.toString();
    }

    static List<String> lines(String text) {
        return text.lines().toList();
    }
}
