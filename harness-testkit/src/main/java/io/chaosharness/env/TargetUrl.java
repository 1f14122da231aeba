package io.chaosharness.env;

import io.chaosharness.core.InvalidUrlException;
import io.chaosharness.core.PostgresUrl;
import io.chaosharness.core.Secrets;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL connection URL in the {@code postgresql://user:password@host:port/database?params} form (also
 * {@code postgres://}), as in {@code DATABASE_URL} and {@code HARNESS_TARGET_URL}: the environment's view over the
 * core's {@link PostgresUrl}, which parses it. The password never appears in {@link #toString()} or in any error
 * message.
 *
 * @param params query parameters in their order, decoded
 */
public record TargetUrl(String user, String password, String host, int port, String database,
        Map<String, String> params) {

    public TargetUrl {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host must not be blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535, but was " + port);
        }
        if (user == null || user.isBlank()) {
            throw new IllegalArgumentException("user must not be blank");
        }
        if (database == null || database.isBlank()) {
            throw new IllegalArgumentException("database must not be blank");
        }
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
    }

    /**
     * Parses a URL with the core's parser ({@link PostgresUrl}); {@code field} names where it came from (e.g.
     * {@code HARNESS_TARGET_URL}) for error messages. Only {@code postgresql://} and {@code postgres://} are accepted
     * here: a target is named the way {@code DATABASE_URL} names it, not as a JDBC URL.
     *
     * @throws IllegalArgumentException naming the field, the part at fault and the masked value when the URL is
     *                                  malformed
     */
    public static TargetUrl parse(String field, String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(field + " must be a postgresql://user:password@host:port/database URL, but was empty");
        }
        PostgresUrl parsed;
        try {
            parsed = PostgresUrl.parse(url);
        } catch (InvalidUrlException e) {
            throw malformed(field, url, e.getMessage(), e);
        }
        if (parsed.scheme().startsWith("jdbc:")) {
            throw malformed(field, url, "scheme must be postgresql or postgres, but was '" + parsed.scheme() + "'", null);
        }
        try {
            return new TargetUrl(parsed.user(), parsed.password(), parsed.host(), parsed.port(), parsed.database(),
                    parsed.params());
        } catch (IllegalArgumentException e) {
            throw malformed(field, url, e.getMessage(), e);
        }
    }

    private static IllegalArgumentException malformed(String field, String url, String problem, Exception cause) {
        // without "://" a password in the text can not be recognised, so the text is not echoed
        String shown = url.contains("://") ? " in '" + Secrets.mask(url) + "'" : "";
        return new IllegalArgumentException(field + " must be a postgresql://user:password@host:port/database URL: "
                + problem + shown, cause);
    }

    /** The same database reached at another address (e.g. through the proxy), with extra parameters appended. */
    public TargetUrl at(String newHost, int newPort, Map<String, String> extraParams) {
        Map<String, String> merged = new LinkedHashMap<>(params);
        if (extraParams.containsKey("ApplicationName")) {
            merged.remove("application_name"); // libpq's name of the same setting: the one given here wins
        }
        merged.putAll(extraParams);
        return new TargetUrl(user, password, newHost, newPort, database, merged);
    }

    /** The full URL, password included: hand it only to a driver or pool, never to a log. */
    public String toUrlWithSecret() {
        return render(password);
    }

    /** The URL with the password masked. */
    public String masked() {
        return render(password == null ? null : Secrets.MASK);
    }

    /** A pgjdbc data source for this URL, straight to host:port (no proxy in between unless host:port is one). */
    public DataSource dataSource(String applicationName) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setServerNames(new String[] {host});
        ds.setPortNumbers(new int[] {port});
        ds.setDatabaseName(database);
        ds.setUser(user);
        if (password != null) {
            ds.setPassword(password);
        }
        if (params.containsKey("sslmode")) {
            ds.setSslMode(params.get("sslmode"));
        }
        if (params.containsKey("currentSchema")) {
            ds.setCurrentSchema(params.get("currentSchema"));
        }
        ds.setApplicationName(applicationName);
        ds.setConnectTimeout(10);
        ds.setLoginTimeout(10);
        ds.setSocketTimeout(30);
        return ds;
    }

    @Override
    public String toString() {
        return masked();
    }

    private String render(String pw) {
        StringBuilder sb = new StringBuilder("postgresql://").append(encode(user));
        if (pw != null) {
            sb.append(':').append(pw.equals(Secrets.MASK) ? pw : encode(pw));
        }
        sb.append('@').append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port)
                .append('/').append(encode(database));
        String sep = "?";
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = "&";
        }
        return sb.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

}
