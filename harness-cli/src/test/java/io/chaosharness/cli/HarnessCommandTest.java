package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class HarnessCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = HarnessCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void versionNamesTheProjectVersion() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString()).startsWith("harness ").doesNotContain("${project.version}").doesNotContain("unknown");
    }

    @Test
    void helpListsTheExitCodes() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString()).contains("Usage: harness").contains("usage or configuration error");
    }

    @Test
    void unknownOptionIsAUsageErrorWithExitCode2() {
        assertThat(run("--no-such-option")).isEqualTo(2);
        assertThat(err.toString()).contains("--no-such-option");
    }
}
