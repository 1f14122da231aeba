package io.chaosharness.bench;

import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.retry.ResilienceConfig;
import io.chaosharness.retry.RetryExecutor;
import io.chaosharness.retry.SqlOperation;
import java.io.PrintWriter;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of {@code withRetry} itself, without a database: the retry executor around an operation on an inert
 * connection, against calling the same operation directly. The difference is the per-call price of the budget,
 * breaker, retry context and the two events recorded (attempt and operation).
 *
 * <pre>{@code java -jar benchmarks/target/benchmarks.jar OverheadBenchmark -f 1 -wi 2 -i 3 -w 3s -r 3s -t 2}</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class OverheadBenchmark {

    private static final SqlOperation<Integer> OP = c -> 1;

    /** {@code full}: the default configuration; {@code weakened}: no retries, breaker or budget. */
    @Param({"full", "weakened"})
    public String config;

    private final DataSource inert = new InertDataSource();
    private EventRecorder recorder;
    private RetryExecutor executor;

    @Setup(Level.Trial)
    public void setUp() {
        recorder = new EventRecorder(Clock.systemUTC());
        ResilienceConfig c = "full".equals(config) ? ResilienceConfig.ofDefaults() : ResilienceConfig.weakened();
        executor = new RetryExecutor("overhead", inert, c, recorder, 1L, null, null);
    }

    @TearDown(Level.Iteration)
    public void forgetEvents() {
        recorder.clear();
    }

    @Benchmark
    public int direct() throws SQLException {
        try (Connection c = inert.getConnection()) {
            return OP.apply(c);
        }
    }

    @Benchmark
    public int withRetry() throws SQLException {
        return executor.execute("op", true, OP);
    }

    /**
     * Hands out one shared inert connection: every method, close() included, does nothing and returns null. One shared
     * instance and no locking, so the benchmark measures withRetry, not the fake (harness-core's test
     * ScriptedDataSource allocates and counts on every borrow).
     */
    static final class InertDataSource implements DataSource {
        private final Connection connection = (Connection) Proxy.newProxyInstance(
                OverheadBenchmark.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> null);

        @Override
        public Connection getConnection() {
            return connection;
        }

        @Override
        public Connection getConnection(String username, String password) {
            return connection;
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            throw new SQLFeatureNotSupportedException();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }
}
