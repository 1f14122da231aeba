package io.chaosharness.pool;

import io.chaosharness.core.Secrets;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
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
 * A parsed, validated PostgreSQL database URL with the seed plan's pool parameters:
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
     * Parses and validates {@code url}.
     *
     * @throws IllegalArgumentException naming the offending field and value (never the password)
     */
    public static DatabaseUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("database url must not be blank, but was '" + url + "'");
        }
        String text = url.strip();
        String scheme;
        String rest;
        int sep = text.indexOf("://");
        if (sep < 0) {
            // the text is not echoed: without "://" a password in it can not be recognised and masked
            throw bad("scheme", "database url must start with postgresql://, postgres:// or jdbc:postgresql://, but had"
                    + " no '://'");
        }
        scheme = text.substring(0, sep).toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres") && !scheme.equals("jdbc:postgresql")) {
            throw bad("scheme", "scheme must be postgresql, postgres or jdbc:postgresql, but was '" + scheme + "'");
        }
        rest = text.substring(sep + 3);

        String query = null;
        int q = rest.indexOf('?');
        if (q >= 0) {
            query = rest.substring(q + 1);
            rest = rest.substring(0, q);
        }
        String path = null;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            path = rest.substring(slash + 1);
            rest = rest.substring(0, slash);
        }
        String userInfo = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
        }
        String user = null;
        String password = null;
        if (userInfo != null) {
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                user = decode("user", userInfo.substring(0, colon), false);
                password = decode("password", userInfo.substring(colon + 1), true);
            } else {
                user = decode("user", userInfo, false);
            }
        }

        // host[:port], host may be a bracketed IPv6 literal
        String host;
        String portText = null;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw bad("host", "host must close its IPv6 bracket, but was '" + rest + "'");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (after.startsWith(":")) {
                portText = after.substring(1);
            } else if (!after.isEmpty()) {
                throw bad("host", "host must be followed by ':port', but was '" + rest + "'");
            }
        } else {
            int colon = rest.indexOf(':');
            if (colon >= 0) {
                host = rest.substring(0, colon);
                portText = rest.substring(colon + 1);
            } else {
                host = rest;
            }
        }
        if (host.isEmpty()) {
            throw bad("host", "host must not be empty, but was '" + host + "'");
        }
        if (host.contains(",")) {
            throw bad("host", "host must be a single host (multi-host URLs are not supported), but was '" + host + "'");
        }
        int port = 5432;
        if (portText != null) {
            port = parseInt("port", portText, 1, 65535);
        }
        String database = path == null || path.isEmpty() ? null : decode("database", path, false);

        int connectionLimit = DEFAULT_CONNECTION_LIMIT;
        Duration poolTimeout = DEFAULT_POOL_TIMEOUT;
        Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        Duration statementTimeout = Duration.ZERO;
        Map<String, String> driver = new LinkedHashMap<>();
        Set<String> seen = new java.util.HashSet<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode("parameter name", eq < 0 ? pair : pair.substring(0, eq), false);
                boolean secret = key.equalsIgnoreCase("password") || key.equalsIgnoreCase("sslpassword");
                String value = eq < 0 ? "" : decode(key, pair.substring(eq + 1), secret);
                if (!seen.add(key)) {
                    throw bad(key, "parameter '" + key + "' must appear at most once");
                }
                switch (key) {
                    case CONNECTION_LIMIT -> connectionLimit = parseInt(key, value, 1, 10_000);
                    case POOL_TIMEOUT -> poolTimeout = Duration.ofSeconds(parseInt(key, value, 1, 3600));
                    case CONNECT_TIMEOUT -> connectTimeout = Duration.ofSeconds(parseInt(key, value, 1, 3600));
                    case STATEMENT_TIMEOUT -> statementTimeout = Duration.ofMillis(parseInt(key, value, 0, 86_400_000));
                    case "user" -> {
                        if (user != null) {
                            throw bad(key, "user must be given once, but was in both the user-info and the query");
                        }
                        user = value;
                    }
                    case "password" -> {
                        if (password != null) {
                            throw bad(key, "password must be given once, but was in both the user-info and the query");
                        }
                        password = value;
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
        }
        if (user == null || user.isEmpty()) {
            throw bad("user", "user must not be empty, but was '" + (user == null ? "" : user) + "'");
        }
        if (database == null) {
            database = user; // libpq's rule: the database defaults to the user name
        }
        if (driver.containsKey("socketTimeout")) {
            parseInt("socketTimeout", driver.get("socketTimeout"), 0, 2_147_484);
        }
        return new DatabaseUrl(scheme, user, password == null ? "" : password, host, port, database,
                connectionLimit, poolTimeout, connectTimeout, statementTimeout, driver);
    }

    private static IllegalArgumentException bad(String field, String message) {
        return new InvalidDatabaseUrlException(field, message);
    }

    private static int parseInt(String field, String value, int min, int max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw bad(field, field + " must be an integer between " + min + " and " + max + ", but was '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw bad(field, field + " must be between " + min + " and " + max + ", but was " + parsed);
        }
        return (int) parsed;
    }

    /** Percent-decoding as in RFC 3986 (no '+' to space), UTF-8. Secret values never appear in the error. */
    static String decode(String field, String text, boolean secret) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    throw bad(field, field + " has an invalid percent-encoding"
                            + (secret ? "" : ", but was '" + text + "'"));
                }
                out.write(Character.digit(text.charAt(i + 1), 16) * 16 + Character.digit(text.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                out.write(bytes, 0, bytes.length);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
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
