package dev.strata.execute;

import dev.strata.diagnostics.StrataException;
import dev.strata.execute.RetainedTables.Origin;
import dev.strata.execute.RetainedTables.Retained;
import dev.strata.execute.RetainedTables.Selection;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The pure parts of the retained objects' listing: the age status prints, and what a purge chooses. */
class RetainedTablesTest {

    private static final long DAY = 86_400;
    private static final Retained OLD = new Retained("public.a~1", 1, 1, Optional.of(new Origin(1, "table", "public.a", 10 * DAY)));
    private static final Retained NEW = new Retained("public.b~2", 1, 1, Optional.of(new Origin(2, "table", "public.b", 60)));
    private static final Retained UNRECORDED = new Retained("by_hand", 1, 1, Optional.empty());
    private static final List<Retained> KEPT = List.of(OLD, NEW, UNRECORDED);

    @Test
    void theAgeIsTheLargestWholeUnitAndWeeksStartAtTwo() {
        assertEquals("less than a minute", RetainedTables.age(59));
        assertEquals("1 minute", RetainedTables.age(60));
        assertEquals("59 minutes", RetainedTables.age(3_599));
        assertEquals("1 hour", RetainedTables.age(3_600));
        assertEquals("23 hours", RetainedTables.age(DAY - 1));
        assertEquals("3 days", RetainedTables.age(3 * DAY + 5));
        assertEquals("13 days", RetainedTables.age(13 * DAY));
        assertEquals("2 weeks", RetainedTables.age(14 * DAY));
    }

    @Test
    void ageAndMigrationChooseThroughTheRecordAndCombineWithNames() {
        assertEquals(KEPT, RetainedTables.select(KEPT, Selection.ALL));
        assertEquals(List.of(OLD), RetainedTables.select(KEPT,
                new Selection(List.of(), Optional.of(Duration.ofDays(7)), OptionalLong.empty())));
        assertEquals(List.of(NEW), RetainedTables.select(KEPT, new Selection(List.of(), Optional.empty(), OptionalLong.of(2))));
        assertEquals(List.of(), RetainedTables.select(KEPT,
                new Selection(List.of("public.b~2"), Optional.of(Duration.ofDays(7)), OptionalLong.empty())));
        assertEquals(List.of(UNRECORDED), RetainedTables.select(KEPT, List.of("by_hand")));
    }

    @Test
    void aNameTheArchiveDoesNotHoldIsRefusedWhateverTheOtherFilters() {
        StrataException e = assertThrows(StrataException.class, () -> RetainedTables.select(KEPT,
                new Selection(List.of("nope"), Optional.of(Duration.ofDays(1)), OptionalLong.empty())));
        assertEquals("no table nope in strata_archive (strata status lists what is kept; name it by its archived name,"
                + " without the schema)", e.getMessage());
    }
}
