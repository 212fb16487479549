package dev.strata.diff;

import static dev.strata.diff.Fixtures.*;

import dev.strata.model.Catalog;
import dev.strata.model.CheckConstraint;
import dev.strata.model.Column;
import dev.strata.model.DataType;
import dev.strata.model.Deferrability;
import dev.strata.model.EnumType;
import dev.strata.model.ForeignKey;
import dev.strata.model.Index;
import dev.strata.model.IndexKey;
import dev.strata.model.PrimaryKey;
import dev.strata.model.Schema;
import dev.strata.model.Sequence;
import dev.strata.model.SequenceOptions;
import dev.strata.model.Table;
import dev.strata.model.View;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;

/**
 * A small space of catalogs around one rich table: each of {@link #CHOICES} numbers picks a
 * variant of one aspect (a column's type, a constraint's name, a hint, ...). Columns and views keep
 * a fixed relative order and both schemas always exist, the differences PostgreSQL cannot express.
 */
final class CatalogVariations {

    static final int CHOICES = 22;

    private CatalogVariations() {}

    static Arbitrary<Catalog> catalogs() {
        return Arbitraries.integers().between(0, 3).list().ofSize(CHOICES).map(CatalogVariations::build);
    }

    static Catalog build(List<Integer> choice) {
        var c = new Choices(choice);
        var publicSchema = Schema.named("public");
        boolean orgsPresent = c.next(2) == 0;
        var tables = new ArrayList<Table>();
        if (orgsPresent) {
            tables.add(Table.of("orgs", List.of(id()))
                    .withPrimaryKey(Optional.of(new PrimaryKey("orgs_pkey", List.of("id")))));
        }
        tables.add(users(c, orgsPresent));
        List<EnumType> enums = switch (c.next(4)) {
            case 0 -> List.of();
            case 1 -> List.of(new EnumType("mood", List.of("sad", "ok", "happy"), Optional.empty()));
            case 2 -> List.of(new EnumType("mood", List.of("sad", "ok"), Optional.empty()));
            default -> List.of(new EnumType("mood", List.of("ok", "sad", "happy"), Optional.of("feelings")));
        };
        List<Sequence> sequences = switch (c.next(3)) {
            case 0 -> List.of();
            case 1 -> List.of(new Sequence("invoice_number", BIGINT, SequenceOptions.defaultsFor(BIGINT),
                    Optional.empty(), Optional.empty()));
            default -> List.of(new Sequence("invoice_number", BIGINT,
                    new SequenceOptions(1000, 1, 1, Long.MAX_VALUE, 1, false), Optional.empty(), Optional.of("n")));
        };
        List<View> views = switch (c.next(3)) {
            case 0 -> List.of();
            case 1 -> List.of(new View("active", "SELECT id FROM public.users", Optional.empty()));
            default -> List.of(new View("active", "SELECT id, email FROM public.users", Optional.of("v")));
        };
        var billing = Schema.named("billing").withEnums(c.next(2) == 0 ? List.of()
                : List.of(new EnumType("currency", List.of("eur", "usd"), Optional.empty())));
        return catalogOf(billing, new Schema("public", enums, sequences, tables, views));
    }

    private static Table users(Choices c, boolean orgsPresent) {
        var columns = new ArrayList<Column>();
        columns.add(id());
        Column email = column("email", c.next(2) == 0 ? TEXT : DataType.builtin("character varying", 200))
                .withNullable(c.next(2) == 0)
                .withDefault(c.next(2) == 0 ? Optional.empty() : Optional.of("'none'::text"))
                .withUsing(c.next(2) == 0 ? Optional.empty() : Optional.of("email::text"));
        columns.add(email);
        columns.add(column("org_id", BIGINT).withComment(c.next(2) == 0 ? Optional.empty() : Optional.of("org")));
        if (c.next(2) == 0) {
            columns.add(column("handle", TEXT)
                    .withCollation(c.next(2) == 0 ? Optional.empty() : Optional.of("C"))
                    .withRenamedFrom(switch (c.next(3)) {
                        case 0 -> Optional.empty();
                        case 1 -> Optional.of("ghost");
                        default -> Optional.of("email");
                    }));
        }
        if (c.next(2) == 0) {
            columns.add(column("created_at", DataType.builtin("timestamp with time zone")).withNullable(false)
                    .withDefault(Optional.of("now()")).withBackfill(Optional.of("now()")));
        }
        Table users = Table.of("users", columns)
                .withComment(c.next(2) == 0 ? Optional.empty() : Optional.of("People"))
                .withRenamedFrom(c.next(2) == 0 ? Optional.empty() : Optional.of("accounts"))
                .withPrimaryKey(c.next(2) == 0 ? Optional.of(new PrimaryKey("users_pkey", List.of("id"))) : Optional.empty())
                .withUniqueConstraints(switch (c.next(3)) {
                    case 0 -> List.of();
                    case 1 -> List.of(unique("users_email_key", "email"));
                    default -> List.of(unique("email_unique", "email"));
                })
                .withChecks(switch (c.next(3)) {
                    case 0 -> List.of();
                    case 1 -> List.of(new CheckConstraint("users_email_check", "length(email) > 3", false));
                    default -> List.of(new CheckConstraint("users_email_check", "length(email) > 5", false));
                })
                .withIndexes(switch (c.next(4)) {
                    case 0 -> List.of();
                    case 1 -> List.of(index("users_email_idx", Optional.empty()));
                    case 2 -> List.of(index("by_email", Optional.empty()));
                    default -> List.of(index("users_email_idx", Optional.of("email IS NOT NULL")));
                });
        if (orgsPresent && c.next(2) == 0) {
            users = users.withForeignKeys(List.of(new ForeignKey("users_org_id_fkey", List.of("org_id"),
                    pub("orgs"), List.of("id"), c.next(2) == 0 ? ForeignKey.Action.NO_ACTION : ForeignKey.Action.CASCADE,
                    ForeignKey.Action.NO_ACTION, ForeignKey.Match.SIMPLE, Deferrability.NOT_DEFERRABLE)));
        }
        return users;
    }

    private static Index index(String name, Optional<String> where) {
        return new Index(name, false, false, "btree", List.of(IndexKey.column("email")), List.of(), where, Map.of());
    }

    /** Reads the choice list in turn, reducing each number to the number of variants asked for. */
    private static final class Choices {
        private final List<Integer> values;
        private int next;

        Choices(List<Integer> values) {
            this.values = values;
        }

        int next(int variants) {
            return values.get(next++ % values.size()) % variants;
        }
    }
}
