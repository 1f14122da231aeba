package io.chaosharness.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.chaosharness.core.event.AttemptEvent;
import io.chaosharness.core.event.CallEvent;
import io.chaosharness.core.event.FallbackEvent;
import io.chaosharness.core.event.HarnessEvent;
import io.chaosharness.core.event.OperationEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.core.event.RetryEvent;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.junit.ChaosTest;
import io.chaosharness.sut.LoginResult;
import io.chaosharness.sut.SqlWork;
import io.chaosharness.sut.SystemContext;
import io.chaosharness.sut.SystemUnderTest;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import io.chaosharness.result.CriterionResult;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A system under test that records nothing itself (plain HikariCP: no retry, no breaker, no events) is judged by the
 * runner from the calls it records around it: the brief outage, which retries mask in the reference design, fails on
 * it, for the reasons the outage gives.
 */
@ChaosTest
class SilentSystemTest {

    @TempDir
    Path results;

    /**
     * Plain HikariCP, a few lines: every call borrows a connection once, nothing is retried or recorded; a login that
     * cannot reach the database falls back.
     */
    static final class PlainHikari implements SystemUnderTest {
        private HikariDataSource pool;
        private Map<String, String> accounts;

        @Override
        public String name() {
            return "plain-hikari";
        }

        @Override
        public void start(SystemContext context) {
            URI url = URI.create(context.databaseUrl());
            String[] user = url.getRawUserInfo().split(":", 2);
            HikariConfig config = new HikariConfig();
            config.setJdbcUrl("jdbc:postgresql://" + url.getHost() + ":" + url.getPort() + url.getPath());
            config.setUsername(URLDecoder.decode(user[0], StandardCharsets.UTF_8));
            config.setPassword(URLDecoder.decode(user[1], StandardCharsets.UTF_8));
            config.setMaximumPoolSize(10);
            config.setConnectionTimeout(1000);
            config.setInitializationFailTimeout(-1);
            config.addDataSourceProperty("connectTimeout", "2");
            config.addDataSourceProperty("socketTimeout", "5");
            pool = new HikariDataSource(config);
            accounts = context.accounts();
            // "returns once it can serve calls": the first connection may take a while on a loaded machine
            await("plain-hikari serving a connection").atMost(Duration.ofSeconds(30)).ignoreExceptions()
                    .pollInterval(Duration.ofMillis(200)).until(() -> read("warm-up", c -> c.isValid(2)));
        }

        @Override
        public <T> T read(String operation, SqlWork<T> work) throws SQLException {
            try (Connection c = pool.getConnection()) {
                return work.run(c);
            }
        }

        @Override
        public <T> T write(String operation, String idempotencyKey, SqlWork<T> work) throws SQLException {
            return read(operation, work);
        }

        @Override
        public LoginResult login(String user, CharSequence password) {
            try {
                // a connection the proxy's outage closed is handed out unchecked within HikariCP's 500 ms bypass
                // window and is simply not valid: unreachable too, not only a pool timeout
                if (!read("login", c -> c.isValid(2))) {
                    return LoginResult.FALLBACK;
                }
            } catch (SQLException unreachable) {
                return LoginResult.FALLBACK;
            }
            return password.toString().equals(accounts.get(user)) ? LoginResult.GRANTED : LoginResult.REFUSED;
        }

        @Override
        public Optional<String> state() {
            return Optional.of("active " + pool.getHikariPoolMXBean().getActiveConnections());
        }

        @Override
        public void close() {
            pool.close();
        }
    }

    @Test
    void theBriefOutageFailsOnASystemWithoutRetriesJudgedFromTheCallsTheRunnerRecorded(ChaosEnvironment env) {
        ScenarioResult result = ScenarioRunner.run(ScenarioCatalog.briefOutage(), new PlainHikari(), env,
                RunOptions.builder().seed(11).resultDir(results).build());

        List<HarnessEvent> timeline = result.timeline();
        assertThat(timeline).as("the system recorded no operation, attempt, retry or fallback of its own")
                .noneMatch(e -> e instanceof OperationEvent || e instanceof AttemptEvent || e instanceof RetryEvent
                        || e instanceof FallbackEvent);
        List<CallEvent> calls = timeline.stream().filter(CallEvent.class::isInstance).map(CallEvent.class::cast)
                .toList();
        java.time.Instant applied = result.startedAt().plusMillis(result.faults().get(0).startOffsetMs());
        java.time.Instant back = applied.plusMillis(result.faults().get(0).durationMs());
        List<CallEvent> inOutage = calls.stream().filter(c -> !c.at().isBefore(applied)
                && c.at().isBefore(back.plusSeconds(1))).toList();
        assertThat(calls).as("calls recorded by the runner; those ending in the outage or the second after it: %s",
                        inOutage).isNotEmpty()
                .anyMatch(c -> c.outcome() == Outcome.SUCCESS)
                .anyMatch(c -> c.outcome() == Outcome.FAILURE && c.failureClass() != null);
        // a login that began and ended inside the outage cannot have reached the database: it fell back. Which calls
        // land there depends on the machine's timing (in loaded runs none did), so the fallbacks criterion is checked
        // against what the calls show either way
        List<CallEvent> loginsInside = calls.stream().filter(c -> c.operation().equals("authenticate"))
                .filter(c -> c.at().minusNanos((long) (c.latencyMs() * 1e6)).isAfter(applied.plusMillis(50))
                        && c.at().isBefore(back)).toList();
        assertThat(loginsInside).as("logins wholly inside the outage").allMatch(CallEvent::fallback);
        boolean fellBack = calls.stream().anyMatch(CallEvent::fallback);
        System.out.println("SilentSystemTest: " + loginsInside.size() + " login(s) wholly inside the outage, "
                + calls.stream().filter(CallEvent::fallback).count() + " call(s) fell back");

        assertThat(result.verdict()).as("verdict of %s", result).isEqualTo(Verdict.FAIL);
        assertThat(criterion(result, "failed operations").verdict()).as("failed operations")
                .isEqualTo(Verdict.FAIL);
        assertThat(criterion(result, "error rate after retries").measured()).as("error rate")
                .doesNotStartWith("0 %");
        assertThat(criterion(result, "emergency-admin fallbacks").verdict()).as("fallbacks seen from outside")
                .isEqualTo(fellBack ? Verdict.FAIL : Verdict.PASS);
        assertThat(criterion(result, "retries").verdict()).as("retries of a system that exposes none")
                .isEqualTo(Verdict.NOT_MEASURED);
        assertThat(criterion(result, "retries").measured()).as("the hint names the adapter that would measure them")
                .contains("exposes no retries").contains("RetryAdapter.observe(retry, context)");
        assertThat(criterion(result, "retried operations that succeeded").verdict()).as("retry success")
                .isEqualTo(Verdict.NOT_MEASURED);
        assertThat(result.summary().operations()).as("operations judged").isPositive();
        assertThat(result.summary().failed()).as("failed operations in the summary").isPositive()
                .isLessThan(result.summary().operations());
    }

    private static CriterionResult criterion(ScenarioResult result, String name) {
        return result.criteria().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no criterion '" + name + "' in " + result.criteria()));
    }
}
