package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The design under test on the command line: flags, files, the target URL's pool parameters; nothing is started. */
class RunDesignOptionsTest {

    private static final String PASSWORD = "design-s3cret-0x5eed";

    @TempDir
    Path dir;

    private final InProcessCli cli = InProcessCli.of(RunCommand::new, () -> InProcessCli.folders(dir));

    @Test
    void theDryRunShowsTheDesignFromFlagsAndTheWorkloadsItDerives() {
        assertThat(cli.execute("--dry-run", "--env", "embedded", "--scenarios", "pool-exhaustion,retry-budget-short-*",
                "--pool", "connection_limit=5&pool_timeout=2", "--retry", "base_delay=500ms"))
                .as("exit code; %s", cli.output()).isZero();
        assertThat(cli.out())
                .contains("design 'custom': the seed plan's settings with connection_limit=5, pool_timeout=2, "
                        + "retry.base_delay=500ms")
                .contains("settings: connection_limit=5, pool_timeout=2, connect_timeout=30, statement_timeout=30000,"
                        + " retry.enabled=true, retry.max_retries=3, retry.base_delay=500ms")
                .contains("design 'custom', unchanged")
                .contains("workload on design 'custom': [burst 50 worker(s), hold 5 worker(s), wait 5 worker(s)]")
                .contains("each wait ≤ 3000 ms")
                .contains("departs from design 'custom': pool_timeout=1");
        assertThat(dir.resolve("results")).as("a dry run writes nothing").doesNotExist();
    }

    @Test
    void theTargetUrlsPoolParametersAreTheDesignUnderTest() {
        cli.env().put("HARNESS_TARGET_URL", "postgresql://app:" + PASSWORD
                + "@db.staging.example:6543/app?connection_limit=5&pool_timeout=2&sslmode=require");
        assertThat(cli.execute("--dry-run", "--env", "external", "--scenarios", "brief-outage"))
                .as("exit code; %s", cli.output()).isZero();
        assertThat(cli.out())
                .contains("target postgresql://app:****@db.staging.example:6543/app?sslmode=require")
                .contains("the target URL's pool parameters (connection_limit=5, pool_timeout=2) are the design "
                        + "under test's: design 'custom'")
                .contains("design 'custom': the seed plan's settings with connection_limit=5, pool_timeout=2");
        assertThat(cli.output()).doesNotContain(PASSWORD);
    }

    @Test
    void aDesignFileNamesTheDesignAndTheCompareDryRunShowsBoth() throws Exception {
        Path file = dir.resolve("small.design");
        Files.writeString(file, "name = small-pool\nconnection_limit = 5\npool_timeout = 2\n"
                + "pgjdbc.sslpassword = " + PASSWORD + "\n");
        assertThat(cli.execute("--dry-run", "--env", "embedded", "--scenarios", "brief-outage", "--compare", "seed",
                file.toString())).as("exit code; %s", cli.output()).isZero();
        assertThat(cli.out())
                .contains("A: design 'seed' (the seed plan's settings)")
                .contains("B: design 'small-pool': the seed plan's settings with connection_limit=5, pool_timeout=2, "
                        + "pgjdbc.sslpassword=****")
                .contains("comparison: each scenario runs on A, then on B")
                .contains("design: the seed plan's, unchanged")
                .contains("design 'small-pool', unchanged");
        assertThat(cli.output()).as("a secret pgjdbc property is masked").doesNotContain(PASSWORD);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "--pool connection_limit=0             | --pool: connection_limit must be between 1 and 10000, but was 0",
            "--pool pool_timeout=0                 | --pool: pool_timeout must be between 1 and 3600, but was 0",
            "--pool nosuch=1                       | --pool: unknown parameter 'nosuch'",
            "--retry max_retries=11                | --retry: retry.max_retries must be between 0 and 10, but was 11",
            "--breaker open_for=5                  | --breaker: breaker.open_for must be a duration such as 500ms",
            "--budget ratio=11                     | --budget: budget.ratio must be between 0.0 and 10.0, but was 11.0",
            "--availability attempt_timeout=0ms    | --availability: availability.attempt_timeout must be between 1 ms",
            "--design no-such.design               | --design: no-such.design: no such design file",
            "--design-name seed --pool connection_limit=5 | 'seed' is the built-in seed plan's name",
            "--compare seed seed                   | --compare: both designs are named 'seed'",
            "--compare seed seed --pool connection_limit=5 | --compare takes both designs from its two arguments",
    })
    void aBadDesignIsAUsageErrorNamingTheSettingAndTheValue(String args, String message) {
        assertThat(cli.execute((args + " --dry-run --env embedded").split(" +"))).as("exit code; %s", cli.output())
                .isEqualTo(HarnessCommand.EXIT_USAGE);
        assertThat(cli.err()).contains(message);
    }

    @Test
    void aBadLineInADesignFileNamesTheFileAndTheLine() throws Exception {
        Path file = dir.resolve("bad.design");
        Files.writeString(file, "# a design\nconnection_limit = 5\nretry.jitter = 2\n");
        assertThat(cli.execute("--dry-run", "--env", "embedded", "--design", file.toString()))
                .as("exit code; %s", cli.output()).isEqualTo(HarnessCommand.EXIT_USAGE);
        assertThat(cli.err()).contains("--design: " + file + ":3: retry.jitter must be between 0.0 and 1.0, "
                + "but was 2.0");
    }
}
