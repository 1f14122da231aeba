package io.chaosharness.retry;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FailureClassifierTest {

    private final FailureClassifier classifier = new FailureClassifier();

    @ParameterizedTest(name = "{0} -> {1}, never reached server: {2}")
    @CsvSource({
            "08001, TRANSIENT, true",
            "08004, TRANSIENT, true",
            "08000, TRANSIENT, false",
            "08003, TRANSIENT, false",
            "08006, TRANSIENT, false",
            "08007, UNSAFE_TO_REPEAT, false",
            "40003, UNSAFE_TO_REPEAT, false",
            "08P01, PERMANENT, false",
            "57P01, TRANSIENT, false",
            "57P02, TRANSIENT, false",
            "57P03, TRANSIENT, false",
            "57P04, PERMANENT, false",
            "57P05, TRANSIENT, false",
            "53300, TRANSIENT, false",
            "53100, TRANSIENT, false",
            "40001, TRANSIENT, false",
            "40P01, TRANSIENT, false",
            "55P03, TRANSIENT, false",
            "25006, TRANSIENT, false",
            "57014, PERMANENT, false",
            "25P03, PERMANENT, false",
            "28000, PERMANENT, false",
            "28P01, PERMANENT, false",
            "3D000, PERMANENT, false",
            "42601, PERMANENT, false",
            "42501, PERMANENT, false",
            "23505, PERMANENT, false",
            "22012, PERMANENT, false",
    })
    void sqlStateTable(String sqlState, FailureClass expected, boolean neverReached) {
        // pgjdbc throws plain PSQLExceptions carrying only the SQLState, as this does
        Classification c = classifier.classify(new SQLException("boom", sqlState));
        assertThat(c.failureClass()).as("class of %s", sqlState).isEqualTo(expected);
        assertThat(c.sqlState()).isEqualTo(sqlState);
        assertThat(c.neverReachedServer()).as("never reached server").isEqualTo(neverReached);
    }

    @Test
    void hikariPoolTimeoutIsPoolExhaustedAndNeverReachedTheServer() {
        SQLException lastConnectFailure = new SQLException("Connection refused", "08001");
        SQLTransientConnectionException timeout = new SQLTransientConnectionException(
                "pool - Connection is not available, request timed out after 1000ms (total=0, active=0, idle=0, waiting=0)",
                "08001", lastConnectFailure);
        timeout.setNextException(lastConnectFailure);
        Classification c = classifier.classify(timeout);
        assertThat(c.failureClass()).isEqualTo(FailureClass.POOL_EXHAUSTED);
        assertThat(c.failureClass().retryable()).as("pool timeout is retried like a transient failure").isTrue();
        assertThat(c.neverReachedServer()).isTrue();
        assertThat(c.sqlState()).isEqualTo("08001");
    }

    @Test
    void poolTimeoutCausedByBadCredentialsIsPermanent() {
        SQLException auth = new SQLException("password authentication failed", "28P01");
        Classification c = classifier.classify(new SQLTransientConnectionException("timed out", "28P01", auth));
        assertThat(c.failureClass()).isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void causesAndNextExceptionsAreWalked() {
        SQLException outer = new SQLException("batch failed", (String) null);
        outer.setNextException(new SQLException("server closed the connection", "08006"));
        assertThat(classifier.classify(outer).failureClass()).as("via next exception").isEqualTo(FailureClass.TRANSIENT);
        RuntimeException wrapped = new RuntimeException("wrapper", new SQLException("unknown", "08007"));
        assertThat(classifier.classify(wrapped).failureClass()).as("via cause").isEqualTo(FailureClass.UNSAFE_TO_REPEAT);
    }

    @Test
    void ioFailuresWithoutSqlStateAreTransientAndOthersPermanent() {
        assertThat(classifier.classify(new SQLException("x", (String) null, new ConnectException("refused"))).failureClass())
                .isEqualTo(FailureClass.TRANSIENT);
        assertThat(classifier.classify(new SQLTimeoutException("slow")).failureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(classifier.classify(new IOException("reset")).failureClass()).isEqualTo(FailureClass.TRANSIENT);
        assertThat(classifier.classify(new IllegalStateException("bug")).failureClass()).isEqualTo(FailureClass.PERMANENT);
        assertThat(classifier.classify(null).failureClass()).isEqualTo(FailureClass.PERMANENT);
    }

    @Test
    void anOpenCircuitIsItsOwnClass() {
        assertThat(classifier.classify(new CircuitOpenException("pool", "OPEN", "op")).failureClass())
                .isEqualTo(FailureClass.CIRCUIT_OPEN);
        CallNotPermittedException r4j = CallNotPermittedException.createCallNotPermittedException(
                CircuitBreaker.ofDefaults("b"));
        assertThat(classifier.classify(r4j).failureClass()).isEqualTo(FailureClass.CIRCUIT_OPEN);
    }

    @Test
    void aCycleInTheCauseChainTerminates() {
        SQLException a = new SQLException("a", (String) null);
        SQLException b = new SQLException("b", (String) null, a);
        a.setNextException(b);
        assertThat(classifier.classify(a).failureClass()).isEqualTo(FailureClass.PERMANENT);
    }

    @ParameterizedTest(name = "{0}: broken connection {1}")
    @CsvSource({
            "57P01, true", "57P02, true", "57P05, true", "08006, true", "08003, true", "08000, true", "08007, true",
            "08001, false", "08004, false", "08P01, false", "57P03, false", "53300, false", "40001, false",
            "57014, false", "'', false"})
    void aBrokenConnectionIsASessionEndedOnAHandedOutConnectionNotARefusedConnect(String state, boolean broken) {
        assertThat(FailureClassifier.brokenConnection(state.isEmpty() ? null : state)).as(state).isEqualTo(broken);
    }
}
