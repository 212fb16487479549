package dev.strata.plan;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.strata.ddl.Saved;
import dev.strata.ddl.Statement;
import dev.strata.ddl.StatementRenderer;
import dev.strata.diagnostics.StrataException;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.ExclusionConstraint;
import dev.strata.model.IndexKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.UnmanagedObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The plan's own codec: a plan as JSON ({@code docs/plan-json.md}), for tools and for saving a reviewed plan that
 * the executor later runs exactly. Nodes are built by hand so the key order is part of the format, not of a library.
 */
public final class PlanJson {

    public static final String FORMAT = "strata-plan/1";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PlanJson() {}

    /**
     * @param reviewQuestion the prose a review asks (the renderers' wording): written for readers, never read back
     */
    public static String write(Plan plan, BiFunction<Plan, Review, String> reviewQuestion) {
        ObjectNode root = F.objectNode();
        root.put("format", FORMAT);
        root.put("current", plan.current());
        root.put("catalogFingerprint", plan.catalogFingerprint());
        root.put("pgMajor", plan.pgMajor());
        root.set("changes", strings(plan.changes()));
        // The format keeps one list: each phase's gate, then its steps.
        ArrayNode steps = F.arrayNode();
        for (PhasePlan phase : plan.phases()) {
            phase.gate().ifPresent(g -> steps.add(gate(g)));
            phase.steps().forEach(step -> steps.add(step(step)));
        }
        root.set("steps", steps);
        root.set("dualWrites", array(plan.dualWrites(), PlanJson::dualWrite));
        root.set("tableFacts", array(List.copyOf(plan.tableFacts().entrySet()), e -> {
            ObjectNode n = F.objectNode();
            n.set("table", name(e.getKey()));
            n.put("bytes", e.getValue().bytes());
            n.put("estimatedRows", e.getValue().estimatedRows());
            n.put("empty", e.getValue().empty());
            return n;
        }));
        root.set("warnings", strings(plan.warnings()));
        root.set("unmanaged", array(plan.unmanaged(), u -> {
            ObjectNode n = F.objectNode();
            n.put("kind", u.kind());
            n.put("identity", u.identity());
            return n;
        }));
        root.set("violations", array(plan.violations(), v -> {
            ObjectNode n = F.objectNode();
            n.put("stepId", v.stepId());
            n.put("message", v.message());
            return n;
        }));
        root.set("recovery", plan.recovery().<JsonNode>map(PlanJson::recovery).orElse(F.nullNode()));
        root.set("reviews", reviews(plan, reviewQuestion));
        // Only when preflight ran, so plans without it are written as before.
        plan.preflight().findings().ifPresent(found -> {
            ObjectNode n = F.objectNode();
            n.put("clean", plan.preflight().failures().isEmpty());
            n.set("findings", array(found, PlanJson::finding));
            root.set("preflight", n);
        });
        // Only for a plan made against a database (the one kind apply --plan runs) that has checks, so that other
        // plans are written as before; apply --plan asks them of the live data before EXPAND.
        if (!plan.catalogFingerprint().isEmpty() && !plan.preflight().checks().isEmpty()) {
            root.set("preflightChecks", array(plan.preflight().checks(), PlanJson::check));
        }
        DefaultIndenter indenter = new DefaultIndenter("  ", "\n");
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withSeparators(Separators.createDefaultInstance()
                        .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                        .withObjectEmptySeparator("")
                        .withArrayEmptySeparator(""));
        printer.indentObjectsWith(indenter);
        printer.indentArraysWith(indenter);
        try {
            return MAPPER.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a tree of plain nodes", e);
        }
    }

    /** Reads a plan written by {@link #write}; a file that is not one is reported in one line. */
    public static Plan read(String json) {
        JsonNode root;
        try {
            root = MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new StrataException("not a JSON plan: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw new StrataException("not a JSON plan: expected an object");
        }
        String format = text(root, "format");
        if (!FORMAT.equals(format)) {
            throw new StrataException("unsupported plan format '" + format + "': this Strata reads " + FORMAT);
        }
        try {
            return readPlan(root);
        } catch (IllegalArgumentException e) {
            // The records' own invariants (a step without statements, an invalid name) reject a hand-edited plan.
            throw new StrataException("not a valid plan: " + e.getMessage());
        }
    }

    private static Plan readPlan(JsonNode root) {
        Map<QualifiedName, TableFacts> facts = new LinkedHashMap<>();
        for (JsonNode n : list(root, "tableFacts")) {
            facts.put(readName(field(n, "table")), new TableFacts(number(n, "bytes"), number(n, "estimatedRows"),
                    optional(n, "empty").isPresent() && bool(n, "empty")));
        }
        return new Plan(
                text(root, "current"),
                // Absent in documents written before the field existed: such a plan counts as made offline.
                optional(root, "catalogFingerprint").map(f -> text(root, "catalogFingerprint")).orElse(""),
                (int) number(root, "pgMajor"),
                texts(root, "changes"),
                readPhases(list(root, "steps")),
                map(list(root, "dualWrites"), PlanJson::readDualWrite),
                facts,
                texts(root, "warnings"),
                map(list(root, "unmanaged"), n -> new UnmanagedObject(text(n, "kind"), text(n, "identity"))),
                map(list(root, "violations"), n -> new PolicyViolation(text(n, "stepId"), text(n, "message"))),
                // Absent in documents written before the field existed, and null for offline plans.
                optional(root, "recovery").map(PlanJson::readRecovery),
                // Absent in documents written before review rules existed: such a plan had none.
                optional(root, "reviews").map(PlanJson::readReviews).orElse(Reviews.NONE),
                // Findings: absent when preflight did not run (and in documents written before it existed). Checks:
                // absent when there are none, and in plans saved before they were (apply --plan then runs none).
                new Preflight(optional(root, "preflightChecks").map(c -> map(list(root, "preflightChecks"), PlanJson::readCheck))
                        .orElse(List.of()),
                        optional(root, "preflight").map(n -> map(list(n, "findings"), PlanJson::readFinding))));
    }

    /**
     * A preflight check as data. Its expressions are the planner's canonical SQL text, written and read back as
     * text, so the check read back asks the live data exactly what the original asked.
     */
    private static ObjectNode check(PreflightCheck check) {
        ObjectNode n = F.objectNode();
        switch (check) {
            case PreflightCheck.NotNull c -> {
                n.put("kind", "notNull");
                n.set("rows", rows(c.rows()));
                n.put("column", c.column());
            }
            case PreflightCheck.Check c -> {
                n.put("kind", "check");
                n.set("rows", rows(c.rows()));
                n.put("name", c.name());
                n.put("expression", c.expression());
            }
            case PreflightCheck.Unique c -> {
                n.put("kind", "unique");
                n.set("rows", rows(c.rows()));
                n.put("constraint", c.kind());
                n.put("name", c.name());
                n.set("keys", array(c.keys(), PlanJson::indexKey));
                n.set("where", c.where().<JsonNode>map(F::textNode).orElse(F.nullNode()));
                n.put("nullsNotDistinct", c.nullsNotDistinct());
            }
            case PreflightCheck.ForeignKey c -> {
                n.put("kind", "foreignKey");
                n.set("rows", rows(c.rows()));
                dev.strata.model.ForeignKey fk = c.foreignKey();
                ObjectNode f = F.objectNode();
                f.put("name", fk.name());
                f.set("columns", strings(fk.columns()));
                f.set("target", name(fk.target()));
                f.set("targetColumns", strings(fk.targetColumns()));
                f.put("onDelete", fk.onDelete().name());
                f.put("onUpdate", fk.onUpdate().name());
                f.put("match", fk.match().name());
                f.put("deferrability", fk.deferrability().name());
                n.set("foreignKey", f);
                n.set("parent", c.parent().<JsonNode>map(PlanJson::rows).orElse(F.nullNode()));
            }
            case PreflightCheck.Exclusion c -> {
                n.put("kind", "exclusion");
                n.set("rows", rows(c.rows()));
                ExclusionConstraint x = c.exclusion();
                ObjectNode e = F.objectNode();
                e.put("name", x.name());
                e.put("method", x.method());
                e.set("elements", array(x.elements(), el -> {
                    ObjectNode o = F.objectNode();
                    o.set("key", indexKey(el.key()));
                    o.put("operator", el.operator());
                    return o;
                }));
                e.set("where", x.where().<JsonNode>map(F::textNode).orElse(F.nullNode()));
                e.put("deferrability", x.deferrability().name());
                n.set("exclusion", e);
            }
            case PreflightCheck.Conversion c -> {
                n.put("kind", "conversion");
                n.set("rows", rows(c.rows()));
                n.put("column", c.column());
                n.put("current", c.current());
                n.set("from", type(c.from()));
                n.set("to", type(c.to()));
                n.set("using", c.using().<JsonNode>map(F::textNode).orElse(F.nullNode()));
            }
        }
        return n;
    }

    private static PreflightCheck readCheck(JsonNode n) {
        String kind = text(n, "kind");
        RowSource rows = readRows(field(n, "rows"));
        return switch (kind) {
            case "notNull" -> new PreflightCheck.NotNull(rows, text(n, "column"));
            case "check" -> new PreflightCheck.Check(rows, text(n, "name"), text(n, "expression"));
            case "unique" -> new PreflightCheck.Unique(rows, text(n, "constraint"), text(n, "name"),
                    map(list(n, "keys"), PlanJson::readIndexKey), optionalText(n, "where"), bool(n, "nullsNotDistinct"));
            case "foreignKey" -> {
                JsonNode f = field(n, "foreignKey");
                yield new PreflightCheck.ForeignKey(rows, new dev.strata.model.ForeignKey(text(f, "name"),
                        texts(f, "columns"), readName(field(f, "target")), texts(f, "targetColumns"),
                        enumValue(dev.strata.model.ForeignKey.Action.class, f, "onDelete"),
                        enumValue(dev.strata.model.ForeignKey.Action.class, f, "onUpdate"),
                        enumValue(dev.strata.model.ForeignKey.Match.class, f, "match"),
                        enumValue(Deferrability.class, f, "deferrability")),
                        optional(n, "parent").map(PlanJson::readRows));
            }
            case "exclusion" -> {
                JsonNode e = field(n, "exclusion");
                yield new PreflightCheck.Exclusion(rows, new ExclusionConstraint(text(e, "name"), text(e, "method"),
                        map(list(e, "elements"), el -> new ExclusionConstraint.Element(readIndexKey(field(el, "key")),
                                text(el, "operator"))),
                        optionalText(e, "where"), enumValue(Deferrability.class, e, "deferrability")));
            }
            case "conversion" -> new PreflightCheck.Conversion(rows, text(n, "column"), text(n, "current"),
                    readType(field(n, "from")), readType(field(n, "to")), optionalText(n, "using"));
            default -> throw new StrataException("not a JSON plan: unknown preflight check kind '" + kind + "'");
        };
    }

    /** The rows a check reads: each desired column's value for an existing row, as {@link RowSource} says. */
    private static ObjectNode rows(RowSource rows) {
        ObjectNode n = F.objectNode();
        n.set("table", name(rows.table()));
        n.set("current", name(rows.current()));
        n.set("key", strings(rows.key()));
        ObjectNode renamed = F.objectNode();
        rows.renamed().forEach(renamed::put);
        n.set("renamed", renamed);
        n.set("columns", array(rows.columns(), v -> {
            ObjectNode o = F.objectNode();
            o.put("column", v.column());
            o.set("type", type(v.type()));
            switch (v) {
                case RowSource.Kept k -> {
                    o.put("value", "kept");
                    o.put("current", k.current());
                }
                case RowSource.Converted c -> {
                    o.put("value", "converted");
                    o.put("current", c.current());
                    o.set("from", type(c.from()));
                    o.set("using", c.using().<JsonNode>map(F::textNode).orElse(F.nullNode()));
                }
                case RowSource.Filled f -> {
                    o.put("value", "filled");
                    o.put("expression", f.expression());
                }
                case RowSource.Missing m -> o.put("value", "missing");
            }
            return o;
        }));
        return n;
    }

    private static RowSource readRows(JsonNode n) {
        JsonNode renamedNode = field(n, "renamed");
        if (!renamedNode.isObject()) {
            throw new StrataException("not a JSON plan: field 'renamed' must be an object");
        }
        Map<String, String> renamed = new LinkedHashMap<>();
        renamedNode.fieldNames().forEachRemaining(desired -> renamed.put(desired, text(renamedNode, desired)));
        return new RowSource(readName(field(n, "table")), readName(field(n, "current")), texts(n, "key"), renamed,
                map(list(n, "columns"), v -> {
                    String column = text(v, "column");
                    DataType type = readType(field(v, "type"));
                    String value = text(v, "value");
                    return switch (value) {
                        case "kept" -> (RowSource.Value) new RowSource.Kept(column, type, text(v, "current"));
                        case "converted" -> new RowSource.Converted(column, type, text(v, "current"),
                                readType(field(v, "from")), optionalText(v, "using"));
                        case "filled" -> new RowSource.Filled(column, type, text(v, "expression"));
                        case "missing" -> new RowSource.Missing(column, type);
                        default -> throw new StrataException("not a JSON plan: unknown row value '" + value + "'");
                    };
                }));
    }

    private static ObjectNode indexKey(IndexKey key) {
        ObjectNode n = F.objectNode();
        switch (key.target()) {
            case IndexKey.ColumnTarget c -> n.put("column", c.column());
            case IndexKey.ExpressionTarget e -> n.put("expression", e.sql());
        }
        n.set("opclass", key.opclass().<JsonNode>map(F::textNode).orElse(F.nullNode()));
        n.put("descending", key.descending());
        n.put("nullsFirst", key.nullsFirst());
        return n;
    }

    private static IndexKey readIndexKey(JsonNode n) {
        IndexKey.Target target = optional(n, "column").isPresent()
                ? new IndexKey.ColumnTarget(text(n, "column")) : new IndexKey.ExpressionTarget(text(n, "expression"));
        return new IndexKey(target, optionalText(n, "opclass"), bool(n, "descending"), bool(n, "nullsFirst"));
    }

    private static Optional<String> optionalText(JsonNode n, String name) {
        return optional(n, name).map(x -> text(n, name));
    }

    private static ObjectNode finding(PreflightFinding f) {
        ObjectNode n = F.objectNode();
        n.put("phase", f.phase().name());
        n.set("table", name(f.table()));
        n.put("check", f.check());
        n.put("status", f.status().name());
        n.put("rows", f.rows());
        n.put("atLeast", f.atLeast());
        n.put("violation", f.violation());
        n.set("examples", strings(f.examples()));
        n.put("reason", f.reason());
        n.put("line", f.line());
        return n;
    }

    private static PreflightFinding readFinding(JsonNode n) {
        return new PreflightFinding(enumValue(Phase.class, n, "phase"), readName(field(n, "table")), text(n, "check"),
                enumValue(PreflightFinding.Status.class, n, "status"), number(n, "rows"), bool(n, "atLeast"),
                text(n, "violation"), texts(n, "examples"), text(n, "reason"));
    }

    private static ObjectNode recovery(Recovery r) {
        ObjectNode n = F.objectNode();
        n.set("archiving", fact(r.archiving(), a -> {
            ObjectNode x = F.objectNode();
            x.put("archiveMode", a.archiveMode());
            x.put("walLevel", a.walLevel());
            x.set("lastArchivedWal", a.lastArchivedWal().<JsonNode>map(F::textNode).orElse(F.nullNode()));
            x.set("lastArchivedAgeSeconds", seconds(a.lastArchivedAge()));
            x.put("failedCount", a.failedCount());
            x.set("lastFailedWal", a.lastFailedWal().<JsonNode>map(F::textNode).orElse(F.nullNode()));
            x.set("lastFailedAgeSeconds", seconds(a.lastFailedAge()));
            x.put("lastAttemptFailed", a.lastAttemptFailed());
            return x;
        }));
        n.set("replicas", fact(r.replicas(), list -> array(list, replica -> {
            ObjectNode x = F.objectNode();
            x.put("name", replica.name());
            x.set("state", replica.state().<JsonNode>map(F::textNode).orElse(F.nullNode()));
            x.set("syncState", replica.syncState().<JsonNode>map(F::textNode).orElse(F.nullNode()));
            x.set("replayLagSeconds", seconds(replica.replayLag()));
            return x;
        })));
        n.set("slots", fact(r.slots(), list -> array(list, slot -> {
            ObjectNode x = F.objectNode();
            x.put("name", slot.name());
            x.put("type", slot.type());
            x.put("active", slot.active());
            return x;
        })));
        n.set("databaseBytes", fact(r.databaseBytes(), F::numberNode));
        n.put("restoreBytesPerSecond", r.restoreBytesPerSecond());
        n.set("restoreSeconds", seconds(r.restoreSeconds()));
        return n;
    }

    private static <T> JsonNode fact(Fact<T> fact, Function<T, JsonNode> known) {
        return switch (fact) {
            case Fact.Known<T> k -> known.apply(k.value());
            case Fact.Unknown<T> u -> {
                ObjectNode x = F.objectNode();
                x.put("unknown", u.reason());
                yield x;
            }
        };
    }

    private static JsonNode seconds(OptionalLong value) {
        return value.isPresent() ? F.numberNode(value.getAsLong()) : F.nullNode();
    }

    private static Recovery readRecovery(JsonNode n) {
        return new Recovery(
                readFact(n, "archiving", a -> new Recovery.Archiving(text(a, "archiveMode"), text(a, "walLevel"),
                        optional(a, "lastArchivedWal").map(x -> text(a, "lastArchivedWal")),
                        optionalNumber(a, "lastArchivedAgeSeconds"), number(a, "failedCount"),
                        optional(a, "lastFailedWal").map(x -> text(a, "lastFailedWal")),
                        optionalNumber(a, "lastFailedAgeSeconds"), bool(a, "lastAttemptFailed"))),
                readFact(n, "replicas", a -> map(list(n, "replicas"), r -> new Recovery.Replica(text(r, "name"),
                        optional(r, "state").map(x -> text(r, "state")),
                        optional(r, "syncState").map(x -> text(r, "syncState")),
                        optionalNumber(r, "replayLagSeconds")))),
                readFact(n, "slots", a -> map(list(n, "slots"), s -> new Recovery.Slot(text(s, "name"), text(s, "type"),
                        bool(s, "active")))),
                readFact(n, "databaseBytes", a -> number(n, "databaseBytes")),
                number(n, "restoreBytesPerSecond"));
    }

    /** A fact is its value, or an object holding only {@code unknown}: the reason. */
    private static <T> Fact<T> readFact(JsonNode n, String name, Function<JsonNode, T> known) {
        JsonNode v = field(n, name);
        return v.isObject() && v.has("unknown") ? Fact.unknown(text(v, "unknown")) : Fact.known(known.apply(v));
    }

    private static OptionalLong optionalNumber(JsonNode n, String name) {
        return optional(n, name).isPresent() ? OptionalLong.of(number(n, name)) : OptionalLong.empty();
    }

    /** The "Needs review" section; {@code question} is for people and tools, and is not read back. */
    private static ObjectNode reviews(Plan plan, BiFunction<Plan, Review, String> reviewQuestion) {
        Reviews reviews = plan.reviews();
        ObjectNode n = F.objectNode();
        n.put("configured", reviews.configured());
        n.put("sizesKnown", reviews.sizesKnown());
        ObjectNode large = F.objectNode();
        large.set("rows", reviews.rowsAbove().isPresent() ? F.numberNode(reviews.rowsAbove().getAsLong()) : F.nullNode());
        large.set("bytes", reviews.bytesAbove().isPresent() ? F.numberNode(reviews.bytesAbove().getAsLong()) : F.nullNode());
        n.set("largeTable", large);
        n.set("steps", array(reviews.steps(), r -> {
            ObjectNode x = F.objectNode();
            x.put("stepId", r.stepId());
            x.set("table", name(r.table()));
            x.put("bytes", r.facts().bytes());
            x.put("estimatedRows", r.facts().estimatedRows());
            x.set("reviewers", strings(r.reviewers()));
            x.put("question", reviewQuestion.apply(plan, r));
            return x;
        }));
        return n;
    }

    private static Reviews readReviews(JsonNode n) {
        JsonNode large = field(n, "largeTable");
        return new Reviews(bool(n, "configured"), bool(n, "sizesKnown"),
                optional(large, "rows").map(r -> OptionalLong.of(number(large, "rows"))).orElse(OptionalLong.empty()),
                optional(large, "bytes").map(b -> OptionalLong.of(number(large, "bytes"))).orElse(OptionalLong.empty()),
                map(list(n, "steps"), r -> new Review(text(r, "stepId"), readName(field(r, "table")),
                        new TableFacts(number(r, "bytes"), number(r, "estimatedRows")), texts(r, "reviewers"))));
    }

    /** A gate is written as the step it once was: its phase is the one it follows, its summary its title. */
    private static ObjectNode gate(Gate gate) {
        ObjectNode n = F.objectNode();
        n.put("type", "gate");
        n.put("id", gate.id());
        n.put("phase", gate.kind().after().name());
        n.put("summary", gate.title());
        n.put("kind", gate.kind().name());
        n.set("instructions", strings(gate.instructions()));
        return n;
    }

    private static ObjectNode step(Step step) {
        ObjectNode n = F.objectNode();
        n.put("type", switch (step) {
            case DdlStep d -> "ddl";
            case BackfillStep b -> "backfill";
        });
        n.put("id", step.id());
        n.put("phase", step.phase().name());
        n.put("summary", step.summary());
        switch (step) {
            case DdlStep d -> {
                n.set("statements", strings(d.sql()));
                n.put("transactional", d.transactional());
                n.set("locks", array(d.locks(), PlanJson::lock));
                n.set("inverse", d.inverseSql().<JsonNode>map(PlanJson::strings).orElse(F.nullNode()));
                d.irreversibleBecause().ifPresent(reason -> n.put("irreversibleBecause", reason));
                n.set("dataLoss", d.dataLoss().<JsonNode>map(loss -> {
                    ObjectNode l = F.objectNode();
                    l.put("kind", loss.kind().name());
                    l.put("what", loss.what());
                    l.put("estimatedRows", loss.estimatedRows());
                    l.put("detail", loss.detail());
                    return l;
                }).orElse(F.nullNode()));
                n.set("facts", strings(d.facts()));
                // Only on retained drops, so that plans without one read as before.
                d.retains().ifPresent(r -> {
                    ObjectNode kept = F.objectNode();
                    switch (r) {
                        case Retention.KeptTable t -> {
                            kept.set("table", name(t.table()));
                            kept.set("archived", name(t.archived()));
                            kept.set("validate", strings(StatementRenderer.render(t.validate())));
                        }
                        case Retention.KeptColumn c -> {
                            kept.set("table", name(c.table()));
                            kept.put("column", c.column());
                            kept.set("archived", name(c.archived()));
                            kept.set("key", strings(c.key()));
                            kept.put("type", c.type());
                            kept.set("rebuild", array(c.rebuild(), g -> {
                                ObjectNode group = F.objectNode();
                                group.set("statements", strings(StatementRenderer.render(g)));
                                return group;
                            }));
                        }
                    }
                    n.set("retains", kept);
                });
                d.concurrentIndex().ifPresent(c -> n.set("concurrentIndex", F.objectNode()
                        .put("kind", switch (c) {
                            case ConcurrentIndex.Build b -> "build";
                            case ConcurrentIndex.Drop x -> "drop";
                        })
                        .set("index", name(c.index()))));
                d.detach().ifPresent(x -> {
                    ObjectNode detach = F.objectNode();
                    detach.set("parent", name(x.parent()));
                    detach.set("partition", name(x.partition()));
                    n.set("detach", detach);
                });
            }
            case BackfillStep b -> {
                n.set("table", name(b.table()));
                n.set("key", strings(b.key()));
                switch (b.batch()) {
                    case BackfillStep.Batch.Assign a -> {
                        n.set("assignments", array(a.assignments(), x -> {
                            ObjectNode o = F.objectNode();
                            o.put("column", x.column());
                            o.put("expression", x.expression());
                            return o;
                        }));
                        n.put("pending", a.pending());
                    }
                    // Under a key of its own: a reader that knows only assignments refuses the step rather than
                    // misreading it.
                    case BackfillStep.Batch.Archive a -> {
                        ObjectNode archive = F.objectNode();
                        archive.set("table", name(a.archive()));
                        archive.put("column", a.column());
                        n.set("archive", archive);
                    }
                }
            }
        }
        return n;
    }

    private static Retention readRetention(JsonNode r) {
        if (optional(r, "column").isPresent()) {
            return new Retention.KeptColumn(readName(field(r, "table")), text(r, "column"), readName(field(r, "archived")),
                    texts(r, "key"), text(r, "type"), map(list(r, "rebuild"), g -> saved(g, "statements")));
        }
        return new Retention.KeptTable(readName(field(r, "table")), readName(field(r, "archived")), saved(r, "validate"));
    }

    /** A plan saved before Strata recorded why a step is one-way reads as one whose reason was not recorded. */
    private static Undo readUndo(JsonNode n) {
        if (optional(n, "inverse").isPresent()) {
            List<Statement> inverse = saved(n, "inverse");
            return inverse.isEmpty() ? Undo.nothing() : Undo.by(inverse);
        }
        return Undo.impossible(optional(n, "irreversibleBecause").isPresent() ? text(n, "irreversibleBecause") : Undo.NOT_RECORDED);
    }

    /**
     * The phases of the list of steps and gates: each gate stands before the phase its kind names (where an earlier
     * Strata may have put one before a phase without steps), each step in its own phase.
     */
    private static List<PhasePlan> readPhases(List<JsonNode> nodes) {
        Map<Phase, Gate> gates = new java.util.EnumMap<>(Phase.class);
        Map<Phase, List<Step>> steps = new java.util.EnumMap<>(Phase.class);
        for (JsonNode n : nodes) {
            if (text(n, "type").equals("gate")) {
                Gate gate = new Gate(text(n, "id"), enumValue(GateKind.class, n, "kind"), texts(n, "instructions"));
                if (gates.put(gate.before(), gate) != null) {
                    throw new StrataException("not a JSON plan: two gates before " + gate.before());
                }
            } else {
                Step step = readStep(n);
                steps.computeIfAbsent(step.phase(), p -> new ArrayList<>()).add(step);
            }
        }
        List<PhasePlan> phases = new ArrayList<>();
        for (Phase phase : Phase.values()) {
            if (gates.containsKey(phase) || steps.containsKey(phase)) {
                phases.add(new PhasePlan(phase, Optional.ofNullable(gates.get(phase)), steps.getOrDefault(phase, List.of())));
            }
        }
        return phases;
    }

    private static Step readStep(JsonNode n) {
        String type = text(n, "type");
        return switch (type) {
            case "ddl" -> new DdlStep(
                    text(n, "id"),
                    enumValue(Phase.class, n, "phase"),
                    text(n, "summary"),
                    saved(n, "statements"),
                    bool(n, "transactional"),
                    map(list(n, "locks"), PlanJson::readLock),
                    readUndo(n),
                    optional(n, "dataLoss").map(l -> new DataLoss(
                            optional(l, "kind").isPresent() ? enumValue(DataLoss.Kind.class, l, "kind") : DataLoss.Kind.DELETES,
                            text(l, "what"), number(l, "estimatedRows"),
                            optional(l, "detail").isPresent() ? text(l, "detail") : "")),
                    texts(n, "facts"),
                    optional(n, "retains").map(PlanJson::readRetention),
                    // Absent in plans saved before it was written: the executor then reads it from the statement.
                    optional(n, "concurrentIndex").map(c -> switch (text(c, "kind")) {
                        case "build" -> (ConcurrentIndex) new ConcurrentIndex.Build(readName(field(c, "index")));
                        case "drop" -> new ConcurrentIndex.Drop(readName(field(c, "index")));
                        default -> throw new StrataException("not a JSON plan: unknown concurrentIndex kind '" + text(c, "kind") + "'");
                    }),
                    // Absent in plans saved before it was written: a rerun then starts the detach again.
                    optional(n, "detach").map(x -> new PartitionDetach(readName(field(x, "parent")),
                            readName(field(x, "partition")))));
            case "backfill" -> new BackfillStep(
                    text(n, "id"),
                    enumValue(Phase.class, n, "phase"),
                    text(n, "summary"),
                    readName(field(n, "table")),
                    texts(n, "key"),
                    optional(n, "archive").<BackfillStep.Batch>map(a -> new BackfillStep.Batch.Archive(
                            readName(field(a, "table")), text(a, "column"))).orElseGet(() -> new BackfillStep.Batch.Assign(
                            map(list(n, "assignments"),
                                    a -> new BackfillStep.Assignment(text(a, "column"), text(a, "expression"))),
                            text(n, "pending"))));
            default -> throw new StrataException("not a JSON plan: unknown step type '" + type + "'");
        };
    }

    /**
     * A relation lock is written as before type locks existed, so older documents and readers agree on it; a type
     * lock says so, and names the type under a key an older reader would miss, making it refuse the plan rather
     * than take the type for a table.
     */
    private static ObjectNode lock(LockHold lock) {
        ObjectNode n = F.objectNode();
        switch (lock.target()) {
            case LockTarget.Relation r -> n.set("relation", name(r.name()));
            case LockTarget.Type t -> {
                n.put("target", "type");
                n.set("type", name(t.name()));
            }
        }
        n.put("mode", lock.mode().name());
        n.put("work", lock.work().name());
        return n;
    }

    private static LockHold readLock(JsonNode l) {
        String target = optional(l, "target").isPresent() ? text(l, "target") : "relation";
        LockMode mode = enumValue(LockMode.class, l, "mode");
        TableWork work = enumValue(TableWork.class, l, "work");
        return switch (target) {
            case "relation" -> new LockHold(readName(field(l, "relation")), mode, work);
            case "type" -> {
                if (work != TableWork.CATALOG_ONLY) {
                    throw new StrataException("not a JSON plan: a lock on a type must be CATALOG_ONLY, not " + work);
                }
                yield LockHold.onType(readName(field(l, "type")), mode);
            }
            default -> throw new StrataException("not a JSON plan: unknown lock target '" + target + "'");
        };
    }

    private static ObjectNode dualWrite(DualWrite d) {
        ObjectNode n = F.objectNode();
        n.put("kind", d.kind().name());
        n.set("table", name(d.table()));
        n.set("key", strings(d.key()));
        n.put("oldColumn", d.oldColumn());
        n.set("oldType", type(d.oldType()));
        n.put("newColumn", d.newColumn());
        n.set("newType", type(d.newType()));
        n.put("finalName", d.finalName());
        n.put("forward", d.forward());
        n.set("reverse", d.reverse().<JsonNode>map(F::textNode).orElse(F.nullNode()));
        return n;
    }

    private static DualWrite readDualWrite(JsonNode n) {
        return new DualWrite(
                enumValue(DualWrite.Kind.class, n, "kind"),
                readName(field(n, "table")),
                texts(n, "key"),
                text(n, "oldColumn"),
                readType(field(n, "oldType")),
                text(n, "newColumn"),
                readType(field(n, "newType")),
                text(n, "finalName"),
                text(n, "forward"),
                optional(n, "reverse").map(r -> text(n, "reverse")));
    }

    private static ObjectNode type(DataType type) {
        ObjectNode n = F.objectNode();
        n.set("schema", type.schema().<JsonNode>map(F::textNode).orElse(F.nullNode()));
        n.put("name", type.name());
        ArrayNode mods = F.arrayNode();
        type.modifiers().forEach(mods::add);
        n.set("modifiers", mods);
        n.put("array", type.array());
        return n;
    }

    private static DataType readType(JsonNode n) {
        return new DataType(
                optional(n, "schema").map(s -> text(n, "schema")),
                text(n, "name"),
                map(list(n, "modifiers"), m -> {
                    if (!m.canConvertToInt()) {
                        throw new StrataException("not a JSON plan: a type modifier must be an integer, got " + m);
                    }
                    return m.intValue();
                }),
                bool(n, "array"));
    }

    private static ObjectNode name(QualifiedName name) {
        ObjectNode n = F.objectNode();
        n.put("schema", name.schema());
        n.put("name", name.name());
        return n;
    }

    private static QualifiedName readName(JsonNode n) {
        return QualifiedName.of(text(n, "schema"), text(n, "name"));
    }

    private static ArrayNode strings(List<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static <T> ArrayNode array(List<T> values, Function<T, JsonNode> node) {
        ArrayNode a = F.arrayNode();
        values.forEach(v -> a.add(node.apply(v)));
        return a;
    }

    // Reading: every missing or mistyped field is a one-line error naming the field.

    private static JsonNode field(JsonNode n, String name) {
        JsonNode v = n.get(name);
        if (v == null || v.isNull()) {
            throw new StrataException("not a JSON plan: missing field '" + name + "'");
        }
        return v;
    }

    private static Optional<JsonNode> optional(JsonNode n, String name) {
        JsonNode v = n.get(name);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v);
    }

    private static String text(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isTextual()) {
            throw new StrataException("not a JSON plan: field '" + name + "' must be a string");
        }
        return v.textValue();
    }

    private static long number(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.canConvertToLong() || !v.isIntegralNumber()) {
            throw new StrataException("not a JSON plan: field '" + name + "' must be an integer");
        }
        return v.longValue();
    }

    private static boolean bool(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isBoolean()) {
            throw new StrataException("not a JSON plan: field '" + name + "' must be true or false");
        }
        return v.booleanValue();
    }

    private static List<JsonNode> list(JsonNode n, String name) {
        JsonNode v = field(n, name);
        if (!v.isArray()) {
            throw new StrataException("not a JSON plan: field '" + name + "' must be an array");
        }
        List<JsonNode> out = new ArrayList<>();
        v.forEach(out::add);
        return out;
    }

    /** Statements as a reviewer saw them in the saved plan: run verbatim, never parsed back. */
    private static List<Statement> saved(JsonNode n, String name) {
        return texts(n, name).stream().<Statement>map(Saved::new).toList();
    }

    private static List<String> texts(JsonNode n, String name) {
        return map(list(n, name), v -> {
            if (!v.isTextual()) {
                throw new StrataException("not a JSON plan: field '" + name + "' must hold strings");
            }
            return v.textValue();
        });
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, JsonNode n, String name) {
        String value = text(n, name);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new StrataException("not a JSON plan: field '" + name + "' has unknown value '" + value
                    + "' (expected one of " + java.util.Arrays.toString(type.getEnumConstants()) + ")");
        }
    }

    private static <T> List<T> map(List<JsonNode> nodes, Function<JsonNode, T> read) {
        return nodes.stream().map(read).toList();
    }
}
