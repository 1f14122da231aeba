package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The plan, the listing and the usage errors of {@code harness run}: nothing here starts a database. */
class RunCommandTest {

    /** The catalog's own planned duration, so the test follows the scenario's plan instead of copying it. */
    private static final String BRIEF_OUTAGE_PLANNED = DurationConverter.format(
            io.chaosharness.scenario.ScenarioCatalog.byId("brief-outage").orElseThrow().plannedDuration());

    private static final String PASSWORD = "plan-s3cret-0x5eed";

    @TempDir
    Path dir;

    private final InProcessCli cli = InProcessCli.of(RunCommand::new, () -> InProcessCli.folders(dir));

    @Test
    void isRegisteredWithReport() {
        assertThat(HarnessCommand.commandLine().getSubcommands()).containsKeys("run", "report", "proxy", "app");
    }

    @Test
    void theContainersImagesComeFromTheirVariablesAndABadOneIsAUsageError() {
        cli.env().put("HARNESS_POSTGRES_IMAGE", "registry.example.com:5000/mirror/postgres:17");
        int code = cli.execute("--dry-run", "--env", "containers", "--scenarios", "brief-outage");
        assertThat(code).as("exit code; %s", cli.output()).isZero();
        assertThat(cli.out()).as("dry run").contains(
                "images: registry.example.com:5000/mirror/postgres:17, ghcr.io/shopify/toxiproxy:2.12.0");

        cli.env().put("HARNESS_TOXIPROXY_IMAGE", "Toxi Proxy");
        assertThat(cli.execute("--dry-run", "--env", "containers")).as("exit code; %s", cli.output()).isEqualTo(2);
        assertThat(cli.err()).as("error").contains("HARNESS_TOXIPROXY_IMAGE").contains("'Toxi Proxy'");
    }

    @Test
    void theDryRunPrintsThePlanWithTheTargetMaskedAndStartsNothing() {
        cli.env().put("HARNESS_TARGET_URL", "postgresql://staging_app:" + PASSWORD
                + "@db.staging.example:6543/app?connection_limit=15&sslmode=require");
        cli.env().put("HARNESS_ALLOW_DB_FAULTS", "true");

        int code = cli.execute("--dry-run", "--env", "external", "--scenarios", "brief-*", "--seed", "77");

        assertThat(code).as("exit code; %s", cli.output()).isZero();
        assertThat(cli.out())
                .contains("dry run: nothing is started")
                .contains("environment: external, target postgresql://staging_app:****@db.staging.example:6543/app"
                        + "?sslmode=require (from HARNESS_TARGET_URL)")
                .contains("seed 77")
                .contains("database-level faults not allowed")
                .contains("HARNESS_ALLOW_DB_FAULTS=true is not enough for ./harness run")
                .contains("workers 8").contains("scenario duration 5 min")
                .contains("pool parameters (connection_limit=15) are the design under test's: design 'seed'")
                .contains("[1/1] brief-outage - Brief outage, " + BRIEF_OUTAGE_PLANNED)
                .containsPattern("fault at [0-9.]+ s for 2 s: proxy disabled")
                .contains("criteria: emergency-admin fallbacks = 0");
        assertThat(cli.err()).as("no warning: the password came from the variable").doesNotContain("warning");
        assertThat(cli.output()).as("the password never shows").doesNotContain(PASSWORD);
        assertThat(dir.resolve("results")).as("a dry run writes nothing").doesNotExist();
        assertThat(dir.resolve("report")).doesNotExist();
    }

    @Test
    void theSettingsVariablesCapTheRunAndTheOptionsWinOverThem() {
        cli.env().put("HARNESS_READ_ONLY", "true");
        cli.env().put("HARNESS_MAX_CONCURRENCY", "3");
        cli.env().put("HARNESS_MAX_DURATION", "20s");

        assertThat(cli.execute("--dry-run", "--env", "embedded", "--scenarios", "write-safety,brief-outage"))
                .as("exit code; %s", cli.output()).isZero();
        assertThat(cli.out()).as("the variables' caps and read-only flag")
                .contains("read-only true", "caps: workers 3, scenario duration 20 s")
                .contains("write-safety").contains("WOULD BE SKIPPED: read-only run");

        cli.clearOut();
        assertThat(cli.execute("--dry-run", "--env", "embedded", "--max-concurrency", "5", "--max-duration", "90s"))
                .as("exit code; %s", cli.output()).isZero();
        assertThat(cli.out()).as("options win over variables").contains("caps: workers 5, scenario duration 90 s");
    }

    @Test
    void aBadSettingsVariableIsAUsageErrorNamingIt() {
        cli.env().put("HARNESS_MAX_CONCURRENCY", "lots");
        assertThat(cli.execute("--dry-run", "--env", "embedded")).isEqualTo(HarnessCommand.EXIT_USAGE);
        assertThat(cli.err()).contains("HARNESS_MAX_CONCURRENCY").contains("lots");
    }

    @Test
    void aPasswordOnTheCommandLineIsWarnedAboutAndStillMasked() {
        int code = cli.execute("--dry-run", "--target-url", "postgresql://u:" + PASSWORD + "@127.0.0.1:5432/app",
                "--scenarios", "steady-state");

        assertThat(code).as(cli.output()).isZero();
        assertThat(cli.err()).contains("--target-url carries a password").contains("process list")
                .contains("HARNESS_TARGET_URL");
        assertThat(cli.out()).as("--target-url alone implies external")
                .contains("environment: external, target postgresql://u:****@127.0.0.1:5432/app (from --target-url)");
        assertThat(cli.output()).doesNotContain(PASSWORD);
    }

    @Test
    void theTargetVariableAloneMeansExternalAndAnExplicitEnvIgnoresIt() {
        cli.env().put("HARNESS_TARGET_URL", "postgresql://u:" + PASSWORD + "@127.0.0.1:5432/app");

        assertThat(cli.execute("--dry-run", "--scenarios", "steady-state")).as(cli.output()).isZero();
        assertThat(cli.out()).contains("environment: external, target postgresql://u:****@127.0.0.1:5432/app "
                + "(from HARNESS_TARGET_URL)");

        cli.clearOut();
        assertThat(cli.execute("--dry-run", "--env", "embedded", "--scenarios", "steady-state")).as(cli.output())
                .isZero();
        assertThat(cli.out()).contains("environment: embedded")
                .contains("HARNESS_TARGET_URL is set but ignored: --env/HARNESS_ENV chose embedded")
                .doesNotContain("target postgresql");
        assertThat(cli.output()).doesNotContain(PASSWORD);
    }

    @Test
    void listNamesEveryScenarioWithItsDuration() {
        assertThat(cli.execute("--list")).as(cli.output()).isZero();
        assertThat(cli.out()).contains("steady-state").contains("brief-outage").contains(BRIEF_OUTAGE_PLANNED);
    }

    @Test
    void listAndDryRunShowEveryDepartureFromTheSeedPlanAndWhatThisRunSkipsOrAdapts() {
        assertThat(cli.execute("--list")).as(cli.output()).isZero();
        assertThat(cli.out()).as("--list: the variant says how it departs")
                .contains("long-outage-fast-fail")
                .contains("departs from the seed plan: pool_timeout=1: HikariCP waits the whole pool_timeout")
                .contains("departs from the seed plan: socketTimeout=3");

        cli.clearOut();
        cli.env().put("HARNESS_TARGET_URL", "postgresql://staging_app:" + PASSWORD + "@db.staging.example:6543/app");
        assertThat(cli.execute("--dry-run", "--env", "external", "--read-only", "--scenarios",
                "steady-state,long-outage,pool-exhaustion,retry-budget-short-pool-timeout")).as(cli.output()).isZero();
        assertThat(cli.out())
                .contains("long-outage - Long outage (seed settings), ")
                .containsPattern("long-outage - .* - WOULD BE SKIPPED: read-only run: the emergency-admin fallback is "
                        + "reached only through logins")
                .containsPattern("pool-exhaustion - .* - WOULD BE SKIPPED: the worker cap of 8 is below the 15 "
                        + "pool-exhaustion needs")
                .contains("design: the seed plan's, unchanged")
                .contains("departs from the seed plan: pool_timeout=1")
                .contains("adapted to this run: lane main capped at 8 workers (designed for 150)")
                .contains("adapted to this run: lane main without authenticate (read-only)");
        assertThat(cli.output()).doesNotContain(PASSWORD);
    }

    @ParameterizedTest(name = "{0} -> names {1}")
    @CsvSource(delimiter = '|', value = {
            "--scenarios nope                                                     | --scenarios | 'nope'",
            "--scenarios steady-state,no-such-*                                    | --scenarios | 'no-such-*'",
            "--scenarios Steady_State                                              | --scenarios | 'Steady_State'",
            "--seed 12x                                                            | --seed      | '12x'",
            "--env cloud                                                           | --env       | 'cloud'",
            "--env external                                                        | HARNESS_TARGET_URL | --target-url",
            "--target-url postgresql://u:PW@127.0.0.1:70000/db                     | --target-url | port",
            "--target-url postgresql://u:PW@127.0.0.1:54x2/db                      | --target-url | '54x2'",
            "--target-url postgresql://u:PW@127.0.0.1:5432/db?no_such_param=1      | --target-url | no_such_param",
            "--target-url postgresql://u:PW@127.0.0.1:5432/db?connection_limit=0   | --target-url | connection_limit",
            "--target-url mysql://u:PW@127.0.0.1:5432/db                           | --target-url | postgresql://",
            "--env embedded --target-url postgresql://u:PW@127.0.0.1:5432/db       | --target-url | --env",
            "--max-concurrency 0                                                   | --max-concurrency | 0",
            "--max-concurrency many                                                | --max-concurrency | 'many'",
            "--max-duration forever                                                | --max-duration | 'forever'",
            "--max-duration 0s                                                     | --max-duration | 0",
            "--no-such-option                                                      | --no-such-option | see ./harness run --help",
    })
    void aBadOptionIsAUsageErrorNamingIt(String args, String field, String detail) {
        int code = cli.execute((args.replace("PW", PASSWORD) + " --dry-run").split(" "));

        assertThat(code).as("exit code; %s", cli.output()).isEqualTo(HarnessCommand.EXIT_USAGE);
        assertThat(cli.err()).as("the message names the option and the bad part")
                .contains(field).contains(detail);
        assertThat(cli.output()).as("never the password").doesNotContain(PASSWORD);
    }

    @Test
    void aBadPortInTheVariableNamesTheVariableAndThePort() {
        cli.env().put("HARNESS_TARGET_URL", "postgresql://u:" + PASSWORD + "@db:99999/app");

        assertThat(cli.execute("--env", "external", "--dry-run")).as(cli.output()).isEqualTo(HarnessCommand.EXIT_USAGE);

        assertThat(cli.err()).contains("HARNESS_TARGET_URL: port must be a number between 1 and 65535, "
                + "but was '99999'");
        assertThat(cli.output()).doesNotContain(PASSWORD);
    }
}
