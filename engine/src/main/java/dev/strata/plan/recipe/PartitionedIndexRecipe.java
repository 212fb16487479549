package dev.strata.plan.recipe;

import dev.strata.ddl.IndexStatement;
import dev.strata.ddl.Statement;
import dev.strata.diff.IndexChange.CreateIndex;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.QualifiedName;
import dev.strata.model.Schema;
import dev.strata.model.Table;
import dev.strata.naming.PgNames;
import dev.strata.plan.ConcurrentIndex;
import dev.strata.plan.LockMode;
import dev.strata.plan.PlanContext;
import dev.strata.plan.Recipe;
import dev.strata.plan.RecipeOutput;
import dev.strata.plan.Stage;
import dev.strata.plan.StepDraft;
import dev.strata.plan.TableWork;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An index on a partitioned table. PostgreSQL cannot build one CONCURRENTLY, and a plain {@code CREATE INDEX} on the
 * parent builds every partition's under SHARE (writes wait for the whole build). So, as the documentation advises
 * (https://www.postgresql.org/docs/current/ddl-partitioning.html#DDL-PARTITIONING-DECLARATIVE-MAINTENANCE): the
 * parent's index alone ({@code ON ONLY}, INVALID, no rows to read), then each existing partition's CONCURRENTLY (SHARE
 * UPDATE EXCLUSIVE, reads and writes continue), then each attached to the parent's ({@code ALTER INDEX … ATTACH
 * PARTITION}), which makes the parent's valid once every partition has one. A partition that is itself partitioned gets
 * its index by a plain {@code CREATE INDEX} (SHARE on its partitions while they build), stated in its step.
 */
public final class PartitionedIndexRecipe implements Recipe<CreateIndex> {

    public static final PartitionedIndexRecipe INSTANCE = new PartitionedIndexRecipe();

    private PartitionedIndexRecipe() {}

    /** Whether the index's table is partitioned in the desired schema and already exists. */
    public static boolean applies(CreateIndex change, PlanContext ctx) {
        return ctx.desiredTable(change.table()).map(Table::partitioned).orElse(false) && !ctx.isNewTable(change.table());
    }

    @Override
    public void plan(CreateIndex change, PlanContext ctx, RecipeOutput out) {
        Index index = change.index();
        QualifiedName parent = change.table();
        QualifiedName parentIndex = IndexSql.relation(parent, index.name());
        out.add(StepDraft.at(Stage.CREATE_INDEX, "create index " + index.name() + " on " + parent + " alone (ON ONLY)")
                .sql(new IndexStatement.CreateOnOnly(parent, index))
                .lock(parent, LockMode.SHARE, TableWork.CATALOG_ONLY)
                .inverse(new IndexStatement.Drop(parentIndex, false, true))
                .fact("CREATE INDEX ON ONLY a partitioned table reads no rows: its SHARE lock is held for milliseconds"
                        + " (docs/locks.md#partitions)."));
        List<Statement> attach = new ArrayList<>();
        // A partition this plan creates gets its index here too (empty: the build reads nothing). If it is created after
        // the parent's index, PostgreSQL already made and attached one of the same name: IF NOT EXISTS and ATTACH
        // then do nothing.
        for (QualifiedName partition : partitions(ctx, parent)) {
            Index own = renamed(index, partitionIndexName(partition.name(), index));
            QualifiedName ownIndex = IndexSql.relation(partition, own.name());
            boolean partitioned = ctx.desiredTable(partition).map(Table::partitioned).orElse(false);
            var step = StepDraft.at(Stage.CREATE_INDEX, "create index " + own.name() + " on partition " + partition);
            if (partitioned) {
                step.sql(new IndexStatement.Create(partition, own, false, true))
                        .lock(partition, LockMode.SHARE, TableWork.SCAN)
                        .inverse(new IndexStatement.Drop(ownIndex, false, true))
                        .fact("A partitioned partition's index cannot be built CONCURRENTLY: CREATE INDEX holds SHARE on its"
                                + " partitions while they build, so writes to them wait (docs/locks.md#partitions).");
            } else {
                step.sql(IndexSql.createConcurrently(partition, own))
                        .concurrently(new ConcurrentIndex.Build(ownIndex))
                        .lock(partition, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)
                        .inverse(IndexSql.dropConcurrently(partition, own.name()))
                        .fact("CREATE INDEX CONCURRENTLY takes SHARE UPDATE EXCLUSIVE: reads and writes continue (docs/locks.md#row-46).")
                        .fact(IndexSql.INVALID_LEFTOVER_FACT);
            }
            out.add(step);
            attach.add(new IndexStatement.AttachPartition(parentIndex, ownIndex));
        }
        if (!attach.isEmpty()) {
            out.add(StepDraft.at(Stage.CREATE_INDEX, "attach the partitions' indexes to " + parentIndex)
                    .sql(attach)
                    .lock(parentIndex, LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.CATALOG_ONLY)
                    .cannotUndo("an attached partition index cannot be detached; dropping the parent's index (the first"
                            + " step's inverse) drops them all")
                    .fact("ALTER INDEX … ATTACH PARTITION only records the link: no rows are read (docs/locks.md#partitions)."));
        }
        IndexSql.commentAfterBuild(parent, index, Stage.CREATE_INDEX, out);
    }

    /** The desired partitions of {@code parent}, in any schema. */
    static List<QualifiedName> partitions(PlanContext ctx, QualifiedName parent) {
        return partitionsIn(ctx.desired(), parent);
    }

    /** The partitions of {@code parent} in {@code catalog}, in any schema. */
    static List<QualifiedName> partitionsIn(dev.strata.model.Catalog catalog, QualifiedName parent) {
        List<QualifiedName> result = new ArrayList<>();
        for (Schema schema : catalog.schemas()) {
            for (Table t : schema.tables()) {
                if (t.partitionOf().map(p -> p.parent().equals(parent)).orElse(false)) {
                    result.add(QualifiedName.of(schema.name(), t.name()));
                }
            }
        }
        return result;
    }

    /** The name PostgreSQL gives the index it makes on a partition for its parent's: columns by name, expressions "expr". */
    static String partitionIndexName(String partition, Index index) {
        List<String> names = new ArrayList<>();
        index.keys().forEach(k -> names.add(k.target() instanceof IndexKey.ColumnTarget(String c) ? c : "expr"));
        names.addAll(index.include());
        return PgNames.makeObjectName(partition, Optional.of(PgNames.nameAddition(PgNames.uniqueColumnNames(names))), "idx");
    }

    private static Index renamed(Index index, String name) {
        return new Index(name, index.unique(), index.nullsNotDistinct(), index.method(), index.keys(), index.include(),
                index.where(), index.storageParameters(), Optional.empty());
    }
}
