package dev.strata.render;

import dev.strata.ddl.Saved;
import dev.strata.diagnostics.StrataException;
import dev.strata.model.QualifiedName;
import dev.strata.plan.DdlStep;
import dev.strata.plan.LockHold;
import dev.strata.plan.LockMode;
import dev.strata.plan.Phase;
import dev.strata.plan.PhasePlan;
import dev.strata.plan.Plan;
import dev.strata.plan.TableWork;
import dev.strata.plan.Undo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Flyway and Liquibase renderers without a database (the cli tests run their output with the real tools). */
class MigrationToolRenderersTest {

    private static final Duration MINUTE = Duration.ofSeconds(60);

    private static SortedMap<String, String> flyway(Plan plan) {
        return FlywayRenderer.files(plan, "3", 1000, Duration.ZERO, MINUTE);
    }

    private static Plan oneStep(String summary, String statement, boolean transactional) {
        var step = new DdlStep("expand-1", Phase.EXPAND, summary, List.of(new Saved(statement)), transactional,
                List.of(new LockHold(QualifiedName.of("public", "t"), LockMode.SHARE_UPDATE_EXCLUSIVE, TableWork.SCAN)),
                Undo.nothing(), Optional.empty(), List.of());
        return new Plan("test", "", 14, List.of(), List.of(new PhasePlan(Phase.EXPAND, List.of(step))), List.of(), Map.of(), List.of(), List.of(), List.of());
    }

    private static String script(SortedMap<String, String> files, String version) {
        return files.entrySet().stream().filter(f -> f.getKey().startsWith(version) && f.getKey().endsWith(".sql"))
                .findFirst().orElseThrow().getValue();
    }

    @Test
    void aTransactionalScriptLeavesTheTransactionToTheToolAndSetsOnlyLocalSettings() {
        String script = script(flyway(UsersRenamePlan.plan()), "V3.001__");

        assertFalse(script.contains("BEGIN;") || script.contains("COMMIT;"), script);
        assertTrue(script.contains("SET LOCAL standard_conforming_strings = on;\n"), script);
        assertTrue(script.contains("SET LOCAL lock_timeout = '2s';\nSET LOCAL statement_timeout = '60000ms';\n"), script);
        assertFalse(script.contains("RESET"), script);
    }

    @Test
    void aScriptOutsideATransactionHasItsConfAndResetsWhatItSet() {
        SortedMap<String, String> files = flyway(UsersRenamePlan.plan());
        List<String> confs = files.keySet().stream().filter(n -> n.endsWith(".conf")).toList();

        assertEquals(List.of("V3.003__expand_build_unique_index_users_handle_key_on_public_users_handle.sql.conf",
                "V3.004__backfill_copy_username_into_handle_for_existing_rows.sql.conf"), confs);
        assertTrue(files.get(confs.get(0)).endsWith("executeInTransaction=false\n"));
        String backfill = files.get("V3.004__backfill_copy_username_into_handle_for_existing_rows.sql");
        assertTrue(backfill.contains("\nSET lock_timeout = '2s';\n"), backfill);
        assertTrue(backfill.endsWith("$strata$;\nRESET lock_timeout;\nRESET standard_conforming_strings;\n"), backfill);
    }

    @Test
    void aDescriptionIsTheSummaryInLowercaseAsciiCutAtAWordWithinSixtyCharacters() {
        // 65 characters, cut at the last word boundary before 60
        assertEquals("expand_add_column_public_users_handle_new_shape_of_public",
                MigrationScripts.slug("expand add column public.users.handle (new shape of public.users.username)", "x"));
        assertEquals("add_column_public_t_gr_e", MigrationScripts.slug("add column public.t.\"grüße\"", "x"));
        assertEquals("expand_1", MigrationScripts.slug("ǅ", "expand-1"));
        assertEquals(List.of("V3.001__expand_1.sql"), List.copyOf(flyway(oneStep("ǅ", "SELECT 1", true)).keySet()));
    }

    @Test
    void liquibaseRefusesAStatementWithALineThatWouldEndIt() {
        Plan plan = oneStep("build index", "CREATE INDEX CONCURRENTLY i ON public.t ((a\n/ 2))", false);


        var refused = assertThrows(StrataException.class, () -> LiquibaseRenderer.changelog(plan, 1000, Duration.ZERO, MINUTE));
        assertTrue(refused.getMessage().contains("line of its SQL starts with '/'"), refused.getMessage());
        var inTransaction = assertThrows(StrataException.class, () -> LiquibaseRenderer.changelog(
                oneStep("build index", "CREATE INDEX i ON public.t ((a\n/ 2))", true), 1000, Duration.ZERO, MINUTE));
        assertTrue(inTransaction.getMessage().contains("line of its SQL starts with '/'"), inTransaction.getMessage());
        // Anywhere else in a line, '/' is division.
        String changelog = LiquibaseRenderer.changelog(oneStep("build index", "CREATE INDEX i ON public.t ((a\n  / 2))", true),
                1000, Duration.ZERO, MINUTE);
        assertTrue(changelog.contains("--changeset strata:expand-1 endDelimiter:\\n/ labels:expand\n"), changelog);
        assertTrue(changelog.contains("((a\n  / 2));\n/\n"), changelog);
    }

    @Test
    void liquibaseRefusesAStatementWithALineItWouldReadAsADirective() {
        for (String line : List.of("--changeset evil:1", "  -- rollback DROP TABLE public.t", "-comment: x", "  /* liquibase rollback")) {
            Plan plan = oneStep("add check", "ALTER TABLE public.t ADD CONSTRAINT c CHECK (a > 0 -- note\n" + line + "\n)", true);

            var refused = assertThrows(StrataException.class, () -> LiquibaseRenderer.changelog(plan, 1000, Duration.ZERO, MINUTE));
            assertTrue(refused.getMessage().contains("starts like a Liquibase directive"), line + ": " + refused.getMessage());
        }
        // The words elsewhere in a line are plain SQL.
        LiquibaseRenderer.changelog(oneStep("add check", "ALTER TABLE public.t ADD CONSTRAINT c CHECK (a > 0) -- changeset",
                true), 1000, Duration.ZERO, MINUTE);
    }

    @Test
    void aLiquibaseCommentHasItsBackslashesDoubledAndIsCutBetweenPairsWithin250Characters() {
        assertEquals("add column public.t.\"x\\\\'\"", LiquibaseRenderer.comment("add column public.t.\"x\\'\""));
        for (int pad = 0; pad < 4; pad++) {
            String comment = LiquibaseRenderer.comment("a".repeat(220 + pad) + "\\".repeat(40));
            assertTrue(comment.length() <= 250, comment);
            assertTrue(comment.endsWith("… (see the lines below)"), comment);
            String kept = comment.substring(0, comment.length() - "… (see the lines below)".length());
            assertEquals(0, (kept.length() - kept.replaceAll("\\\\+$", "").length()) % 2, kept);
        }
        String fits = "b".repeat(250);
        assertEquals(fits, LiquibaseRenderer.comment(fits));
    }

    @Test
    void flywayScriptsWithPlaceholderSyntaxComeWithAWarning() {
        assertEquals(Optional.empty(), FlywayRenderer.placeholderWarning(flyway(UsersRenamePlan.plan())));
        var warning = FlywayRenderer.placeholderWarning(flyway(oneStep("add default", "ALTER TABLE public.t ALTER COLUMN"
                + " a SET DEFAULT '${x}'", true)));
        assertTrue(warning.orElseThrow().contains("-placeholderReplacement=false"), warning.toString());
    }

    @Test
    void aVersionPrefixIsDigitsInParts() {
        assertTrue(FlywayRenderer.validPrefix("20261201223000"));
        assertTrue(FlywayRenderer.validPrefix("2.1"));
        assertFalse(FlywayRenderer.validPrefix("v2"));
        assertFalse(FlywayRenderer.validPrefix("2."));
        assertFalse(FlywayRenderer.validPrefix(""));
    }
}
