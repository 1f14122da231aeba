package io.chaosharness.core;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The one parser of PostgreSQL connection URLs: {@code postgresql://}, {@code postgres://} and
 * {@code jdbc:postgresql://}, in the form {@code scheme://[user[:password]@]host[:port][/database][?params]}. The pool's
 * {@code DatabaseUrl} (seed-URL pool parameters) and the environment's {@code TargetUrl} are views over it.
 *
 * <ul>
 *   <li>User, password, database and parameters are percent-decoded as in RFC 3986 (UTF-8, no {@code +} to space).</li>
 *   <li>User and password may come as {@code user=} / {@code password=} query parameters instead (the JDBC habit); they
 *       are then not among {@link #params()}. Given in both places, they are an error.</li>
 *   <li>The host may be a bracketed IPv6 literal; multi-host URLs are not supported. The port defaults to 5432 and the
 *       database to the user (libpq's rule).</li>
 *   <li>A parameter may appear once. What the parameters mean is the view's business.</li>
 * </ul>
 * Every error is an {@link InvalidUrlException} naming the field, and never contains the password.
 *
 * @param scheme   {@code postgresql}, {@code postgres} or {@code jdbc:postgresql}, lower case
 * @param password the decoded password, {@code null} when the URL has none; never log it
 * @param params   the query parameters in URL order, decoded, without {@code user} and {@code password}
 */
public record PostgresUrl(String scheme, String user, String password, String host, int port, String database,
                          Map<String, String> params) {

    /** PostgreSQL's default port. */
    public static final int DEFAULT_PORT = 5432;

    public PostgresUrl {
        Objects.requireNonNull(scheme, "scheme");
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params == null ? Map.of() : params));
    }

    /**
     * Parses {@code url}.
     *
     * @throws InvalidUrlException naming the offending field and value (never the password)
     */
    public static PostgresUrl parse(String url) {
        if (url == null || url.isBlank()) {
            throw new InvalidUrlException("url", "database url must not be blank, but was '" + url + "'");
        }
        String text = url.strip();
        int sep = text.indexOf("://");
        if (sep < 0) {
            // the text is not echoed: without "://" a password in it can not be recognised and masked
            throw new InvalidUrlException("scheme", "database url must start with postgresql://, postgres:// or"
                    + " jdbc:postgresql://, but had no '://'");
        }
        String scheme = text.substring(0, sep).toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgresql") && !scheme.equals("postgres") && !scheme.equals("jdbc:postgresql")) {
            throw new InvalidUrlException("scheme", "scheme must be postgresql, postgres or jdbc:postgresql, but was '"
                    + Secrets.mask(scheme) + "'");
        }
        String rest = text.substring(sep + 3);

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
        String user = null;
        String password = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = rest.substring(0, at);
            rest = rest.substring(at + 1);
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
                throw new InvalidUrlException("host", "host must close its IPv6 bracket, but was '" + rest + "'");
            }
            host = rest.substring(1, close);
            String after = rest.substring(close + 1);
            if (after.startsWith(":")) {
                portText = after.substring(1);
            } else if (!after.isEmpty()) {
                throw new InvalidUrlException("host", "host must be followed by ':port', but was '" + rest + "'");
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
            throw new InvalidUrlException("host", "host must not be empty, but was '" + host + "'");
        }
        if (host.contains(",")) {
            throw new InvalidUrlException("host", "host must be a single host (multi-host URLs are not supported), but"
                    + " was '" + host + "'");
        }
        int port = portText == null ? DEFAULT_PORT : parseInt("port", portText, 1, 65535);
        String database = path == null || path.isEmpty() ? null : decode("database", path, false);

        Map<String, String> params = new LinkedHashMap<>();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&", -1)) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode("parameter name", eq < 0 ? pair : pair.substring(0, eq), false);
                String value = eq < 0 ? "" : decode(key, pair.substring(eq + 1), Secrets.isSecretKey(key));
                if (params.containsKey(key)) {
                    throw new InvalidUrlException(key, "parameter '" + key + "' must appear at most once");
                }
                if (key.equals("user")) {
                    if (user != null) {
                        throw new InvalidUrlException(key, "user must be given once, but was in both the user-info and"
                                + " the query");
                    }
                    user = value;
                    params.put(key, null); // a marker for "seen", removed below
                } else if (key.equals("password")) {
                    if (password != null) {
                        throw new InvalidUrlException(key, "password must be given once, but was in both the user-info"
                                + " and the query");
                    }
                    password = value;
                    params.put(key, null);
                } else {
                    params.put(key, value);
                }
            }
        }
        params.remove("user");
        params.remove("password");
        if (user == null || user.isEmpty()) {
            throw new InvalidUrlException("user", "user must not be empty, but was '" + (user == null ? "" : user) + "'");
        }
        return new PostgresUrl(scheme, user, password, host, port, database == null ? user : database, params);
    }

    /**
     * An integer URL value in {@code [min, max]}.
     *
     * @throws InvalidUrlException naming {@code field} and the value
     */
    public static int parseInt(String field, String value, int min, int max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            throw new InvalidUrlException(field, field + " must be an integer between " + min + " and " + max
                    + ", but was '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw new InvalidUrlException(field, field + " must be between " + min + " and " + max + ", but was "
                    + parsed);
        }
        return (int) parsed;
    }

    /** Percent-decoding as in RFC 3986 (no '+' to space), UTF-8. A secret value never appears in the error. */
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
                    throw new InvalidUrlException(field, field + " has an invalid percent-encoding"
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

    /** The URL with the password masked (for logs and messages). */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(scheme).append("://").append(user);
        if (password != null) {
            sb.append(':').append(Secrets.MASK);
        }
        sb.append('@').append(host.contains(":") ? "[" + host + "]" : host).append(':').append(port).append('/')
                .append(database);
        String sep = "?";
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=')
                    .append(Secrets.isSecretKey(e.getKey()) ? Secrets.MASK : e.getValue());
            sep = "&";
        }
        return password == null || password.isEmpty() ? sb.toString() : Secrets.mask(sb.toString(), password);
    }
}
