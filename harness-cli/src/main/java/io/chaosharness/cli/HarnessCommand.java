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
        subcommands = {CommandLine.HelpCommand.class, ProxyCommand.class, AppCommand.class},
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
        CommandLine cl = new CommandLine(new HarnessCommand());
        cl.setExitCodeExceptionMapper(t -> EXIT_USAGE);
        cl.getCommandSpec().exitCodeOnInvalidInput(EXIT_USAGE);
        cl.getCommandSpec().exitCodeOnExecutionException(EXIT_USAGE);
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
