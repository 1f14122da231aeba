package io.chaosharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.core.event.CallEvent;
import io.chaosharness.core.event.HarnessEvent;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.junit.ChaosTest;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference design runs through {@link io.chaosharness.sut.SystemUnderTest}: the runner records one call per
 * workload operation from outside, and the design's own operation events stand beside them, one for one.
 */
@ChaosTest
class ReferenceSystemTest {

    @TempDir
    Path results;

    @Test
    void theRunnerRecordsEveryCallAndTheReferenceDesignItsOwnOperationBesideIt(ChaosEnvironment env) {
        Scenario scenario = Scenario.builder("tiny-reference").title("tiny").description("reads and logins")
                .workload(Workload.of(Workload.Lane.named("main").concurrency(3).pacing(Duration.ofMillis(40))
                        .duration(Duration.ofMillis(2500)).maxOperations(300).op(Operations.read(), 3)
                        .op(Operations.authenticate(), 1).build()))
                .criterion(Criteria.noFailedOperations()).criterion(Criteria.noFallbacks()).build();

        ScenarioResult result = ScenarioRunner.run(scenario, env, RunOptions.builder().seed(5).resultDir(results)
                .build());

        assertThat(result.verdict()).as("verdict of %s", result).isEqualTo(Verdict.PASS);
        List<HarnessEvent> measured = result.timeline().stream()
                .filter(e -> !e.at().isBefore(result.startedAt())).toList();
        Map<String, Long> calls = measured.stream().filter(CallEvent.class::isInstance).map(CallEvent.class::cast)
                .collect(Collectors.groupingBy(CallEvent::operation, Collectors.counting()));
        Map<String, Long> operations = measured.stream().filter(OperationEvent.class::isInstance)
                .map(OperationEvent.class::cast)
                .collect(Collectors.groupingBy(OperationEvent::operation, Collectors.counting()));
        assertThat(calls).as("calls the runner recorded").containsOnlyKeys("read", "authenticate");
        assertThat(calls.get("read")).as("reads").isGreaterThan(10);
        assertThat(operations).as("the reference design's own operations, one per call").isEqualTo(calls);
        assertThat(result.config()).as("the reference design's settings in the result")
                .containsEntry("connection_limit", 15).containsKey("resilience").containsEntry("seed", 5L);
        assertThat(result.timeline()).as("the end-of-run state of the pool")
                .anyMatch(e -> e instanceof io.chaosharness.core.event.NoteEvent n
                        && n.source().equals("pool-snapshot") && n.message().contains("breaker"));
    }
}
