package io.chaosharness.env;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * A real PostgreSQL behind a Toxiproxy API: the place a chaos test runs in.
 * <pre>
 *   pool ── DATABASE_URL ──▶ proxy "postgres" ──▶ PostgreSQL
 *                              ▲                      ▲
 *        toxiproxyClient() ────┘    adminDataSource() ┘  (bypasses the proxy: setup and verification)
 * </pre>
 * Build one with {@link Environments}; {@link #start()} it (idempotent) and {@link #close()} it to leave nothing
 * behind. Methods that change the database itself ({@link #restartDatabase()}) are available only where
 * {@link #capabilities()} says so; elsewhere they throw {@link UnsupportedOperationException} naming the provider.
 */
public interface ChaosEnvironment extends AutoCloseable {

    /** The proxy's name on the Toxiproxy API for the database. */
    String DATABASE_PROXY = "postgres";

    /**
     * How the names of the toxics the harness adds begin ({@code chaos-<fault id>-<suffix>}): on a proxy the harness
     * does not own, cleanup removes only toxics named so.
     */
    String TOXIC_PREFIX = "chaos-";

    /** Starts the database (where owned) and the proxy; returns once both accept connections. No-op when running. */
    ChaosEnvironment start();

    boolean isRunning();

    /** Provider, versions and what may be done; valid after {@link #start()}. */
    EnvironmentCapabilities capabilities();

    /**
     * The URL the system under test uses, through the proxy:
     * {@code postgresql://user:password@127.0.0.1:<proxy port>/db?ApplicationName=chaos-harness}. It carries the
     * password: hand it to a pool, never to a log ({@link #maskedDatabaseUrl()} is for those).
     */
    String databaseUrl();

    /** {@link #databaseUrl()} with the password masked. */
    String maskedDatabaseUrl();

    /** The parsed {@link #databaseUrl()}. */
    TargetUrl proxiedUrl();

    /** The {@code application_name} carried by the harness's own connections (see {@link #databaseUrl()}). */
    String applicationName();

    /** A data source straight to the database, bypassing the proxy; for setup and verification, not under test. */
    DataSource adminDataSource();

    /** The Toxiproxy API's base URI, e.g. {@code http://127.0.0.1:41234}. */
    URI toxiproxyApi();

    /** A client for {@link #toxiproxyApi()}. */
    ToxiproxyClient toxiproxyClient();

    /** The database proxy as the client sees it. */
    Proxy databaseProxy();

    /**
     * The run seed: the embedded proxy's randomness comes from it, and a scenario run on this environment derives its
     * own seed (schedules, workloads, backoff jitter) from it and the scenario's id.
     */
    long seed();

    /** The settings the environment was built from: kind, target, seed, caps, read-only, database-fault permission. */
    EnvironmentSettings settings();

    /**
     * The schema the environment owns on its database ({@code chaos_harness_run_<random>}), where the pool URL and
     * the admin connections point, dropped at {@link #close()}; empty when it owns none.
     */
    default Optional<String> ownedSchema() {
        return Optional.empty();
    }

    /** Upper bound for one control call to the proxy API. */
    Duration controlTimeout();

    /**
     * Puts the proxy back to its clean state: every toxic removed and the proxy enabled (Toxiproxy {@code /reset}
     * where the environment owns the proxy server; only its own proxy on a shared one).
     */
    void resetProxy();

    /** Fast shutdown of the database, keeping its data and port. */
    void stopDatabase();

    /** Starts the database again after {@link #stopDatabase()}; returns once it accepts connections. */
    void startDatabase();

    /** Fast shutdown and start on the same port and data. */
    default void restartDatabase() {
        stopDatabase();
        startDatabase();
    }

    /** Stops everything the environment started and deletes its files. Idempotent. */
    @Override
    void close();
}
