package io.chaosharness.maven;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.maven.plugin.MojoFailureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report goal on real result files in a temporary build folder: what it writes and when it fails the build. */
class ReportMojoTest {

    @TempDir
    Path target;

    private Path results() throws IOException {
        return Files.createDirectories(target.resolve("resilience-results"));
    }

    private ReportMojo mojo() {
        ReportMojo mojo = new ReportMojo();
        mojo.resultsDirectory = target.resolve("resilience-results").toFile();
        mojo.outputDirectory = target.resolve("resilience-report").toFile();
        return mojo;
    }

    private static String result(String scenario, String verdict) {
        return """
                {"schemaVersion":1,"scenario":"%s","title":"%s","verdict":"%s","criteria":[
                  {"name":"failed operations","target":"= 0","measured":"0","verdict":"%s"}]}
                """.formatted(scenario, scenario, verdict, verdict);
    }

    @Test
    void writesTheReportOfTheResultFilesAndLeavesTheBuildAloneWhenAScenarioFailed() throws Exception {
        Files.writeString(results().resolve("brief-outage.json"), result("brief-outage", "fail"));
        Files.writeString(results().resolve("latency.json"), result("latency", "pass"));

        mojo().execute();

        Path report = target.resolve("resilience-report");
        assertThat(report.resolve("index.html")).as("the report page").isNotEmptyFile();
        assertThat(Files.readString(report.resolve("index.html"))).as("the page names both scenarios")
                .contains("brief-outage", "latency");
        assertThat(Files.readString(report.resolve("summary.json"))).as("summary.json's overall verdict")
                .contains("\"fail\"");
    }

    @Test
    void failOnVerdictFailsTheBuildNamingTheScenarioThatFailed() throws Exception {
        Files.writeString(results().resolve("brief-outage.json"), result("brief-outage", "fail"));
        Files.writeString(results().resolve("latency.json"), result("latency", "pass"));
        ReportMojo mojo = mojo();
        mojo.failOnVerdict = true;

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("verdict is fail").hasMessageContaining("brief-outage fail")
                .hasMessageNotContaining("latency");
        assertThat(target.resolve("resilience-report/index.html")).as("written before failing").isNotEmptyFile();
    }

    @Test
    void readsOneFolderPerSystemAsTheCatalogueEntryPointWritesThem() throws Exception {
        Path flaky = Files.createDirectories(results().resolve("flaky-webapp"));
        Path fixed = Files.createDirectories(results().resolve("fixed-webapp"));
        Files.writeString(flaky.resolve("brief-outage.json"), result("brief-outage", "fail"));
        Files.writeString(fixed.resolve("brief-outage.json"), result("brief-outage", "pass"));
        Files.createDirectories(results().resolve("empty"));
        ReportMojo mojo = mojo();
        mojo.failOnVerdict = true;

        assertThatThrownBy(mojo::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("flaky-webapp/brief-outage fail").hasMessageNotContaining("fixed-webapp");
        JsonNode counts = new ObjectMapper().readTree(target.resolve("resilience-report/summary.json").toFile())
                .path("counts");
        assertThat(List.of(counts.path("scenarios").asInt(), counts.path("pass").asInt(), counts.path("fail").asInt()))
                .as("scenarios, passed, failed in the report's counts %s", counts).containsExactly(2, 1, 1);
    }

    @Test
    void failOnVerdictPassesWhenEveryScenarioPassed() throws Exception {
        Files.writeString(results().resolve("latency.json"), result("latency", "pass"));
        ReportMojo mojo = mojo();
        mojo.failOnVerdict = true;

        mojo.execute();

        assertThat(Files.readString(target.resolve("resilience-report/summary.json"))).contains("\"pass\"");
    }

    @Test
    void aCorruptResultFileFailsTheBuildNamingTheFileAndThePosition() throws Exception {
        Files.writeString(results().resolve("latency.json"), result("latency", "pass"));
        Files.writeString(results().resolve("brief-outage.json"), "{\"schemaVersion\":1,\"scenario\":\"brief-outage\",");

        assertThatThrownBy(mojo()::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("1 result file(s)")
                .hasMessageContaining(results().resolve("brief-outage.json").toAbsolutePath().toString())
                .hasMessageContaining("line 1");
        assertThat(target.resolve("resilience-report/index.html")).as("the report of the rest is still written")
                .isNotEmptyFile();
    }

    @Test
    void aResultFileWithABadFieldFailsTheBuildNamingTheField() throws Exception {
        Files.writeString(results().resolve("latency.json"), result("latency", "maybe"));

        assertThatThrownBy(mojo()::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("latency.json").hasMessageContaining("verdict")
                .hasMessageContaining("'maybe'");
    }

    @Test
    void noResultsFolderGivesANoResultsReportAndFailsOnlyWithFailOnVerdict() throws Exception {
        mojo().execute();
        assertThat(Files.readString(target.resolve("resilience-report/summary.json"))).contains("no-results");

        ReportMojo strict = mojo();
        strict.failOnVerdict = true;
        assertThatThrownBy(strict::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("verdict is no-results");
    }

    @Test
    void aResultsDirectoryThatIsAFileIsRefusedByName() throws Exception {
        Files.writeString(target.resolve("resilience-results"), "not a folder");

        assertThatThrownBy(mojo()::execute).isInstanceOf(MojoFailureException.class)
                .hasMessageContaining("resultsDirectory").hasMessageContaining("is a file");
        assertThat(target.resolve("resilience-report")).as("nothing written").doesNotExist();
    }
}
