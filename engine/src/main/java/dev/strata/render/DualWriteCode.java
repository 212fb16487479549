package dev.strata.render;

import dev.strata.model.DataType;
import dev.strata.plan.DualWrite;
import dev.strata.sql.Identifiers;
import dev.strata.sql.TypeNames;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Application code for the three deploys of a dual-write, per stack, from the templates
 * {@code dual-write/STACK/PHASE}. The SQL inside the code is built here (identifiers through
 * {@link Identifiers}, then escaped for the language's string literals); the templates own the layout.
 */
public final class DualWriteCode {

    /** Stacks in the order they are shown. */
    public static final List<String> STACKS = List.of("java-jdbc", "java-jpa", "python-psycopg");

    /** Phases in the order they are deployed. */
    public static final List<String> PHASES = List.of("write-both", "read-new", "stop-writing-old");

    private static final Map<String, String> LANGUAGES = Map.of(
            "java-jdbc", "java", "java-jpa", "java", "python-psycopg", "python");

    /** One generated piece of code. */
    public record CodeSnippet(String stack, String phase, String language, String code) {}

    private DualWriteCode() {}

    /** Every stack and phase, stacks first then phases, in the orders of {@link #STACKS} and {@link #PHASES}. */
    public static List<CodeSnippet> render(DualWrite dualWrite, Templates templates) {
        List<CodeSnippet> out = new ArrayList<>();
        for (String stack : STACKS) {
            for (String phase : PHASES) {
                out.add(render(dualWrite, stack, phase, templates));
            }
        }
        return out;
    }

    public static CodeSnippet render(DualWrite dualWrite, String stack, String phase, Templates templates) {
        if (!LANGUAGES.containsKey(stack) || !PHASES.contains(phase)) {
            throw new IllegalArgumentException("no dual-write code for " + stack + "/" + phase);
        }
        String language = LANGUAGES.get(stack);
        Map<String, Object> scope = language.equals("java") ? javaScope(dualWrite, phase) : pythonScope(dualWrite, phase);
        String code = templates.render("dual-write/" + stack + "/" + phase, scope);
        return new CodeSnippet(stack, phase, language, code);
    }

    // --- what both languages share -------------------------------------------------------------------------

    private static Map<String, Object> common(DualWrite d, String phase) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("phase", phase);
        s.put("kind", d.kind().name());
        s.put("rename", d.kind() == DualWrite.Kind.RENAME_COLUMN);
        s.put("changeType", d.kind() == DualWrite.Kind.CHANGE_TYPE);
        s.put("derived", d.kind() == DualWrite.Kind.DERIVED_COLUMN);
        s.put("sameType", d.oldType().equals(d.newType()));
        s.put("hasReverse", d.reverse().isPresent());
        s.put("renamedAfterContract", !d.finalName().equals(d.newColumn()));
        return s;
    }

    private static String describe(DualWrite d) {
        String table = Identifiers.qualified(d.table());
        String old = Identifiers.quote(d.oldColumn());
        String now = Identifiers.quote(d.newColumn());
        return switch (d.kind()) {
            case RENAME_COLUMN -> table + ": rename " + old + " to " + now;
            case CHANGE_TYPE -> table + ": " + old + " " + TypeNames.sql(d.oldType()) + " becomes "
                    + Identifiers.quote(d.finalName()) + " " + TypeNames.sql(d.newType()) + " (" + now
                    + " until CONTRACT)";
            case DERIVED_COLUMN -> table + ": " + now + " derived from " + old + " replaces it";
        };
    }

    private static String contractNote(DualWrite d) {
        return "CONTRACT renames " + Identifiers.quote(d.newColumn()) + " to " + Identifiers.quote(d.finalName())
                + "; switch the column name in this code when it has run.";
    }

    private static String placeholder(DataType type, String marker) {
        return CodeNames.isJson(type) ? "CAST(" + marker + " AS " + TypeNames.sql(type) + ")" : marker;
    }

    private static String insert(DualWrite d, boolean writeOld, String marker) {
        List<String> cols = new ArrayList<>();
        List<String> values = new ArrayList<>();
        if (writeOld) {
            cols.add(Identifiers.quote(d.oldColumn()));
            values.add(placeholder(d.oldType(), marker));
        }
        cols.add(Identifiers.quote(d.newColumn()));
        values.add(placeholder(d.newType(), marker));
        return "INSERT INTO " + Identifiers.qualified(d.table()) + " (" + String.join(", ", cols) + ") VALUES ("
                + String.join(", ", values) + ")";
    }

    private static String update(DualWrite d, boolean writeOld, String marker) {
        List<String> sets = new ArrayList<>();
        if (writeOld) {
            sets.add(Identifiers.quote(d.oldColumn()) + " = " + placeholder(d.oldType(), marker));
        }
        sets.add(Identifiers.quote(d.newColumn()) + " = " + placeholder(d.newType(), marker));
        return "UPDATE " + Identifiers.qualified(d.table()) + " SET " + String.join(", ", sets) + whereKey(d, marker);
    }

    private static String select(DualWrite d, boolean readNew, String marker) {
        String column = Identifiers.quote(readNew ? d.newColumn() : d.oldColumn());
        return "SELECT " + column + " FROM " + Identifiers.qualified(d.table()) + whereKey(d, marker);
    }

    private static String whereKey(DualWrite d, String marker) {
        return " WHERE " + d.key().stream().map(k -> Identifiers.quote(k) + " = " + marker)
                .collect(Collectors.joining(" AND "));
    }

    private static boolean writesOld(String phase) {
        return !phase.equals("stop-writing-old");
    }

    private static boolean readsNew(String phase) {
        return !phase.equals("write-both");
    }

    private static List<String> keyNames(DualWrite d, Function<Integer, String> name) {
        return IntStream.rangeClosed(1, d.key().size()).mapToObj(name::apply).toList();
    }

    // --- Java ------------------------------------------------------------------------------------------------

    private static Map<String, Object> javaScope(DualWrite d, String phase) {
        Map<String, Object> s = common(d, phase);
        String oldType = CodeNames.javaType(d.oldType());
        String newType = CodeNames.javaType(d.newType());
        String oldField = avoidLocals(CodeNames.javaField(d.oldColumn()), "Value");
        String newField = avoidLocals(CodeNames.javaField(d.newColumn()), "Value");
        if (newField.equals(oldField)) {
            newField = newField + "New";
        }
        boolean writeOld = writesOld(phase);
        boolean single = writeOld && d.kind() == DualWrite.Kind.RENAME_COLUMN && oldType.equals(newType);
        List<String> keys = keyNames(d, i -> d.key().size() == 1 ? "key" : "key" + i);

        s.put("description", CodeNames.javaComment(describe(d)));
        s.put("contractNote", CodeNames.javaComment(contractNote(d)));
        s.put("forward", CodeNames.javaComment(d.forward()));
        s.put("reverse", CodeNames.javaComment(d.reverse().orElse("")));
        s.put("className", CodeNames.javaClass(d.table().name()) + "DualWrite");
        s.put("insertSql", CodeNames.javaString(insert(d, writeOld, "?")));
        s.put("updateSql", CodeNames.javaString(update(d, writeOld, "?")));
        s.put("selectSql", CodeNames.javaString(select(d, readsNew(phase), "?")));
        s.put("oldType", oldType);
        s.put("newType", newType);
        s.put("readType", readsNew(phase) ? newType : oldType);
        s.put("oldField", oldField);
        s.put("newField", newField);
        s.put("oldColumnAnnotation", CodeNames.javaString(Identifiers.quote(d.oldColumn())));
        s.put("newColumnAnnotation", CodeNames.javaString(Identifiers.quote(d.newColumn())));
        s.put("finalColumnAnnotation", CodeNames.javaString(Identifiers.quote(d.finalName())));
        s.put("toNew", d.kind() == DualWrite.Kind.RENAME_COLUMN && oldType.equals(newType)
                ? oldField : "to" + capitalize(newField) + "(" + oldField + ")");
        s.put("toOld", d.kind() == DualWrite.Kind.RENAME_COLUMN && oldType.equals(newType)
                ? newField : "to" + capitalize(oldField) + "(" + newField + ")");
        s.put("convertToNew", !(d.kind() == DualWrite.Kind.RENAME_COLUMN && oldType.equals(newType)));
        s.put("toNewMethod", "to" + capitalize(newField));
        s.put("toOldMethod", "to" + capitalize(oldField));

        List<String> valueParams = new ArrayList<>();
        List<String> valueArgs = new ArrayList<>();
        if (single) {
            valueParams.add(newType + " " + newField);
            valueArgs.add(newField);
            valueArgs.add(newField);
        } else {
            if (writeOld) {
                valueParams.add(oldType + " " + oldField);
                valueArgs.add(oldField);
            }
            valueParams.add(newType + " " + newField);
            valueArgs.add(newField);
        }
        List<String> keyParams = keys.stream().map(k -> "Object " + k).toList();
        s.put("insertParams", String.join(", ", valueParams));
        s.put("updateParams", String.join(", ", concat(keyParams, valueParams)));
        s.put("keyParams", String.join(", ", keyParams));
        s.put("insertBinds", binds(valueArgs, 1));
        s.put("updateBinds", binds(concat(valueArgs, keys), 1));
        s.put("selectBinds", binds(keys, 1));
        String read = readsNew(phase) ? newType : oldType;
        s.put("readValue", read.equals("byte[]") ? "rows.getBytes(1)"
                : read.equals("Object") ? "rows.getObject(1)" : "rows.getObject(1, " + read + ".class)");

        TreeSet<String> imports = new TreeSet<>();
        for (String t : List.of(oldType, newType)) {
            String i = CodeNames.javaImport(t);
            if (!i.isEmpty()) {
                imports.add(i);
            }
        }
        s.put("imports", List.copyOf(imports));
        return s;
    }

    private static List<Map<String, Object>> binds(List<String> args, int first) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            out.add(Map.of("index", first + i, "value", args.get(i)));
        }
        return out;
    }

    // --- Python ----------------------------------------------------------------------------------------------

    private static Map<String, Object> pythonScope(DualWrite d, String phase) {
        Map<String, Object> s = common(d, phase);
        String oldType = CodeNames.pythonType(d.oldType());
        String newType = CodeNames.pythonType(d.newType());
        String oldName = avoidLocals(CodeNames.pythonName(d.oldColumn()), "_value");
        String newName = avoidLocals(CodeNames.pythonName(d.newColumn()), "_value");
        if (newName.equals(oldName)) {
            newName = newName + "_new";
        }
        boolean writeOld = writesOld(phase);
        boolean single = writeOld && d.kind() == DualWrite.Kind.RENAME_COLUMN && oldType.equals(newType);
        List<String> keys = keyNames(d, i -> d.key().size() == 1 ? "key" : "key" + i);

        s.put("description", CodeNames.oneLine(describe(d)));
        s.put("contractNote", CodeNames.oneLine(contractNote(d)));
        s.put("forward", CodeNames.oneLine(d.forward()));
        s.put("reverse", CodeNames.oneLine(d.reverse().orElse("")));
        // psycopg reads % as the start of a placeholder everywhere in the query, quoted identifiers included.
        s.put("updateSql", CodeNames.pythonString(escapePercent(update(d, writeOld, "\0"))));
        s.put("selectSql", CodeNames.pythonString(escapePercent(select(d, readsNew(phase), "\0"))));
        s.put("insertSql", CodeNames.pythonString(escapePercent(insert(d, writeOld, "\0"))));
        s.put("readType", optional(readsNew(phase) ? newType : oldType));

        Function<DataType, Function<String, String>> adapt = type -> CodeNames.isJson(type)
                ? v -> "Jsonb(" + v + ")" : v -> v;
        List<String> params = new ArrayList<>();
        List<String> args = new ArrayList<>();
        if (single) {
            params.add(newName + ": " + optional(newType));
            args.add(newName);
            args.add(newName);
        } else {
            if (writeOld) {
                params.add(oldName + ": " + optional(oldType));
                args.add(adapt.apply(d.oldType()).apply(oldName));
            }
            params.add(newName + ": " + optional(newType));
            args.add(adapt.apply(d.newType()).apply(newName));
        }
        List<String> keyParams = keys.stream().map(k -> k + ": object").toList();
        s.put("insertParams", String.join(", ", params));
        s.put("updateParams", String.join(", ", concat(keyParams, params)));
        s.put("keyParams", String.join(", ", keyParams));
        s.put("insertArgs", tuple(args));
        s.put("updateArgs", tuple(concat(args, keys)));
        s.put("selectArgs", tuple(keys));
        s.put("toNewFunction", "to_" + newName);
        s.put("oldName", oldName);
        s.put("newName", newName);
        s.put("oldType", optional(oldType));
        s.put("newType", optional(newType));

        TreeSet<String> imports = new TreeSet<>();
        for (String t : List.of(oldType, newType)) {
            String i = CodeNames.pythonImport(t);
            if (!i.isEmpty()) {
                imports.add(i);
            }
        }
        if (CodeNames.isJson(d.oldType()) || CodeNames.isJson(d.newType())) {
            imports.add("from psycopg.types.json import Jsonb");
        }
        s.put("imports", List.copyOf(imports));
        return s;
    }

    // Parameter names must not shadow the generated code's own locals and key parameters.
    private static String avoidLocals(String name, String suffix) {
        boolean taken = name.matches("key[0-9]*") || List.of("connection", "statement", "rows", "conn", "row")
                .contains(name);
        return taken ? name + suffix : name;
    }

    // Placeholders are written as NUL (never part of a SQL identifier) so every other % can be doubled first.
    private static String escapePercent(String sql) {
        return sql.replace("%", "%%").replace("\0", "%s");
    }

    private static String optional(String pythonType) {
        return pythonType.equals("object") ? "object" : pythonType + " | None";
    }

    private static String tuple(List<String> items) {
        return items.size() == 1 ? "(" + items.getFirst() + ",)" : "(" + String.join(", ", items) + ")";
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
