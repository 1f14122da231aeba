package io.chaosharness.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./harness} command line. Exit codes: 0 pass, 1 criteria not met, 2 usage or configuration error.
 */
@Command(name = "harness",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Chaos and resilience test harness for database connection handling.",
        subcommands = {CommandLine.HelpCommand.class, RunCommand.class, ReportCommand.class, ProxyCommand.class,
                AppCommand.class, EnvCommand.class, SizeCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:all criteria met",
                "1:some criterion not met",
                "2:usage or configuration error"})
public final class HarnessCommand implements Runnable {

    /** Exit code: every criterion met. */
    public static final int EXIT_PASS = 0;
    /** Exit code: some criterion not met. */
    public static final int EXIT_FAIL = 1;
    /** Exit code: usage or configuration error. */
    public static final int EXIT_USAGE = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with the project's exit-code conventions. */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new HarnessCommand()));
    }

    /** Applies the exit-code conventions to {@code cl} (also to a single subcommand built by a test). */
    static CommandLine configure(CommandLine cl) {
        cl.setExitCodeExceptionMapper(t -> EXIT_USAGE);
        cl.getCommandSpec().exitCodeOnInvalidInput(EXIT_USAGE);
        cl.getCommandSpec().exitCodeOnExecutionException(EXIT_USAGE);
        cl.setParameterExceptionHandler((e, args) -> {
            // the message names the option and the value; the full usage would bury it
            CommandLine failed = e.getCommandLine();
            failed.getErr().println(e.getMessage());
            boolean top = failed.getCommandSpec().userObject() instanceof HarnessCommand;
            failed.getErr().println("see ./harness " + (top ? "" : failed.getCommandName() + " ") + "--help");
            failed.getErr().flush();
            return EXIT_USAGE;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
