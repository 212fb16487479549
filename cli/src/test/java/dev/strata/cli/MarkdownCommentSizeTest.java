package dev.strata.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code plan --format markdown} is posted as a pull-request comment, which GitHub cuts at 65,536 characters; most
 * of a long plan is dual-write code. No database: the current schema comes from YAML.
 */
class MarkdownCommentSizeTest {

    private static final int GITHUB_COMMENT_LIMIT = 65_536;

    @TempDir
    Path before;
    @TempDir
    Path after;

    /** {@code renames} tables, each renaming a column (a dual-write change with code for every stack and phase). */
    private void schemas(int renames) throws IOException {
        for (int i = 1; i <= renames; i++) {
            Files.writeString(before.resolve("t" + i + ".yaml"), """
                    tables:
                      accounts_%d:
                        columns:
                          id: { type: bigint, nullable: false }
                          user_name: { type: text, nullable: false }
                        primary_key: [id]
                    """.formatted(i));
            Files.writeString(after.resolve("t" + i + ".yaml"), """
                    tables:
                      accounts_%d:
                        columns:
                          id: { type: bigint, nullable: false }
                          handle: { type: text, nullable: false, renamed_from: user_name }
                        primary_key: [id]
                    """.formatted(i));
        }
    }

    private Strata markdown(String... extra) {
        return Strata.run(Stream.concat(Stream.of("plan", "--from", before.toString(), "--desired", after.toString(),
                "--format", "markdown"), Stream.of(extra)).toArray(String[]::new));
    }

    @Test
    void aTenChangePlanFitsAPullRequestCommentAndSaysWhatItLeftOut() throws IOException {
        schemas(10);
        var r = markdown();
        assertEquals(2, r.exitCode(), r.err());
        assertTrue(r.out().length() <= GITHUB_COMMENT_LIMIT, "length " + r.out().length());
        assertTrue(r.out().contains("Shortened to fit a pull-request comment"), r.out());
        assertTrue(r.out().contains("#### `contract-"), "every phase is still there");
    }

    @Test
    void aSmallPlanKeepsItsCodeInline() throws IOException {
        schemas(1);
        var r = markdown();
        assertFalse(r.out().contains("Shortened"), r.out());
        assertTrue(r.out().contains("<details><summary>java-jdbc, write-both"), r.out());
    }

    @Test
    void theFirstLineAfterTheTitleSumsUpLocksDeploysAndDataLoss() throws IOException {
        schemas(1);
        var r = markdown();
        assertEquals("**At a glance:** strongest lock ACCESS EXCLUSIVE on `public.accounts_1` (catalog only)"
                + " · no step blocks traffic while it scans or rewrites a table · 2 deploys · data loss: none",
                r.out().lines().skip(2).findFirst().orElseThrow());
    }

    @Test
    void withOutTheDualWriteCodeGoesIntoFilesTheCommentNames(@TempDir Path out) throws IOException {
        schemas(10);
        var r = markdown("--out", out.toString());
        assertEquals(2, r.exitCode(), r.err());
        String md = Files.readString(out.resolve("plan.md"));
        assertTrue(md.length() <= GITHUB_COMMENT_LIMIT, "length " + md.length());
        assertFalse(md.contains("<details><summary>java-jdbc"), "no code inline");
        assertTrue(md.contains("- java-jdbc, write-both: public.accounts\\_10.handle: `dual-write/2-public.accounts_10.handle-java-jdbc-write-both.java`"), md);
        try (Stream<Path> files = Files.list(out.resolve("dual-write"))) {
            assertEquals(10 * 9, files.count(), "3 stacks × 3 phases per rename");
        }
        assertTrue(Files.readString(out.resolve("dual-write/1-public.accounts_1.handle-java-jdbc-write-both.java")).contains("handle"));
    }
}
