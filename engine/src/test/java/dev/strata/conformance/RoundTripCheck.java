package dev.strata.conformance;

import dev.strata.catalog.PulledCatalog;
import dev.strata.conformance.Outcomes.Finding;
import dev.strata.conformance.Outcomes.RoundTrip;
import dev.strata.conformance.Outcomes.RoundTripResult;
import dev.strata.ddl.CreateDdl;
import dev.strata.model.Catalog;
import dev.strata.model.Schema;
import dev.strata.model.UnmanagedObject;
import dev.strata.testing.TestDatabase;
import dev.strata.testing.TestPostgres;
import dev.strata.yaml.SchemaWriter;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Issue 2 on real schemas: a pulled catalog, created from scratch with {@link CreateDdl} in another
 * database and pulled again, must give the same model and byte-identical YAML, and the two
 * databases must agree on what PostgreSQL itself says about those objects ({@link Fingerprint}).
 *
 * <p>The target database runs the case's {@code setup.sql} first, as the source did, since it
 * creates what the model cannot (extensions, roles, domains). Objects the setup already made there
 * are left out of the DDL, which would otherwise fail on creating them a second time.
 *
 * <p>Strictly, the recreated database must also equal the source in every object of every kind,
 * managed or not ({@link Fingerprint#everything}): a script with a function passes only if the
 * function came back too.
 */
final class RoundTripCheck {

    private RoundTripCheck() {}

    /**
     * @param source      the loaded database and its pull; the caller has already classified load failures
     * @param sourceFacts the strict description of the source database
     */
    static RoundTripResult check(String script, int major, Optional<String> setup, TestDatabase sourceDb, PulledCatalog source,
            List<Fingerprint.Fact> sourceFacts, Explain explain) {
        SortedSet<String> unmanaged = source.unmanaged().stream().map(UnmanagedObject::kind)
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, String> sourceYaml;
        try {
            sourceYaml = SchemaWriter.files(source.catalog());
        } catch (RuntimeException e) {
            return crashed(script, "yaml writer", e, unmanaged, explain);
        }
        try (TestDatabase target = TestPostgres.newDatabase(major)) {
            Catalog toCreate = source.catalog();
            if (setup.isPresent()) {
                Scripts.run(target, setup.get());
                toCreate = withoutExisting(toCreate, Scripts.pull(target).catalog());
            }
            List<String> ddl;
            try {
                ddl = CreateDdl.statements(toCreate);
            } catch (RuntimeException e) {
                return crashed(script, "ddl", e, unmanaged, explain);
            }
            Optional<Finding> failed = apply(target, ddl, explain.about(script));
            if (failed.isPresent()) {
                return new RoundTripResult(script, RoundTrip.DDL_FAILED, List.of(failed.get()), unmanaged);
            }
            RoundTripResult result = compare(script, sourceDb, source, sourceYaml, target, unmanaged, explain);
            return switch (result.outcome()) {
                case PASS, DIFFERS, LOSSY -> result.withStrict(strictly(result, sourceFacts, target, explain.about(script)));
                case LOAD_FAILED, DDL_FAILED, CRASHED -> result;
            };
        } catch (SQLException e) {
            return crashed(script, "harness", e, unmanaged, explain);
        } catch (RuntimeException e) {
            return crashed(script, "catalog reader", e, unmanaged, explain);
        }
    }

    /** Models, YAML, then the PostgreSQL description of what the model names, in the database the DDL made. */
    private static RoundTripResult compare(String script, TestDatabase sourceDb, PulledCatalog source,
            Map<String, String> sourceYaml, TestDatabase target, SortedSet<String> unmanaged, Explain explain) throws SQLException {
        PulledCatalog again;
        try {
            again = Scripts.pull(target);
        } catch (RuntimeException e) {
            return crashed(script, "catalog reader (second pull)", e, unmanaged, explain);
        }
        Optional<FirstDifference.Difference> diff = FirstDifference.between(source.catalog(), again.catalog());
        if (diff.isPresent()) {
            explain.about(script).accept(diff.get().kind() + " " + diff.get().object()
                    + "\n  pulled:   " + diff.get().expected() + "\n  recreated: " + diff.get().actual());
            return new RoundTripResult(script, RoundTrip.DIFFERS,
                    List.of(new Finding(diff.get().kind(), diff.get().object())), unmanaged);
        }
        Map<String, String> againYaml;
        try {
            againYaml = SchemaWriter.files(again.catalog());
        } catch (RuntimeException e) {
            return crashed(script, "yaml writer (second pull)", e, unmanaged, explain);
        }
        if (!againYaml.equals(sourceYaml)) {
            return new RoundTripResult(script, RoundTrip.DIFFERS,
                    List.of(new Finding("YAML only (models equal)", firstDifferentFile(sourceYaml, againYaml))), unmanaged);
        }
        Optional<Fingerprint.Mismatch> lost = Fingerprint.compare(
                Fingerprint.of(sourceDb, source.catalog()), Fingerprint.of(target, source.catalog()));
        if (lost.isPresent()) {
            Fingerprint.Mismatch m = lost.get();
            explain.about(script).accept("catalogs differ although the models agree: " + m.object()
                    + "\n  source:    " + m.source() + "\n  recreated: " + m.recreated());
            return new RoundTripResult(script, RoundTrip.LOSSY, List.of(new Finding(m.group(),
                    Kinds.firstLine(m.source() + "  →  " + m.recreated()))), unmanaged);
        }
        return new RoundTripResult(script, RoundTrip.PASS, List.of(), unmanaged);
    }

    /**
     * Equal strict descriptions pass only if the model comparison passed as well: a model that
     * differs while every catalog line agrees means the description misses something, so it fails.
     */
    static Outcomes.Strict strictly(RoundTripResult result, List<Fingerprint.Fact> sourceFacts, TestDatabase target,
            java.util.function.Consumer<String> log) {
        Optional<Fingerprint.StrictMismatch> lost;
        try {
            lost = Fingerprint.compareAll(sourceFacts, Fingerprint.everything(target));
        } catch (SQLException e) {
            // The harness's own query failing must not change the model comparison's outcome.
            return Outcomes.Strict.fail(new Finding("harness: strict description failed", Kinds.sqlError(e)));
        }
        if (lost.isPresent()) {
            Fingerprint.Mismatch m = lost.get().mismatch();
            log.accept("strictly, the databases differ: " + m.object() + "\n  source:    " + m.source() + "\n  recreated: " + m.recreated());
            return Outcomes.Strict.fail(new Finding(lost.get().group("source", "recreated"),
                    Kinds.firstLine(m.source() + "  →  " + m.recreated())));
        }
        return result.outcome() == RoundTrip.PASS ? Outcomes.Strict.PASS
                : Outcomes.Strict.stopped(result.outcome().label + " although the catalogs agree", result.findings());
    }

    private static RoundTripResult crashed(String script, String component, Exception e, SortedSet<String> unmanaged,
            Explain explain) {
        explain.crash(script, e);
        return new RoundTripResult(script, RoundTrip.CRASHED,
                List.of(new Finding(Kinds.crash(component, e), Kinds.where(e) + ": " + Kinds.firstLine(e.getMessage()))), unmanaged);
    }

    /** Statement by statement, so the report can say which kind of statement PostgreSQL rejected. */
    private static Optional<Finding> apply(TestDatabase target, List<String> ddl, java.util.function.Consumer<String> explain)
            throws SQLException {
        try (Connection c = target.connect(); var st = c.createStatement()) {
            for (String sql : ddl) {
                try {
                    st.execute(sql);
                } catch (SQLException e) {
                    String kind = Kinds.statementKind(sql);
                    explain.accept("DDL failed: " + Kinds.firstLine(e.getMessage()) + "\n  " + sql);
                    return Optional.of(new Finding(kind + ": " + Kinds.normalize(e.getMessage()),
                            kind + ": " + Kinds.firstLine(e.getMessage())));
                }
            }
        }
        return Optional.empty();
    }

    /** The model without the enums, sequences, tables and views the target already has. */
    static Catalog withoutExisting(Catalog model, Catalog existing) {
        Map<String, Schema> there = existing.schemas().stream().collect(Collectors.toMap(Schema::name, s -> s));
        return new Catalog(model.schemas().stream().map(s -> {
            Schema e = there.get(s.name());
            if (e == null) {
                return s;
            }
            Set<String> enums = e.enums().stream().map(x -> x.name()).collect(Collectors.toSet());
            Set<String> sequences = e.sequences().stream().map(x -> x.name()).collect(Collectors.toSet());
            Set<String> tables = e.tables().stream().map(x -> x.name()).collect(Collectors.toSet());
            Set<String> views = e.views().stream().map(x -> x.name()).collect(Collectors.toSet());
            return new Schema(s.name(),
                    s.enums().stream().filter(x -> !enums.contains(x.name())).toList(),
                    s.sequences().stream().filter(x -> !sequences.contains(x.name())).toList(),
                    s.tables().stream().filter(x -> !tables.contains(x.name())).toList(),
                    s.views().stream().filter(x -> !views.contains(x.name())).toList(),
                    // Functions, triggers, grants and the rest: only what the setup did not make already.
                    s.objects().stream().filter(x -> e.object(x.kind(), x.key()).isEmpty()).toList());
        }).toList());
    }

    private static String firstDifferentFile(Map<String, String> a, Map<String, String> b) {
        TreeSet<String> names = new TreeSet<>(a.keySet());
        names.addAll(b.keySet());
        return names.stream().filter(n -> !java.util.Objects.equals(a.get(n), b.get(n))).findFirst().orElse("");
    }
}
