package dev.strata.conformance;

import dev.strata.conformance.Outcomes.Convergence;
import dev.strata.conformance.Outcomes.ConvergenceResult;
import dev.strata.conformance.Outcomes.Finding;
import dev.strata.conformance.Outcomes.RoundTrip;
import dev.strata.conformance.Outcomes.RoundTripResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Markdown report. Everything is sorted (outcomes in declaration order, groups by how many
 * cases they affect, then by text; examples by name), so two runs over the same corpus and engine
 * differ only in the run times.
 */
final class Report {

    /** One major version's results. */
    record Run(int major, String serverVersion, long seconds, List<RoundTripResult> roundTrips,
            List<ConvergenceResult> convergence) {}

    private static final int EXAMPLES = 3;

    private Report() {}

    /** @param note a paragraph saying what this run is (e.g. which baseline), empty for none */
    static String markdown(String command, int cases, Machine machine, List<Run> runs, String note) {
        StringBuilder md = new StringBuilder();
        md.append("# Conformance against the pgschema corpus\n\n");
        md.append("Strata measured against an outside corpus: the ").append(cases).append(" `old.sql`/`new.sql` pairs ")
                .append("(and `setup.sql` where present) of the test data of pgschema, an Apache-2.0 PostgreSQL ")
                .append("schema-diff tool (`../shared/corpus/pgschema/NOTICE`). The corpus is not part of the project; ")
                .append("this report names its cases only.\n\n");
        md.append("Regenerate (from the repository root, with the corpus beside the project):\n\n```\n")
                .append(command).append("\n```\n\n");
        md.append("""
                - **Round trip (issue 2)**, per script (`old.sql` and `new.sql` of each case): load the script (after
                  `setup.sql`) into a fresh database, pull every non-system schema, create the pulled model with
                  `CreateDdl` in another fresh database (after its own `setup.sql`, leaving out what the setup
                  already made), pull again. *pass* = equal models, byte-identical `SchemaWriter` YAML, and equal
                  PostgreSQL descriptions (`pg_get_constraintdef`, `pg_get_indexdef`, column definitions, persistence,
                  ...) of the objects the model names in both databases; *lossy* = the models agree but those
                  descriptions do not, i.e. the model silently dropped a property.
                - **Plan convergence (issue 3)**, per case: pull the `old.sql` database (current) and the
                  `new.sql` database (desired; the corpus has no YAML), plan with `Planner.plan`, run every step
                  (the executor, as `strata apply --phase all --yes --allow-data-loss --allow-blocking`), pull again and plan again: the second plan must be empty and the models equal.
                - *crashed* means an exception in Strata's code: always a bug. *load-failed* means the case's own
                  SQL does not load on that PostgreSQL (e.g. an extension the embedded server lacks).
                - **Strict judgement (nothing filtered out)**, beside the two above: the checks above compare only
                  what the model names, so a script whose functions, triggers or grants are lost still passes. A
                  round trip passes *strictly* only if it passes and the recreated database equals the source in
                  the PostgreSQL description of every object of every non-system schema: the lines above for every
                  relation, plus column order and options, storage parameters, sequence ownership, partition keys
                  and bounds, inheritance, functions and procedures (`pg_get_functiondef`), aggregates, triggers
                  (`pg_get_triggerdef`), rules, policies, RLS flags, privileges (table, column, function, type and
                  schema ACLs, default privileges), domains and their constraints, composite, range and base types,
                  extensions with versions, owners other than the loading role, comments on every object, and the
                  existence of collations, operators, casts, statistics, foreign tables and the like (extension
                  members are left to the extension's version; the `strata` schemas are Strata's own). A pair
                  *converges strictly* when its convergence succeeds and the database the plan left equals the
                  `new.sql` database by that same description; a skipped pair fails strictly. The *kinds* of a case
                  are those found in that description of its `old.sql` and `new.sql` databases. A strict failure is
                  grouped by the first kind that differs (in a fixed order: schemas and types, tables, constraints,
                  indexes, views, functions, triggers, policies, grants, comments) and what differs.

                """);
        if (!note.isEmpty()) {
            md.append(note).append("\n\n");
        }
        md.append("## Machine\n\n").append(machine.markdown()).append('\n');
        for (Run run : runs) {
            run(md, run);
        }
        return md.toString();
    }

    private static void run(StringBuilder md, Run run) {
        md.append("## PostgreSQL ").append(run.major()).append(" (").append(run.serverVersion()).append(")\n\n");
        md.append("Run time: ").append(run.seconds()).append(" s.\n\n");

        md.append("### Round trip, per script\n\n| outcome | scripts |\n|---|---:|\n");
        for (RoundTrip outcome : RoundTrip.values()) {
            long n = run.roundTrips().stream().filter(r -> r.outcome() == outcome).count();
            md.append("| ").append(outcome.label).append(" | ").append(n).append(" |\n");
        }
        md.append("| total | ").append(run.roundTrips().size()).append(" |\n\n");
        for (RoundTrip outcome : RoundTrip.values()) {
            if (outcome == RoundTrip.PASS) {
                continue;
            }
            Map<String, List<Example>> groups = new TreeMap<>();
            run.roundTrips().stream().filter(r -> r.outcome() == outcome)
                    .forEach(r -> r.findings().forEach(f -> add(groups, f, r.script())));
            groups(md, "Round trip " + outcome.label, "scripts", groups);
        }
        Map<String, List<Example>> unmanaged = new TreeMap<>();
        run.roundTrips().forEach(r -> r.unmanagedKinds().forEach(k -> add(unmanaged, new Finding(k, ""), r.script())));
        groups(md, "Unmanaged objects reported by the pull (kind)", "scripts", unmanaged);

        md.append("### Plan convergence, per case\n\n| outcome | cases |\n|---|---:|\n");
        for (Convergence outcome : Convergence.values()) {
            long n = run.convergence().stream().filter(r -> r.outcome() == outcome).count();
            md.append("| ").append(outcome.label).append(" | ").append(n).append(" |\n");
        }
        md.append("| total | ").append(run.convergence().size()).append(" |\n\n");
        for (Convergence outcome : Convergence.values()) {
            Map<String, List<Example>> groups = new TreeMap<>();
            run.convergence().stream().filter(r -> r.outcome() == outcome)
                    .forEach(r -> r.findings().forEach(f -> add(groups, f, r.caseName())));
            groups(md, "Convergence " + outcome.label + (outcome.success ? ": notes" : ""), "cases", groups);
        }
        Map<String, List<Example>> violations = new TreeMap<>();
        run.convergence().forEach(r -> r.violations().forEach(v -> add(violations, v, r.caseName())));
        groups(md, "Lock-policy violations in the plans (any outcome)", "cases", violations);
        strict(md, run);
    }

    private static void strict(StringBuilder md, Run run) {
        int pairs = run.convergence().size();
        long strictPairs = run.convergence().stream().filter(r -> r.strict().passed()).count();
        long pairs95 = (long) Math.ceil(pairs * 0.95);
        long successes = run.convergence().stream().filter(r -> r.outcome().success).count();
        long strictScripts = run.roundTrips().stream().filter(r -> r.strict().passed()).count();
        long passScripts = run.roundTrips().stream().filter(r -> r.outcome() == RoundTrip.PASS).count();
        md.append("### Strict judgement (nothing filtered out)\n\n");
        md.append("- Pairs converging strictly: **").append(strictPairs).append(" of ").append(pairs).append(" (")
                .append(percent(strictPairs, pairs)).append(")**; the target is ≥ 95 % (").append(pairs95)
                .append(" pairs). Converging by the model comparison alone (converged, no-change-needed, policy-violations): ")
                .append(successes).append(" (").append(percent(successes, pairs)).append(").\n");
        md.append("- Scripts round-tripping strictly: **").append(strictScripts).append(" of ").append(run.roundTrips().size())
                .append(" (").append(percent(strictScripts, run.roundTrips().size())).append(")**; by the model comparison alone (pass): ")
                .append(passScripts).append(".\n\n");

        // A case's kinds are those of both its scripts; its round trip passes when both scripts pass.
        Map<String, List<RoundTripResult>> scripts = new TreeMap<>();
        run.roundTrips().forEach(r -> scripts.computeIfAbsent(r.caseName(), k -> new ArrayList<>()).add(r));
        Map<String, int[]> perKind = new TreeMap<>(Comparator.comparing((String k) -> Fingerprint.KIND_ORDER.contains(k)
                ? Fingerprint.KIND_ORDER.indexOf(k) : Fingerprint.KIND_ORDER.size()).thenComparing(k -> k));
        for (ConvergenceResult c : run.convergence()) {
            List<RoundTripResult> both = scripts.getOrDefault(c.caseName(), List.of());
            TreeSet<String> kinds = new TreeSet<>();
            both.forEach(r -> kinds.addAll(r.kinds()));
            boolean roundTrip = !both.isEmpty() && both.stream().allMatch(r -> r.outcome() == RoundTrip.PASS);
            boolean roundTripStrict = !both.isEmpty() && both.stream().allMatch(r -> r.strict().passed());
            for (String kind : kinds) {
                int[] n = perKind.computeIfAbsent(kind, k -> new int[5]);
                n[0]++;
                n[1] += roundTrip ? 1 : 0;
                n[2] += roundTripStrict ? 1 : 0;
                n[3] += c.outcome().success ? 1 : 0;
                n[4] += c.strict().passed() ? 1 : 0;
            }
        }
        md.append("#### Per object kind\n\nCases holding the kind (in `old.sql` or `new.sql`); a case's round trip passes when both ")
                .append("its scripts do; *convergence* counts converged, no-change-needed and policy-violations.\n\n")
                .append("| kind | cases | round trip pass | round trip strict | convergence | convergence strict |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        perKind.forEach((kind, n) -> md.append("| ").append(kind).append(" | ").append(n[0]).append(" | ").append(n[1])
                .append(" | ").append(n[2]).append(" | ").append(n[3]).append(" | ").append(n[4]).append(" |\n"));
        md.append('\n');

        Map<String, List<Example>> roundTrips = new TreeMap<>();
        run.roundTrips().forEach(r -> r.strict().failure().ifPresent(f -> add(roundTrips, f, r.script())));
        groups(md, "Strict round trip failures (first differing kind, or why the run stopped)", "scripts", roundTrips);
        Map<String, List<Example>> convergence = new TreeMap<>();
        run.convergence().forEach(r -> r.strict().failure().ifPresent(f -> add(convergence, f, r.caseName())));
        groups(md, "Strict convergence failures (first differing kind, or why the pair failed)", "cases", convergence);
    }

    private static String percent(long n, long of) {
        return of == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f %%", 100.0 * n / of);
    }

    private record Example(String name, String detail) {}

    private static void add(Map<String, List<Example>> groups, Finding f, String name) {
        groups.computeIfAbsent(f.group(), k -> new ArrayList<>()).add(new Example(name, f.detail()));
    }

    private static void groups(StringBuilder md, String title, String unit, Map<String, List<Example>> groups) {
        if (groups.isEmpty()) {
            return;
        }
        md.append("#### ").append(title).append("\n\n| kind | ").append(unit).append(" | examples | first example |\n|---|---:|---|---|\n");
        groups.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<String, List<Example>> e) -> -distinct(e.getValue()))
                        .thenComparing(Map.Entry::getKey))
                .forEach(e -> {
                    List<Example> examples = e.getValue().stream()
                            .sorted(Comparator.comparing(Example::name).thenComparing(Example::detail)).toList();
                    TreeSet<String> names = new TreeSet<>(examples.stream().map(Example::name).toList());
                    String shown = String.join(", ", names.stream().limit(EXAMPLES).map(n -> "`" + n + "`").toList())
                            + (names.size() > EXAMPLES ? ", …" : "");
                    md.append("| ").append(cell(e.getKey())).append(" | ").append(names.size()).append(" | ")
                            .append(shown).append(" | ").append(cell(examples.getFirst().detail())).append(" |\n");
                });
        md.append('\n');
    }

    private static int distinct(List<Example> examples) {
        return (int) examples.stream().map(Example::name).distinct().count();
    }

    private static String cell(String s) {
        return s.replace('|', '/').replace('\n', ' ').replace("`", "'");
    }
}
