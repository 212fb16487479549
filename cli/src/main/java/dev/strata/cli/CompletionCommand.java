package dev.strata.cli;

import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Prints the shell completion script picocli generates from the command tree. One script serves both shells: under
 * zsh it loads bashcompinit itself, as picocli documents.
 */
@Command(name = "completion", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = {"Prints a completion script for commands, options and option values.",
                "bash: source <(strata completion bash)   (in ~/.bashrc)",
                "zsh:  source <(strata completion zsh)    (in ~/.zshrc; enables bashcompinit)"},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:printed", ErrorHandler.USAGE_EXIT_CODE + ", or a SHELL other than bash and zsh"})
final class CompletionCommand implements Runnable {

    /** What completes SHELL itself. */
    static final class Shells implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return List.of("bash", "zsh").iterator();
        }
    }

    @Spec
    private CommandSpec spec;

    @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class, description = "bash or zsh")
    private String shell;

    @Override
    public void run() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "SHELL must be bash or zsh, not '" + shell + "'");
        }
        spec.commandLine().getOut().print(AutoComplete.bash("strata", spec.root().commandLine()));
        spec.commandLine().getOut().flush();
    }
}
