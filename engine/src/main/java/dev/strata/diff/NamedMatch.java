package dev.strata.diff;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Pairs named things (constraints, indexes) of a current and a desired table. Same name: either
 * {@code unchanged} or {@code changed}; otherwise a current and a desired one with the same body are a
 * rename; the rest are only current or only desired. Inputs and outputs are in name order.
 */
record NamedMatch<T>(List<Pair<T>> renamed, List<Pair<T>> unchanged, List<Pair<T>> changed, List<T> onlyCurrent,
                     List<T> onlyDesired) {

    record Pair<T>(T current, T desired) {}

    static <T> NamedMatch<T> of(List<T> current, List<T> desired, Function<T, String> name, BiPredicate<T, T> sameBody) {
        var renamed = new ArrayList<Pair<T>>();
        var unchanged = new ArrayList<Pair<T>>();
        var changed = new ArrayList<Pair<T>>();
        var unmatchedCurrent = new ArrayList<T>();
        var unmatchedDesired = new ArrayList<T>();
        Set<String> desiredNames = new HashSet<>(desired.stream().map(name).toList());
        for (T c : current) {
            if (!desiredNames.contains(name.apply(c))) {
                unmatchedCurrent.add(c);
            }
        }
        for (T d : desired) {
            var sameName = current.stream().filter(c -> name.apply(c).equals(name.apply(d))).findFirst();
            if (sameName.isPresent()) {
                if (!sameBody.test(sameName.get(), d)) {
                    changed.add(new Pair<>(sameName.get(), d));
                } else {
                    unchanged.add(new Pair<>(sameName.get(), d));
                }
                continue;
            }
            var sameBodyOtherName = unmatchedCurrent.stream().filter(c -> sameBody.test(c, d)).findFirst();
            if (sameBodyOtherName.isPresent()) {
                renamed.add(new Pair<>(sameBodyOtherName.get(), d));
                unmatchedCurrent.remove(sameBodyOtherName.get());
            } else {
                unmatchedDesired.add(d);
            }
        }
        return new NamedMatch<>(renamed, unchanged, changed, unmatchedCurrent, unmatchedDesired);
    }

    /** Pairs whose body stays: those of the same name, then the renamed ones (each in desired name order). */
    List<Pair<T>> kept() {
        var kept = new ArrayList<Pair<T>>(unchanged);
        kept.addAll(renamed);
        return kept;
    }
}
