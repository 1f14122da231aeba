package io.chaosharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.chaosharness.chaos.DatabaseRestart;
import io.chaosharness.chaos.ProxyDown;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.junit.ChaosTest;
import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's own behaviour: progress, skips, errors, secrets, on short scenarios of its own. */
@ChaosTest
class ScenarioRunnerTest {

    @TempDir
    Path results;

    static Scenario.Builder tiny(String id) {
        return Scenario.builder(id).title(id).description("a short scenario for the runner's tests")
                .workload(Workload.of(Workload.Lane.named("main").concurrency(2).pacing(Duration.ofMillis(50))
                        .duration(Duration.ofMillis(2500)).maxOperations(200).op(Operations.read(), 1).build()))
                .criterion(Criteria.errorRateBelow(50));
    }

    @Test
    void aCancelStopsTheScenarioAsAbortedRemovesItsFaultAndStartsNoOther(ChaosEnvironment env) throws Exception {
        Cancellation cancel = new Cancellation();
        List<String> started = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void scenarioStarted(int index, int count, Scenario scenario, Duration planned) {
                started.add(scenario.id());
            }

            @Override
            public void progress(Progress progress) {
                if (progress.activeFaults().contains("proxy disabled")) {
                    cancel.cancel("test cancel");
                }
            }
        };
        Scenario longOne = Scenario.builder("tiny-cancelled").title("t").description("cancelled mid-fault")
                .workload(Workload.of(Workload.Lane.named("main").concurrency(2).pacing(Duration.ofMillis(50))
                        .duration(Duration.ofSeconds(20)).maxOperations(1000).op(Operations.read(), 1).build()))
                .fault(Duration.ofMillis(200), Duration.ofSeconds(15), new ProxyDown())
                .criterion(Criteria.errorRateBelow(50)).build();
        RunOptions options = RunOptions.builder().seed(7).resultDir(results).listener(listener).cancellation(cancel)
                .build();

        List<ScenarioResult> ran = ScenarioRunner.runAll(List.of(longOne, tiny("tiny-next").build()), env, options);

        assertThat(started).as("no scenario starts after the cancel").containsExactly("tiny-cancelled");
        ScenarioResult r = ran.get(0);
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.ABORTED);
        assertThat(r.error()).contains("cancelled: test cancel");
        assertThat(r.durationMs()).as("the 20 s workload stopped early").isLessThan(15_000);
        assertThat(r.environment().provider()).as("capabilities read at the start").isNotBlank();
        assertThat(env.databaseProxy().isEnabled()).as("the proxy-down fault was removed").isTrue();
        assertThat(results.resolve("tiny-cancelled.json")).exists();
    }

    @Test
    void runAllReportsProgressSkipsWhatCannotRunAndWritesOneFilePerScenarioSkippedOnesIncluded(ChaosEnvironment env) throws Exception {
        List<String> heard = new ArrayList<>();
        List<ProgressListener.Progress> ticks = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void scenarioStarted(int index, int count, Scenario scenario, Duration planned) {
                heard.add("start " + index + "/" + count + " " + scenario.id());
            }

            @Override
            public void progress(Progress progress) {
                ticks.add(progress);
            }

            @Override
            public void scenarioSkipped(int index, int count, Scenario scenario, String reason) {
                heard.add("skip " + index + "/" + count + " " + scenario.id());
            }

            @Override
            public void scenarioFinished(int index, int count, ScenarioResult result) {
                heard.add("end " + index + "/" + count + " " + result.scenario() + " " + result.verdict().json());
            }
        };
        Scenario withFault = tiny("tiny-outage").fault(Duration.ofMillis(500), Duration.ofMillis(1500),
                new ProxyDown()).build();
        Scenario databaseLevel = tiny("tiny-restart").fault(Duration.ZERO, Duration.ZERO, new DatabaseRestart())
                .build();
        RunOptions options = RunOptions.builder().seed(7).resultDir(results).listener(listener)
                .allowDatabaseFaults(false).build();

        List<ScenarioResult> ran = ScenarioRunner.runAll(List.of(withFault, databaseLevel), env, options);

        assertThat(heard).containsExactly("start 1/2 tiny-outage", "end 1/2 tiny-outage pass", "skip 2/2 tiny-restart");
        assertThat(ran).as("a skip is a result too").extracting(ScenarioResult::scenario, ScenarioResult::verdict)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("tiny-outage", Verdict.PASS),
                        org.assertj.core.groups.Tuple.tuple("tiny-restart", Verdict.SKIPPED));
        assertThat(ticks).as("about one progress tick a second").isNotEmpty();
        assertThat(ticks).anyMatch(p -> p.activeFaults().contains("proxy disabled"));
        assertThat(results.resolve("tiny-outage.json")).exists();
        assertThat(results.resolve("tiny-restart.json")).as("the skip is written, with its reason").exists();
        JsonNode json = ResultFiles.readTree(results.resolve("tiny-outage.json"));
        assertThat(json.path("seed").asLong()).as("the scenario seed derives from the run seed")
                .isEqualTo(ran.get(0).seed());
        assertThat(json.path("config").path("seed").asLong()).isEqualTo(7);
        assertThat(json.path("recovery").get(0).path("faultId").asText()).isEqualTo("f1");
        assertThat(Files.readString(results.resolve("tiny-outage.json")))
                .as("the database password never reaches a result file").doesNotContain(env.proxiedUrl().password());
    }

    @Test
    void aScenarioTheRunRulesOutIsASkippedResultWithItsReasonAndAFileLikeAnyOther(ChaosEnvironment env)
            throws Exception {
        Scenario needsFour = tiny("tiny-needs-four").workload(Workload.of(Workload.Lane.named("main").concurrency(4)
                        .pacing(Duration.ofMillis(50)).duration(Duration.ofMillis(1500)).maxOperations(100)
                        .op(Operations.read(), 1).build()))
                .minimumWorkers(4, "four readers must overlap").build();
        List<String> skipped = new ArrayList<>();
        ProgressListener listener = new ProgressListener() {
            @Override
            public void scenarioSkipped(int index, int count, Scenario scenario, String reason) {
                skipped.add(scenario.id() + ": " + reason);
            }
        };
        RunOptions capped = RunOptions.builder().seed(7).resultDir(results).maxConcurrency(2).listener(listener)
                .build();

        List<ScenarioResult> all = ScenarioRunner.runAll(List.of(needsFour, tiny("tiny-runs").build()), env, capped);

        assertThat(all).extracting(ScenarioResult::scenario).containsExactly("tiny-needs-four", "tiny-runs");
        ScenarioResult r = all.get(0);
        assertThat(r.verdict()).as(r.explain()).isEqualTo(Verdict.SKIPPED);
        assertThat(r.error()).isEqualTo("the worker cap of 2 is below the 4 tiny-needs-four needs: four readers must "
                + "overlap");
        assertThat(r.criteria()).isEmpty();
        assertThat(skipped).containsExactly("tiny-needs-four: " + r.error());
        JsonNode json = ResultFiles.readTree(results.resolve("tiny-needs-four.json"));
        assertThat(json.path("verdict").asText()).isEqualTo("skipped");
        assertThat(json.path("error").asText()).contains("worker cap of 2");
        assertThat(ResultFiles.readScenario(results.resolve("tiny-needs-four.json"), e -> { }).verdict())
                .as("read back").isEqualTo(Verdict.SKIPPED);
        assertThat(all.get(1).verdict()).as(all.get(1).explain()).isEqualTo(Verdict.PASS);

        ScenarioResult one = ScenarioRunner.run(needsFour, env, capped);
        assertThat(one.verdict()).as("run(...) skips too, not error").isEqualTo(Verdict.SKIPPED);
    }

    @Test
    void aScenarioThatCannotRunIsAnErrorWithAFileThatSaysWhy(ChaosEnvironment env) throws Exception {
        Scenario broken = tiny("tiny-broken").hook(new ScenarioHook() {
            @Override
            public void before(Context context) throws SQLException {
                throw new SQLException("setup refused for postgresql://harness:" + env.proxiedUrl().password()
                        + "@db/x", "42501");
            }
        }).build();

        ScenarioResult r = ScenarioRunner.run(broken, env, RunOptions.builder().seed(7).resultDir(results).build());

        assertThat(r.verdict()).isEqualTo(Verdict.ERROR);
        assertThat(r.error()).contains("setup refused").doesNotContain(env.proxiedUrl().password());
        JsonNode json = ResultFiles.readTree(results.resolve("tiny-broken.json"));
        assertThat(json.path("verdict").asText()).isEqualTo("error");
        assertThat(json.path("error").asText()).contains("****");
        assertThat(env.toxiproxyClient()).as("environment still usable").isNotNull();
    }

    /**
     * A run whose database refuses a direct connection once its faults are removed is the environment's error, not a
     * finding about the system: its criteria stay as measured, its verdict is {@code error} and says why. The same
     * failing criteria with the database there stay the system's {@code fail}.
     */
    @Test
    void aRunWhoseDatabaseIsGoneAfterItsFaultsIsAnEnvironmentErrorNotTheSystemsFail(ChaosEnvironment env)
            throws Exception {
        Scenario gone = tiny("tiny-database-gone")
                .config(ScenarioConfig.seedPlan().withUrlParameter("pool_timeout", "1",
                        "a short run: each read gives up after 1 s while the database is away"))
                .hook(new ScenarioHook() {
                    @Override
                    public void before(Context context) {
                        env.stopDatabase(); // outside the fault injector: nothing brings it back before the check
                    }
                }).build();
        ScenarioResult r;
        try {
            r = ScenarioRunner.run(gone, env, RunOptions.builder().seed(7).resultDir(results).build());
        } finally {
            env.startDatabase();
        }

        assertThat(r.verdict()).as("verdict; error: %s", r.error()).isEqualTo(Verdict.ERROR);
        assertThat(r.error()).contains("the environment failed", "refused a direct connection");
        assertThat(r.criteria()).as("the criteria, measured all the same").isNotEmpty()
                .anyMatch(c -> !c.passed());

        Scenario fails = tiny("tiny-fails-with-the-database-there")
                .criterion(Criteria.successfulOperationsAtLeast("read", 1_000_000)).build();
        ScenarioResult control = ScenarioRunner.run(fails, env, RunOptions.builder().seed(7).resultDir(results).build());
        assertThat(control.verdict()).as("verdict; error: %s", control.error()).isEqualTo(Verdict.FAIL);
        assertThat(control.timeline()).as("the environment check's note")
                .anyMatch(e -> e instanceof NoteEvent n && n.message().startsWith("environment check: the database took"));
    }
}
