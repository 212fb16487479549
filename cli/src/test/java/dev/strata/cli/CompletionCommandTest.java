package dev.strata.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The completion script, run by a real bash (and zsh, where installed) as a user's shell would. */
class CompletionCommandTest {

    @TempDir
    Path tmp;

    private Path script(String shell) throws IOException {
        var r = Strata.run("completion", shell);
        assertEquals(0, r.exitCode(), r.toString());
        return Files.writeString(tmp.resolve("strata-" + shell), r.out());
    }

    @Test
    void theBashScriptIsValidBash() throws Exception {
        Shell result = shell("bash", "-n", script("bash").toString());
        assertEquals(0, result.exit(), result.output());
    }

    @Test
    void bashCompletesCommandsOptionsAndOptionValues() throws Exception {
        Path script = script("bash");

        assertEquals(List.of("plan"), complete(script, "strata", "pl"));
        assertEquals(List.of("--phase"), complete(script, "strata", "apply", "--ph"));
        assertTrue(complete(script, "strata", "").containsAll(List.of("pull", "validate", "plan", "rehearse", "apply", "init", "completion")));
        assertEquals(List.of("bash", "zsh"), complete(script, "strata", "completion", ""));
    }

    @Test
    void zshRegistersTheCompletionThroughBashcompinit() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/zsh")) || Files.isExecutable(Path.of("/bin/zsh")), "zsh is not installed");
        Path script = script("zsh");
        Shell result = shell("zsh", "-c", "source " + script + " && print -r -- \"$_comps[strata]\"");
        assertEquals(0, result.exit(), result.output());
        assertEquals("_bash_complete -F _complete_strata -o default", result.output().strip(), result.output());
    }

    /** What bash offers for the last word, as a TAB after {@code words} would. */
    private List<String> complete(Path script, String... words) throws Exception {
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append(" '").append(word).append("'");
        }
        String line = String.join(" ", words);
        Shell result = shell("bash", "-c", "source " + script + "; COMP_WORDS=(" + array + "); COMP_CWORD="
                + (words.length - 1) + "; COMP_LINE='" + line + "'; COMP_POINT=${#COMP_LINE}; _complete_strata 2>/dev/null;"
                + " printf '%s\\n' \"${COMPREPLY[@]}\"");
        assertEquals(0, result.exit(), result.output());
        return result.output().lines().filter(l -> !l.isBlank()).map(String::strip).toList();
    }

    private record Shell(int exit, String output) {}

    private static Shell shell(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        return new Shell(process.exitValue(), output);
    }
}
