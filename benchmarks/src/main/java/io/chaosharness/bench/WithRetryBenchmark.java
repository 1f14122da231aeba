package io.chaosharness.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.pool.PoolSettings;
import io.chaosharness.pool.ReferencePool;
import io.chaosharness.retry.SqlOperation;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The price of the reference pool's resilience on the no-fault path: {@code withRetry} around {@code SELECT 1} on a
 * warm pool against the same query on a bare HikariCP pool with the same driver settings, both against one embedded
 * PostgreSQL 17 started in {@link #setUp()}. Target: at most 2 % less throughput.
 *
 * <pre>{@code
 * mvn -B -ntp -Pbench -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar WithRetryBenchmark -f 1 -wi 2 -i 3 -w 5s -r 5s -t 2
 * }</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WithRetryBenchmark {

    private static final int POOL_SIZE = 4;

    private static final SqlOperation<Integer> SELECT_ONE = WithRetryBenchmark::selectOne;

    private EmbeddedPostgres postgres;
    private HikariDataSource bare;
    private ReferencePool reference;
    private EventRecorder recorder;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        postgres = EmbeddedPostgres.builder().start();
        String url = "postgresql://postgres@127.0.0.1:" + postgres.getPort() + "/postgres?connection_limit=" + POOL_SIZE
                + "&pool_timeout=10&connect_timeout=30&statement_timeout=30000";
        recorder = new EventRecorder(Clock.systemUTC());
        reference = ReferencePool.start(PoolSettings.parse(url), recorder, 1L);

        // Bare HikariCP with the same driver settings the reference pool applies, but no retry, breaker or recording.
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {"127.0.0.1"});
        ds.setPortNumbers(new int[] {postgres.getPort()});
        ds.setDatabaseName("postgres");
        ds.setUser("postgres");
        ds.setApplicationName("chaos-harness-bare");
        ds.setConnectTimeout(30);
        ds.setSocketTimeout(60);
        ds.setOptions("-c statement_timeout=30000");
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("bare-hikari");
        hc.setDataSource(ds);
        hc.setMaximumPoolSize(POOL_SIZE);
        hc.setConnectionTimeout(10_000);
        bare = new HikariDataSource(hc);

        // warm both pools
        for (int i = 0; i < 1000; i++) {
            bareHikari();
            withRetry();
        }
    }

    @TearDown(Level.Iteration)
    public void forgetEvents() {
        // The recorder keeps at most 2 M events; clearing between iterations keeps every iteration paying the same
        // recording cost (storing), instead of later iterations only counting dropped events.
        recorder.clear();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        if (reference != null) {
            reference.close();
        }
        if (bare != null) {
            bare.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static int selectOne(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Benchmark
    public int bareHikari() throws SQLException {
        try (Connection c = bare.getConnection()) {
            return selectOne(c);
        }
    }

    @Benchmark
    public int withRetry() throws SQLException {
        return reference.withRetry("select-1", true, SELECT_ONE);
    }

    /*
     * The same two calls measured at the same time, one thread each (a JMH group): both sides share whatever else
     * the machine is doing, so the ratio of their scores is a fairer A/B than two sequential runs on a busy machine.
     */

    @Benchmark
    @Group("concurrentAB")
    @GroupThreads(1)
    public int abBareHikari() throws SQLException {
        return bareHikari();
    }

    @Benchmark
    @Group("concurrentAB")
    @GroupThreads(1)
    public int abWithRetry() throws SQLException {
        return withRetry();
    }
}
