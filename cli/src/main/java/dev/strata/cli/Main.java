package dev.strata.cli;

import dev.strata.execute.StepListener;
import dev.strata.scratch.Scratch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Map;

/**
 * The {@code strata} command. Exit codes: 0 success, 1 invalid input or an operational failure
 * (one line, or one {@code file:line:column: message} line per problem, on stderr), 2 {@code plan} planned changes,
 * 3 {@code apply} stopped at a gate waiting for confirmation, 4 {@code apply} refused a migration whose tables or
 * desired schema changed under it, 5 {@code rehearse}: a projected figure exceeds a threshold, 64 a usage error on any command (unknown option, missing argument, bad option
 * value: one line on stderr).
 */
@Command(name = "strata", mixinStandardHelpOptions = true, versionProvider = Version.class,
        description = "Declarative, phased schema changes for PostgreSQL.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:invalid input, a refusal (e.g. preflight says a plan would fail) or an operational error", "2:plan: changes planned",
                "3:apply stopped at a gate waiting for confirmation",
                "4:apply refused: the migration's tables or desired schema changed under it (drift)",
                "5:rehearse: a rehearsal's projected figure exceeds a threshold",
                ErrorHandler.USAGE_EXIT_CODE})
public final class Main implements Runnable {

    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The full command tree; {@code environment} supplies PG* variables and STRATA_DEBUG. */
    public static CommandLine commandLine(Map<String, String> environment) {
        return commandLine(environment, StepListener.NONE);
    }

    /** As {@link #commandLine(Map)}, with {@code listener} told of every step {@code apply} runs (the tests' faults). */
    static CommandLine commandLine(Map<String, String> environment, StepListener listener) {
        return commandLine(environment, listener, Scratch.EMBEDDED);
    }

    /** As {@link #commandLine(Map, StepListener)}, with {@code scratch} instead of an embedded server (the tests' shared ones). */
    static CommandLine commandLine(Map<String, String> environment, StepListener listener, Scratch.Source scratch) {
        CommandLine cli = new CommandLine(new Main());
        cli.addSubcommand(new PullCommand(environment));
        cli.addSubcommand(new ValidateCommand(environment, scratch));
        cli.addSubcommand(new DdlCommand());
        cli.addSubcommand(new PlanCommand(environment, scratch));
        cli.addSubcommand(new RehearseCommand(environment, scratch));
        cli.addSubcommand(new ApplyCommand(environment, listener));
        cli.addSubcommand(new StatusCommand(environment));
        cli.addSubcommand(new AbandonCommand(environment));
        cli.addSubcommand(new RestoreCommand(environment));
        cli.addSubcommand(new PurgeCommand(environment));
        cli.addSubcommand(new InitCommand());
        cli.addSubcommand(new CompletionCommand());
        cli.addSubcommand(new CommandLine.HelpCommand());
        // picocli's own help command: its --help lists exit codes like every other command's.
        cli.getSubcommands().get("help").getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n")
                .exitCodeList(CommandLine.Model.UsageMessageSpec.keyValuesMap("0:printed", ErrorHandler.USAGE_EXIT_CODE));
        ErrorHandler errors = new ErrorHandler("1".equals(environment.get("STRATA_DEBUG")));
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: pull, validate, ddl, plan, rehearse, apply, status, abandon, restore, purge, init or completion");
    }
}
