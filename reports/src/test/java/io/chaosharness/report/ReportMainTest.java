package io.chaosharness.report;

import static io.chaosharness.report.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportMainTest {

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return ReportMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void writesTheReportAndExitsZeroWhateverTheVerdict() {
        Path dest = tmp.resolve("report");
        int code = run("--results", fixture("results").toString(), "--results", fixture("broken").toString(),
                "--gatling", fixture("gatling").toString(), "--history", fixture("history").toString(),
                "--out", dest.toString());

        assertThat(code).isZero();
        assertThat(dest.resolve("index.html")).isRegularFile();
        assertThat(dest.resolve("summary.json")).isRegularFile();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("report: FAIL - 6 scenario(s), 2 simulation(s)");
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("could not read truncated.json: not valid JSON");
    }

    @Test
    void missingInputFoldersStillWriteAReport() throws Exception {
        int code = run("--results", tmp.resolve("none").toString(), "--gatling", tmp.resolve("none2").toString(),
                "--out", tmp.resolve("r").toString());

        assertThat(code).isZero();
        assertThat(Files.readString(tmp.resolve("r").resolve("index.html"))).contains("No results found");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "--results a | out must name the output folder, but was missing",
            "--out o | results must name at least one folder",
            "--results | --results needs a folder, but none was given",
            "--results a --out | --out needs a folder, but none was given",
            "--resluts a --out o | unknown option '--resluts'",
            "stray --out o | unexpected argument 'stray'",
    })
    void usageErrorsExitTwoAndSayWhatIsWrong(String args, String message) {
        int code = run(args.split(" "));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(message).contains("usage: ReportMain");
    }

    @Test
    void theRequestIsValidatedWhenBuilt() {
        assertThatThrownBy(() -> ReportRequest.builder().results(tmp).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out");
    }
}
