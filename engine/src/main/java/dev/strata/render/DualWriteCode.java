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
                    + TypeNames.sql(d.newType()) + ", keeping its name";
            case DERIVED_COLUMN -> table + ": " + now + " derived from " + old + " replaces it";
        };
    }

    private static String contractNote(DualWrite d) {
        return "CONTRACT renames " + Identifiers.quote(d.newColumn()) + " to " + Identifiers.quote(d.finalName())
                + "; switch the column name in this code when it has run.";
    }

    // --- a type change that keeps the name ------------------------------------------------------------------
    // The application never names the shadow column: it keeps using the column's name, and from the read switch
    // on reads it through a cast to the new type, so every statement's result type is the same before and after
    // CONTRACT's swap and no prepared statement is invalidated by it (docs/type-changes.md#prepared-statements).

    /** The column read as the new type, whichever physical column holds the name at the moment. */
    private static String castRead(DualWrite d) {
        return "CAST(" + Identifiers.quote(d.finalName()) + " AS " + TypeNames.sql(d.newType()) + ")";
    }

    private static String returned(DualWrite d, boolean readNew) {
        String column = Identifiers.quote(d.finalName());
        return readNew ? castRead(d) + " AS " + column : column;
    }

    private static String insertKeepingName(DualWrite d, boolean readNew, String marker) {
        return "INSERT INTO " + Identifiers.qualified(d.table()) + " (" + Identifiers.quote(d.finalName()) + ") VALUES ("
                + placeholder(readNew ? d.newType() : d.oldType(), marker) + ") RETURNING " + returned(d, readNew);
    }

    private static String updateKeepingName(DualWrite d, boolean readNew, String marker) {
        return "UPDATE " + Identifiers.qualified(d.table()) + " SET " + Identifiers.quote(d.finalName()) + " = "
                + placeholder(readNew ? d.newType() : d.oldType(), marker) + whereKey(d, marker);
    }

    private static String selectKeepingName(DualWrite d, boolean readNew, String marker) {
        return "SELECT " + returned(d, readNew) + " FROM " + Identifiers.qualified(d.table()) + whereKey(d, marker);
    }

    /** Names for the comments of a type change, escaped by {@code comment}. */
    private static void keepingNameComments(DualWrite d, Map<String, Object> s, Function<String, String> comment) {
        s.put("table", comment.apply(Identifiers.qualified(d.table())));
        s.put("column", comment.apply(Identifiers.quote(d.finalName())));
        s.put("castRead", comment.apply(castRead(d)));
        s.put("oldTypeName", comment.apply(TypeNames.sql(d.oldType())));
        s.put("newTypeName", comment.apply(TypeNames.sql(d.newType())));
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
        s.put("readValue", readValue(read));
        List<String> imported = List.of(oldType, newType);
        if (d.kind() == DualWrite.Kind.CHANGE_TYPE) {
            boolean readNew = readsNew(phase);
            String type = readNew ? newType : oldType;
            keepingNameComments(d, s, CodeNames::javaComment);
            s.put("insertSql", CodeNames.javaString(insertKeepingName(d, readNew, "?")));
            s.put("updateSql", CodeNames.javaString(updateKeepingName(d, readNew, "?")));
            s.put("selectSql", CodeNames.javaString(selectKeepingName(d, readNew, "?")));
            s.put("field", oldField);
            s.put("readType", type);
            s.put("readValue", readValue(type));
            s.put("insertParams", type + " " + oldField);
            s.put("updateParams", String.join(", ", concat(keyParams, List.of(type + " " + oldField))));
            s.put("insertBinds", binds(List.of(oldField), 1));
            s.put("updateBinds", binds(concat(List.of(oldField), keys), 1));
            s.put("columnAnnotation", CodeNames.javaString(Identifiers.quote(d.finalName())));
            s.put("readTransformer", CodeNames.javaString(castRead(d)));
            // JDBC binds a String as varchar, which PostgreSQL does not assign to a json column without a cast.
            s.put("writeTransformer", CodeNames.isJson(d.newType()) ? CodeNames.javaString(placeholder(d.newType(), "?")) : "");
            imported = List.of(type);
        }

        TreeSet<String> imports = new TreeSet<>();
        for (String t : imported) {
            String i = CodeNames.javaImport(t);
            if (!i.isEmpty()) {
                imports.add(i);
            }
        }
        s.put("imports", List.copyOf(imports));
        return s;
    }

    private static String readValue(String javaType) {
        return javaType.equals("byte[]") ? "rows.getBytes(1)"
                : javaType.equals("Object") ? "rows.getObject(1)" : "rows.getObject(1, " + javaType + ".class)";
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
        List<String> imported = List.of(oldType, newType);
        List<DataType> adapted = List.of(d.oldType(), d.newType());
        if (d.kind() == DualWrite.Kind.CHANGE_TYPE) {
            boolean readNew = readsNew(phase);
            DataType type = readNew ? d.newType() : d.oldType();
            String pythonType = readNew ? newType : oldType;
            keepingNameComments(d, s, CodeNames::oneLine);
            s.put("insertSql", CodeNames.pythonString(escapePercent(insertKeepingName(d, readNew, "\0"))));
            s.put("updateSql", CodeNames.pythonString(escapePercent(updateKeepingName(d, readNew, "\0"))));
            s.put("selectSql", CodeNames.pythonString(escapePercent(selectKeepingName(d, readNew, "\0"))));
            s.put("name", oldName);
            s.put("readType", optional(pythonType));
            String param = oldName + ": " + optional(pythonType);
            String arg = adapt.apply(type).apply(oldName);
            s.put("insertParams", param);
            s.put("updateParams", String.join(", ", concat(keyParams, List.of(param))));
            s.put("insertArgs", tuple(List.of(arg)));
            s.put("updateArgs", tuple(concat(List.of(arg), keys)));
            imported = List.of(pythonType);
            adapted = List.of(type);
        }

        TreeSet<String> imports = new TreeSet<>();
        for (String t : imported) {
            String i = CodeNames.pythonImport(t);
            if (!i.isEmpty()) {
                imports.add(i);
            }
        }
        if (adapted.stream().anyMatch(CodeNames::isJson)) {
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
