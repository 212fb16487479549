package dev.strata.yaml;

import dev.strata.model.Deferrability;
import dev.strata.model.ForeignKey;
import dev.strata.model.Identity;
import dev.strata.model.IndexKey;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one document says, before names are resolved across files: the first pass reads every file
 * into drafts, the second ({@link CatalogBuilder}) checks references and derives names.
 */
final class Drafts {

    private Drafts() {}

    record Document(String schema, List<Located<String>> externalTypes, List<EnumDraft> enums,
                    List<SequenceDraft> sequences, List<TableDraft> tables, List<ViewDraft> views,
                    List<ObjectDraft> objects) {}

    /** An object of a kind managed as a whole, read whole by its {@link ObjectYaml}; {@code at} is its key. */
    record ObjectDraft(dev.strata.model.SchemaObject object, Location at) {}

    record EnumDraft(Located<String> name, List<String> labels, Optional<String> comment) {}

    /** Sequence options as written; missing ones become PostgreSQL's defaults for the type. */
    record OptionsDraft(Optional<Long> start, Optional<Long> increment, Optional<Long> min, Optional<Long> max,
                        Optional<Long> cache, Optional<Boolean> cycle) {
        static OptionsDraft none() {
            return new OptionsDraft(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
    }

    record SequenceDraft(Located<String> name, Optional<Located<String>> type, OptionsDraft options,
                         Optional<Located<OwnedByDraft>> ownedBy, Optional<String> comment) {}

    record OwnedByDraft(String table, String column) {}

    record IdentityDraft(Identity.Generation generation, OptionsDraft options, Location at) {}

    record ColumnDraft(Located<String> name, Located<String> type, Optional<Located<Boolean>> nullable,
                       Optional<Located<String>> defaultValue, Optional<IdentityDraft> identity,
                       Optional<Located<String>> generated, Optional<Located<String>> collation,
                       Optional<String> comment, Optional<Located<String>> renamedFrom,
                       Optional<Located<String>> using, Optional<Located<String>> backfill,
                       Optional<Located<Boolean>> virtual, Optional<Located<String>> notNullName) {}

    record PrimaryKeyDraft(Optional<Located<String>> name, List<Located<String>> columns, boolean withoutOverlaps,
                           Optional<String> comment, Location at) {}

    record UniqueDraft(Optional<Located<String>> name, List<Located<String>> columns, boolean nullsNotDistinct,
                       Deferrability deferrability, boolean withoutOverlaps, Optional<String> comment, Location at) {}

    record ForeignKeyDraft(Optional<Located<String>> name, List<Located<String>> columns,
                           Optional<String> targetSchema, Located<String> targetTable,
                           Optional<List<Located<String>>> targetColumns, ForeignKey.Action onDelete,
                           ForeignKey.Action onUpdate, ForeignKey.Match match, Deferrability deferrability,
                           boolean notValid, boolean period, Optional<String> comment, Location at) {}

    record CheckDraft(Optional<Located<String>> name, Located<String> expression, boolean noInherit, boolean notValid,
                      Optional<String> comment) {}

    /** An index key; {@code column} is set (with its location) when the key names a column. */
    record KeyDraft(IndexKey key, Optional<Located<String>> column) {}

    record ExclusionElementDraft(KeyDraft key, String operator) {}

    record ExclusionDraft(Optional<Located<String>> name, String method, List<ExclusionElementDraft> elements,
                          Optional<Located<String>> where, Deferrability deferrability, Optional<String> comment,
                          Location at) {}

    record IndexDraft(Optional<Located<String>> name, boolean unique, boolean nullsNotDistinct, String method,
                      List<KeyDraft> keys, List<Located<String>> include, Optional<Located<String>> where,
                      Map<String, String> storageParameters, Optional<String> comment, Location at) {}

    record TableDraft(Located<String> name, List<ColumnDraft> columns, Optional<PrimaryKeyDraft> primaryKey,
                      List<UniqueDraft> uniques, List<ForeignKeyDraft> foreignKeys, List<CheckDraft> checks,
                      List<ExclusionDraft> exclusions, List<IndexDraft> indexes, Optional<String> comment,
                      Optional<Located<String>> renamedFrom, dev.strata.model.RowLevelSecurity rowLevelSecurity,
                      boolean unlogged, Optional<Located<String>> partitionBy, Optional<PartitionOfDraft> partitionOf) {}

    /** {@code partition_of}: the parent (in the table's schema unless {@code schema} says) and the bound. */
    record PartitionOfDraft(Optional<String> schema, Located<String> table, Located<String> bound, Location at) {}

    record ViewDraft(Located<String> name, Located<String> definition, Optional<String> comment,
                     dev.strata.model.ViewOptions options) {}
}
