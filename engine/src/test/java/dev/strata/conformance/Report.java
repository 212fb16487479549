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

    static String markdown(String command, int cases, Machine machine, List<Run> runs) {
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

                """);
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
