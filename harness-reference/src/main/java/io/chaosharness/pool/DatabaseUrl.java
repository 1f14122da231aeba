package io.chaosharness.pool;

import io.chaosharness.core.InvalidUrlException;
import io.chaosharness.core.PostgresUrl;
import io.chaosharness.core.Secrets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.postgresql.PGProperty;

/**
 * A parsed, validated PostgreSQL database URL with the seed plan's pool parameters, a view over the core's
 * {@link PostgresUrl} (which parses the URL itself):
 * <pre>{@code postgresql://user:password@host:port/db?connection_limit=15&pool_timeout=10&connect_timeout=30&statement_timeout=30000}</pre>
 * The schemes {@code postgresql://}, {@code postgres://} and {@code jdbc:postgresql://} are accepted. User and password
 * are percent-decoded; they may also come as {@code user=} / {@code password=} query parameters (the JDBC habit).
 *
 * <table>
 *   <caption>Pool parameters</caption>
 *   <tr><th>parameter</th><th>unit</th><th>range</th><th>default</th><th>maps to</th></tr>
 *   <tr><td>connection_limit</td><td>connections</td><td>1..10000</td><td>10</td><td>HikariCP maximumPoolSize</td></tr>
 *   <tr><td>pool_timeout</td><td>s</td><td>1..3600</td><td>10</td><td>HikariCP connectionTimeout</td></tr>
 *   <tr><td>connect_timeout</td><td>s</td><td>1..3600</td><td>10</td><td>pgjdbc connectTimeout and loginTimeout</td></tr>
 *   <tr><td>statement_timeout</td><td>ms</td><td>0..86400000 (0 = none)</td><td>0</td><td>server-side {@code options=-c statement_timeout=}</td></tr>
 * </table>
 * {@code application_name} (libpq's name, as other languages' {@code DATABASE_URL} carries it) is read as pgjdbc's
 * {@code ApplicationName}.
 * Every other parameter must be a pgjdbc connection property ({@link PGProperty}) and is passed through to the driver;
 * anything else is rejected with an error naming the parameter. Pool settings can not be set twice.
 *
 * <p>The password never appears in {@link #toString()} or in any exception message: it is read only through
 * {@link #revealPassword()}.
 */
public final class DatabaseUrl {

    /** Default {@code connection_limit} (HikariCP's default pool size). */
    public static final int DEFAULT_CONNECTION_LIMIT = 10;
    /** Default {@code pool_timeout}. */
    public static final Duration DEFAULT_POOL_TIMEOUT = Duration.ofSeconds(10);
    /** Default {@code connect_timeout} (pgjdbc's default connectTimeout). */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    static final String CONNECTION_LIMIT = "connection_limit";
    static final String POOL_TIMEOUT = "pool_timeout";
    static final String CONNECT_TIMEOUT = "connect_timeout";
    static final String STATEMENT_TIMEOUT = "statement_timeout";
    /** libpq's {@code application_name}, read as pgjdbc's {@code ApplicationName}. */
    static final String LIBPQ_APPLICATION_NAME = "application_name";
    static final String APPLICATION_NAME = "ApplicationName";

    /** pgjdbc properties the pool sets itself from the pool parameters; passing them directly is an error. */
    private static final Set<String> MANAGED_DRIVER_PROPERTIES = Set.of(
            "connectTimeout", "loginTimeout", "PGHOST", "PGPORT", "PGDBNAME");

    private static final Set<String> PGJDBC_PROPERTIES = Arrays.stream(PGProperty.values())
            .map(PGProperty::getName)
            .collect(Collectors.toUnmodifiableSet());

    private final String scheme;
    private final String user;
    private final String password;
    private final String host;
    private final int port;
    private final String database;
    private final int connectionLimit;
    private final Duration poolTimeout;
    private final Duration connectTimeout;
    private final Duration statementTimeout;
    private final Map<String, String> driverProperties;

    private DatabaseUrl(String scheme, String user, String password, String host, int port, String database,
                        int connectionLimit, Duration poolTimeout, Duration connectTimeout, Duration statementTimeout,
                        Map<String, String> driverProperties) {
        this.scheme = scheme;
        this.user = user;
        this.password = password;
        this.host = host;
        this.port = port;
        this.database = database;
        this.connectionLimit = connectionLimit;
        this.poolTimeout = poolTimeout;
        this.connectTimeout = connectTimeout;
        this.statementTimeout = statementTimeout;
        this.driverProperties = Collections.unmodifiableMap(new TreeMap<>(driverProperties));
    }

    /**
     * Parses and validates {@code url}: the URL itself by the core's parser ({@link PostgresUrl}), the pool parameters
     * and pgjdbc properties here.
     *
     * @throws InvalidDatabaseUrlException naming the offending field and value (never the password)
     */
    public static DatabaseUrl parse(String url) {
        PostgresUrl parsed;
        try {
            parsed = PostgresUrl.parse(url);
        } catch (InvalidUrlException e) {
            throw new InvalidDatabaseUrlException(e.field(), e.getMessage());
        }
        int connectionLimit = DEFAULT_CONNECTION_LIMIT;
        Duration poolTimeout = DEFAULT_POOL_TIMEOUT;
        Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        Duration statementTimeout = Duration.ZERO;
        Map<String, String> driver = new LinkedHashMap<>();
        for (Map.Entry<String, String> p : parsed.params().entrySet()) {
            String key = p.getKey();
            String value = p.getValue();
            switch (key) {
                case CONNECTION_LIMIT -> connectionLimit = parseInt(key, value, 1, 10_000);
                case POOL_TIMEOUT -> poolTimeout = Duration.ofSeconds(parseInt(key, value, 1, 3600));
                case CONNECT_TIMEOUT -> connectTimeout = Duration.ofSeconds(parseInt(key, value, 1, 3600));
                case STATEMENT_TIMEOUT -> statementTimeout = Duration.ofMillis(parseInt(key, value, 0, 86_400_000));
                // libpq's name, as in the DATABASE_URL other languages' drivers read (./harness env prints it)
                case LIBPQ_APPLICATION_NAME -> {
                    if (parsed.params().containsKey(APPLICATION_NAME)) {
                        throw bad(key, "parameter '" + key + "' and '" + APPLICATION_NAME + "' name the same setting;"
                                + " give one");
                    }
                    driver.put(APPLICATION_NAME, value);
                }
                default -> {
                    if (MANAGED_DRIVER_PROPERTIES.contains(key)) {
                        throw bad(key, "parameter '" + key + "' is set by the pool from connect_timeout/host/port/database;"
                                + " use those instead");
                    }
                    if (!PGJDBC_PROPERTIES.contains(key)) {
                        throw bad(key, "unknown parameter '" + key + "': neither a pool setting (" + CONNECTION_LIMIT
                                + ", " + POOL_TIMEOUT + ", " + CONNECT_TIMEOUT + ", " + STATEMENT_TIMEOUT
                                + ") nor a pgjdbc connection property");
                    }
                    driver.put(key, value);
                }
            }
        }
        if (driver.containsKey("socketTimeout")) {
            parseInt("socketTimeout", driver.get("socketTimeout"), 0, 2_147_484);
        }
        return new DatabaseUrl(parsed.scheme(), parsed.user(), parsed.password() == null ? "" : parsed.password(),
                parsed.host(), parsed.port(), parsed.database(), connectionLimit, poolTimeout, connectTimeout,
                statementTimeout, driver);
    }

    private static IllegalArgumentException bad(String field, String message) {
        return new InvalidDatabaseUrlException(field, message);
    }

    private static int parseInt(String field, String value, int min, int max) {
        try {
            return PostgresUrl.parseInt(field, value, min, max);
        } catch (InvalidUrlException e) {
            throw new InvalidDatabaseUrlException(e.field(), e.getMessage());
        }
    }

    public String scheme() {
        return scheme;
    }

    public String user() {
        return user;
    }

    /** The decoded password. Never log it; everything else in this class masks it. */
    public String revealPassword() {
        return password;
    }

    public boolean hasPassword() {
        return !password.isEmpty();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String database() {
        return database;
    }

    /** {@code connection_limit}: the pool's maximum size. */
    public int connectionLimit() {
        return connectionLimit;
    }

    /** {@code pool_timeout}: how long {@code getConnection()} waits for a free connection. */
    public Duration poolTimeout() {
        return poolTimeout;
    }

    /** {@code connect_timeout}: pgjdbc's connectTimeout (socket connect) and loginTimeout (whole setup). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** {@code statement_timeout}: server-side statement timeout; zero means none. */
    public Duration statementTimeout() {
        return statementTimeout;
    }

    /** An explicit pgjdbc {@code socketTimeout} in seconds, if the URL gave one. */
    public Optional<Integer> explicitSocketTimeoutSeconds() {
        String v = driverProperties.get("socketTimeout");
        return v == null ? Optional.empty() : Optional.of(Integer.parseInt(v.strip()));
    }

    /** pgjdbc properties passed through from the URL, sorted by name (may include secrets such as sslpassword). */
    public Map<String, String> driverProperties() {
        return driverProperties;
    }

    /** A JDBC URL for {@code DriverManager}, without credentials. */
    public String jdbcUrl() {
        String h = host.contains(":") ? "[" + host + "]" : host;
        return "jdbc:postgresql://" + h + ":" + port + "/" + database;
    }

    /** The URL in canonical form with the password masked; safe to log. */
    public String masked() {
        StringBuilder sb = new StringBuilder();
        sb.append(scheme).append("://").append(user);
        if (!password.isEmpty()) {
            sb.append(':').append(Secrets.MASK);
        }
        sb.append('@').append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port)
                .append('/').append(database)
                .append('?').append(CONNECTION_LIMIT).append('=').append(connectionLimit)
                .append('&').append(POOL_TIMEOUT).append('=').append(poolTimeout.toSeconds())
                .append('&').append(CONNECT_TIMEOUT).append('=').append(connectTimeout.toSeconds())
                .append('&').append(STATEMENT_TIMEOUT).append('=').append(statementTimeout.toMillis());
        driverProperties.forEach((k, v) -> sb.append('&').append(k).append('=')
                .append(k.toLowerCase(java.util.Locale.ROOT).contains("password") ? Secrets.MASK : v));
        return Secrets.mask(sb.toString(), password);
    }

    @Override
    public String toString() {
        return masked();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DatabaseUrl other && scheme.equals(other.scheme) && user.equals(other.user)
                && password.equals(other.password) && host.equals(other.host) && port == other.port
                && database.equals(other.database) && connectionLimit == other.connectionLimit
                && poolTimeout.equals(other.poolTimeout) && connectTimeout.equals(other.connectTimeout)
                && statementTimeout.equals(other.statementTimeout) && driverProperties.equals(other.driverProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(scheme, user, host, port, database, connectionLimit, poolTimeout, connectTimeout,
                statementTimeout, driverProperties);
    }
}
