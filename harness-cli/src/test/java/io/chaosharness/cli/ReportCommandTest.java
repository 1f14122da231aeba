package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReportCommandTest {

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = HarnessCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void writesAReportForAFolderWithoutResultsAndExitsZero() throws Exception {
        Path results = Files.createDirectories(dir.resolve("results"));
        Path report = dir.resolve("report");

        assertThat(run("report", "--results", results.toString(), "--out", report.toString())).as("%s %s", out, err)
                .isZero();

        assertThat(report.resolve("index.html")).exists();
        assertThat(Files.readString(report.resolve("summary.json"))).contains("no-results");
        assertThat(out.toString()).contains("harness report: no-results - 0 scenario(s)").contains("index.html");
    }

    @Test
    void withoutOutItIsAUsageErrorNamingOut() {
        assertThat(run("report", "--results", dir.toString())).isEqualTo(HarnessCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--out").contains("see ./harness report --help");
    }

    @Test
    void anUnwritableOutIsAUsageErrorNamingOut() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-folder"), "x");

        assertThat(run("report", "--results", dir.toString(), "--out", file.resolve("sub").toString()))
                .isEqualTo(HarnessCommand.EXIT_USAGE);
        assertThat(err.toString()).contains("--out");
    }
}
