package dev.strata.yaml;

import dev.strata.diagnostics.Diagnostic;
import dev.strata.expr.Expressions;
import dev.strata.expr.ParseResult;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.MaterializedView;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code materialized_views: { active_users: "SELECT …", user_stats: { definition: "SELECT …", with_data: false,
 * indexes: [ { name: user_stats_id, unique: true, columns: [id] } ], comment: "…" } }}: a materialized view of the
 * document's schema. The definition is one query, checked as a view's is; {@code with_data: false} creates it
 * {@code WITH NO DATA}; {@code with: { fillfactor: 80 }} are its storage parameters, written as an index's. Indexes are written as a table's are, each with its {@code name} (no name is derived for
 * them); their expressions are checked for syntax only, since the columns are the query's.
 */
final class MaterializedViewYaml implements ObjectYaml<MaterializedView> {

    private static final List<String> KEYS = List.of("definition", "with_data", "with", "indexes", "comment");

    @Override
    public String kind() {
        return MaterializedView.KIND;
    }

    @Override
    public String section() {
        return "materialized_views";
    }

    @Override
    public Class<MaterializedView> type() {
        return MaterializedView.class;
    }

    @Override
    public Optional<MaterializedView> read(Located<String> key, Node definition, NodeReader in) {
        String what = "materialized view '" + key.value() + "'";
        if (!(definition instanceof MappingNode)) {
            return query(in.expression(definition), what, in).map(q -> new MaterializedView(key.value(), q, true,
                    List.of(), Optional.empty()));
        }
        return in.fields(definition, what, KEYS).flatMap(f -> {
            if (!f.has("definition")) {
                in.error(definition, what + " needs a definition");
            }
            Optional<String> query = query(f.expression("definition"), what, in);
            boolean withData = f.bool("with_data").orElse(true);
            Optional<List<Index>> indexes = f.get("indexes").map(n -> indexes(n, what, in)).orElse(Optional.of(List.of()));
            Optional<String> comment = f.text("comment", "expected a comment");
            Map<String, String> with = new LinkedHashMap<>();
            f.get("with").flatMap(n -> in.entries(n, "expected a mapping of storage parameters")).orElse(List.of())
                    .forEach(e -> in.text(e.value(), "expected a parameter value").ifPresent(v -> with.put(e.key(), v)));
            if (query.isEmpty() || indexes.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new MaterializedView(key.value(), query.get(), withData, indexes.get(), comment, with));
        });
    }

    private static Optional<String> query(Optional<Located<String>> query, String what, NodeReader in) {
        return query.flatMap(q -> {
            var error = Expressions.checkQuery(q.value());
            if (error.isPresent()) {
                Diagnostic d = ExpressionDiagnostics.at(Optional.of(q.at()), error.get(), "query of " + what);
                in.error(new Location(d.file(), d.line(), d.column()), d.message());
                return Optional.empty();
            }
            return Optional.of(q.value());
        });
    }

    private static Optional<List<Index>> indexes(Node node, String what, NodeReader in) {
        List<Index> indexes = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Drafts.IndexDraft draft : new ConstraintReader(in).indexes(node)) {
            if (draft.name().isEmpty()) {
                in.error(draft.at(), "an index of " + what + " needs a name");
                continue;
            }
            Located<String> name = draft.name().get();
            if (!names.add(name.value())) {
                in.error(name.at(), "index '" + name.value() + "' is declared twice on " + what);
                continue;
            }
            String where = "index " + name.value() + " of " + what;
            draft.keys().forEach(k -> {
                if (k.key().target() instanceof IndexKey.ExpressionTarget e) {
                    syntax(new Located<>(e.sql(), draft.at()), "key of " + where, in);
                }
            });
            draft.where().ifPresent(w -> syntax(w, "predicate of " + where, in));
            if (draft.nullsNotDistinct() && !draft.unique()) {
                in.error(draft.at(), where + ": nulls_not_distinct needs unique: true");
                continue;
            }
            indexes.add(new Index(name.value(), draft.unique(), draft.nullsNotDistinct(), draft.method(),
                    draft.keys().stream().map(Drafts.KeyDraft::key).toList(),
                    draft.include().stream().map(Located::value).toList(), draft.where().map(Located::value),
                    draft.storageParameters(), draft.comment()));
        }
        // An index in error was reported and left out: the schema does not load.
        return Optional.of(indexes);
    }

    /** An expression over the query's columns, which Strata does not know: every name it uses counts as one. */
    private static void syntax(Located<String> sql, String what, NodeReader in) {
        if (Expressions.parse(sql.value(), Expressions.words(sql.value())) instanceof ParseResult.Invalid invalid) {
            invalid.errors().forEach(error -> {
                Diagnostic d = ExpressionDiagnostics.at(Optional.of(sql.at()), error, what);
                in.error(new Location(d.file(), d.line(), d.column()), d.message());
            });
        }
    }

    @Override
    public Node write(MaterializedView view) {
        if (view.populated() && view.indexes().isEmpty() && view.comment().isEmpty() && view.storageParameters().isEmpty()) {
            return YamlNodes.string(view.query());
        }
        var map = new YamlNodes.Map().put("definition", view.query());
        if (!view.populated()) {
            map.put("with_data", YamlNodes.bool(false));
        }
        if (!view.storageParameters().isEmpty()) {
            var with = new YamlNodes.Map();
            view.storageParameters().forEach(with::put);
            map.put("with", with.node());
        }
        if (!view.indexes().isEmpty()) {
            map.put("indexes", YamlNodes.blockList(view.indexes().stream().map(TableWriter::namedIndex).toList()));
        }
        view.comment().ifPresent(c -> map.put("comment", c));
        return map.node();
    }
}
