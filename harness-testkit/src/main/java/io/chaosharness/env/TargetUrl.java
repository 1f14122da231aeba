package io.chaosharness.env;

import io.chaosharness.core.Secrets;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A PostgreSQL connection URL in the {@code postgresql://user:password@host:port/database?params} form (also
 * {@code postgres://}), as in {@code DATABASE_URL} and {@code HARNESS_TARGET_URL}. The password never appears in
 * {@link #toString()} or in any error message.
 *
 * @param params query parameters in their order, decoded
 */
public record TargetUrl(String user, String password, String host, int port, String database,
        Map<String, String> params) {

    private static final Pattern FORM = Pattern.compile(
            "(?i)^(postgres(?:ql)?)://(?:([^:@/?#]*)(?::([^@/?#]*))?@)?(\\[[^\\]]+]|[^:/?#]+)(?::(\\d+))?(?:/([^?#]*))?(?:\\?([^#]*))?$");

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
     * Parses a URL; {@code field} names where it came from (e.g. {@code HARNESS_TARGET_URL}) for error messages.
     *
     * @throws IllegalArgumentException naming the field and the masked value when the URL is malformed
     */
    public static TargetUrl parse(String field, String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException(field + " must be a postgresql://user:password@host:port/database URL, but was empty");
        }
        Matcher m = FORM.matcher(url.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(field + " must be a postgresql://user:password@host:port/database URL, but was '"
                    + Secrets.mask(url) + "'");
        }
        Map<String, String> params = new LinkedHashMap<>();
        if (m.group(7) != null && !m.group(7).isEmpty()) {
            for (String pair : m.group(7).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                params.put(key, value);
            }
        }
        String user = m.group(2) != null && !m.group(2).isEmpty() ? decode(m.group(2)) : params.remove("user");
        String password = m.group(3) != null ? decode(m.group(3)) : params.remove("password");
        String host = m.group(4);
        if (host.startsWith("[")) {
            host = host.substring(1, host.length() - 1);
        }
        int port = m.group(5) == null ? 5432 : Integer.parseInt(m.group(5));
        String database = m.group(6) == null || m.group(6).isEmpty() ? user : decode(m.group(6));
        try {
            return new TargetUrl(user, password, host, port, database, params);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + ": " + e.getMessage() + " in '" + Secrets.mask(url) + "'", e);
        }
    }

    /** The same database reached at another address (e.g. through the proxy), with extra parameters appended. */
    public TargetUrl at(String newHost, int newPort, Map<String, String> extraParams) {
        Map<String, String> merged = new LinkedHashMap<>(params);
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

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
