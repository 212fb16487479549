package dev.strata.yaml;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Safe, unique file and directory names for object names. Letters (any script), digits,
 * {@code _ - .} are kept, anything else becomes {@code _}; names that would collide, also on
 * case-insensitive file systems, get {@code _2}, {@code _3}, ... in the order given.
 */
final class FileNames {

    private FileNames() {}

    /** Object name → file stem, for names given in a deterministic order; {@code reserved} stems are never used. */
    static Map<String, String> assign(List<String> names, Set<String> reserved) {
        Set<String> taken = new HashSet<>();
        reserved.forEach(r -> taken.add(r.toLowerCase(Locale.ROOT)));
        Map<String, String> result = new LinkedHashMap<>();
        for (String name : names) {
            String base = sanitize(name);
            String stem = base;
            for (int i = 2; !taken.add(stem.toLowerCase(Locale.ROOT)); i++) {
                stem = base + "_" + i;
            }
            result.put(name, stem);
        }
        return result;
    }

    static String sanitize(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().forEach(cp -> {
            if (Character.isLetterOrDigit(cp) || cp == '_' || cp == '-' || cp == '.') {
                b.appendCodePoint(cp);
            } else {
                b.append('_');
            }
        });
        // No hidden files, no "." or "..".
        return b.charAt(0) == '.' ? "_" + b : b.toString();
    }
}
