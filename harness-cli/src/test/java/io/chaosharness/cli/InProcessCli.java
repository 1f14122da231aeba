package io.chaosharness.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;

/**
 * One harness subcommand run in this JVM as the launcher configures it ({@link HarnessCommand#configure}): its output
 * captured, its environment variables a map the test fills, and the same trailing arguments (the results and report
 * folders, a seed) after every call's own.
 * <pre>{@code
 * @TempDir Path dir;
 * private final InProcessCli cli = InProcessCli.of(RunCommand::new, () -> InProcessCli.folders(dir));
 * }</pre>
 */
final class InProcessCli {

    private final Function<Function<String, String>, Object> command;
    private final Supplier<List<String>> trailing;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Map<String, String> env = new HashMap<>();

    private InProcessCli(Function<Function<String, String>, Object> command, Supplier<List<String>> trailing) {
        this.command = command;
        this.trailing = trailing;
    }

    /**
     * @param command  makes the subcommand from its environment lookup (the {@link #env()} map)
     * @param trailing the arguments after each call's own, asked for at each call (a {@code @TempDir} field is set
     *                 after the test instance is made)
     */
    static InProcessCli of(Function<Function<String, String>, Object> command, Supplier<List<String>> trailing) {
        return new InProcessCli(command, trailing);
    }

    /** {@code before}, then {@code --results DIR/results --report DIR/report}. */
    static List<String> folders(Path dir, String... before) {
        List<String> all = new ArrayList<>(List.of(before));
        all.addAll(List.of("--results", dir.resolve("results").toString(), "--report", dir.resolve("report").toString()));
        return all;
    }

    /** Runs the subcommand with {@code args} and the trailing arguments; returns its exit code. */
    int execute(String... args) {
        CommandLine cl = HarnessCommand.configure(new CommandLine(command.apply(env::get)));
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(trailing.get());
        return cl.execute(all.toArray(String[]::new));
    }

    /** The environment variables the subcommand sees; empty unless the test puts some. */
    Map<String, String> env() {
        return env;
    }

    /** Everything printed to standard output so far. */
    String out() {
        return out.toString();
    }

    /** Everything printed to standard error so far. */
    String err() {
        return err.toString();
    }

    /** Standard output, a line break, then standard error: for failure messages. */
    String output() {
        return out + "\n" + err;
    }

    /** Forgets standard output so far (standard error is kept), so the next call's output stands alone. */
    void clearOut() {
        out.getBuffer().setLength(0);
    }
}
