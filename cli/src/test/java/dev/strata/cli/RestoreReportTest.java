package dev.strata.cli;

import dev.strata.execute.Restore;
import dev.strata.model.QualifiedName;
import dev.strata.plan.Retention;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The words of a column restore's report, without a database. */
class RestoreReportTest {

    private static final Retention.KeptColumn KEPT = new Retention.KeptColumn(QualifiedName.of("public", "users"),
            "legacy_code", QualifiedName.of("strata_archive", "public.users.legacy_code~d6e77120"), List.of("id"), "text",
            List.of());

    @Test
    void oneRowIsCountedInTheSingular() {
        String report = report(new Restore.Restored.Column(KEPT, 1, 1, 1, List.of()));

        assertTrue(report.contains(": 1 row has its value back."), report);
        assertTrue(report.contains("not restored: 1 row inserted since the drop (their legacy_code is NULL); 1 row deleted"
                + " since"), report);
    }

    @Test
    void otherCountsAreCountedInThePlural() {
        String report = report(new Restore.Restored.Column(KEPT, 0, 2, 49997, List.of()));

        assertTrue(report.contains(": 0 rows have their value back."), report);
        assertTrue(report.contains("not restored: 2 rows inserted since the drop (their legacy_code is NULL); 49997 rows"
                + " deleted since"), report);
    }

    private static String report(Restore.Restored.Column column) {
        StringWriter out = new StringWriter();
        RestoreCommand.column(new PrintWriter(out, true), column);
        return out.toString();
    }
}
