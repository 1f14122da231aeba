package io.chaosharness.blackbox.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chaosharness.blackbox.spec.AppSpec;
import io.chaosharness.blackbox.spec.SpecException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PreflightTest {

    /** For probes that must fail: short, so the test is quick (a fitting probe gets the default window). */
    private static final Duration WINDOW = Duration.ofMillis(600);
    private static TestServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = new TestServer();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aSpecThatFitsTheApplicationPassesWithWhatEachStepAnswered() throws Exception {
        AppSpec spec = AppSpec.parse("app.yaml", "baseUrl: " + server.baseUrl() + "\njourneys:\n"
                + "  - {name: j, steps: [{name: ok, path: /ok}, {name: gone, path: /missing, expect: 404}]}\n"
                + "health: {path: /health}\n");
        List<Preflight.Probe> probes = Preflight.check(spec, Map.of(), false);

        assertThat(probes).extracting(Preflight.Probe::step, Preflight.Probe::status)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("ok", 200),
                        org.assertj.core.groups.Tuple.tuple("gone", 404),
                        org.assertj.core.groups.Tuple.tuple("health", 200));
    }

    @Test
    void anUnreachableBaseUrlNamesTheBaseUrlLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        AppSpec spec = AppSpec.parse("app.yaml", "name: x\nbaseUrl: http://127.0.0.1:" + port
                + "\njourneys: [{name: j, steps: [{path: /}]}]\n");

        assertThatThrownBy(() -> Preflight.check(spec, Map.of(), false, WINDOW))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("app.yaml:2: baseUrl: http://127.0.0.1:" + port + " is not reachable "
                        + "(connection refused, 3 tries)");
    }

    @Test
    void aStepWhoseExpectedStatusNeverComesNamesItsExpectLine() {
        AppSpec spec = AppSpec.parse("app.yaml", "baseUrl: " + server.baseUrl() + "\njourneys:\n"
                + "  - name: j\n    steps:\n      - path: /ok\n      - name: users\n        path: /missing\n"
                + "        expect: [200]\n");

        assertThatThrownBy(() -> Preflight.check(spec, Map.of(), false, WINDOW))
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith("app.yaml:8: journeys[0].steps[1].expect: journey 'j' step 'users' expects "
                        + "[200] but got 404, 404, 404 in 3 tries");
    }

    @Test
    void aStepThatDoesNotAnswerInTimeIsReportedAsSuch() {
        AppSpec spec = AppSpec.parse("app.yaml", "baseUrl: " + server.baseUrl() + "\njourneys:\n"
                + "  - {name: j, steps: [{name: slow, path: /slow}]}\n");

        assertThatThrownBy(() -> Preflight.check(spec, Map.of(), false, WINDOW))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining("journeys[0].steps[0].expect: journey 'j' step 'slow' expects [200] but got "
                        + "no answer within 200 ms");
    }
}
