package io.chaosharness.cli;

import io.chaosharness.core.Secrets;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.EmbeddedEnvironment;
import io.chaosharness.env.ExternalEnvironment;
import io.chaosharness.env.TargetUrl;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What an application under test is handed to reach its database through the harness's proxy: the URL in the forms
 * people paste and the variables drivers read, plus where faults are injected (the Toxiproxy API and the proxy's
 * name) and the admin URL straight to the database (for setup and checks, bypassing the proxy).
 * <pre>
 *   DATABASE_URL       postgresql://harness:pw@127.0.0.1:41234/harness?application_name=chaos-harness  (libpq form)
 *   JDBC_DATABASE_URL  jdbc:postgresql://127.0.0.1:41234/harness?user=harness&amp;password=pw&amp;ApplicationName=chaos-harness
 *   JDBC_DATABASE_USERNAME / JDBC_DATABASE_PASSWORD
 *   PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD PGAPPNAME   (libpq, psql, node-postgres, psycopg, pgx)
 *   TOXIPROXY_URL      http://127.0.0.1:40000     TOXIPROXY_PROXY  postgres
 * </pre>
 * The application name is the harness's ({@code chaos-harness}), so database-level faults that terminate the
 * harness's own backends reach the application's connections too. {@link #variables()} carries the password; the
 * {@code masked*} forms are for output that may be shared.
 *
 * @param database the database through the proxy (host and port are the proxy's listener)
 * @param toxiproxy the Toxiproxy API's base URI
 * @param proxy the proxy's name on that API
 * @param admin the database straight, bypassing the proxy, where known (embedded: the superuser; external: the target)
 */
public record AppEnvironment(TargetUrl database, URI toxiproxy, String proxy, Optional<TargetUrl> admin) {

    /** libpq's name of pgjdbc's {@code ApplicationName}. */
    static final String LIBPQ_APPLICATION_NAME = "application_name";
    static final String JDBC_APPLICATION_NAME = "ApplicationName";

    public AppEnvironment {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(toxiproxy, "toxiproxy");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(admin, "admin");
    }

    /** What a started environment hands an application. */
    public static AppEnvironment of(ChaosEnvironment env) {
        Optional<TargetUrl> admin = Optional.empty();
        if (env instanceof EmbeddedEnvironment embedded) {
            admin = Optional.of(new TargetUrl(io.chaosharness.env.internal.EmbeddedPostgresServer.SUPERUSER, null,
                    "127.0.0.1", embedded.databasePort(), env.proxiedUrl().database(), Map.of()));
        } else if (env instanceof ExternalEnvironment external) {
            admin = Optional.of(external.target());
        }
        return new AppEnvironment(env.proxiedUrl(), env.toxiproxyApi(), env.databaseProxy().getName(), admin);
    }

    /** {@code postgresql://user:password@host:port/db?application_name=...} (libpq's parameter names). */
    public String postgresUrl() {
        return libpqForm(database).toUrlWithSecret();
    }

    /** {@link #postgresUrl()} with the password masked. */
    public String maskedPostgresUrl() {
        return libpqForm(database).masked();
    }

    /** {@code jdbc:postgresql://host:port/db?user=...&password=...&ApplicationName=...} (pgjdbc's names). */
    public String jdbcUrl() {
        return jdbc(database.password());
    }

    /** {@link #jdbcUrl()} with the password masked. */
    public String maskedJdbcUrl() {
        return jdbc(database.password() == null ? null : Secrets.MASK);
    }

    /** The admin URL with the password masked (embedded: a superuser without password, trusted on 127.0.0.1). */
    public Optional<String> maskedAdminUrl() {
        return admin.map(a -> libpqForm(a).masked());
    }

    /** The admin URL, password included. */
    public Optional<String> adminUrl() {
        return admin.map(a -> libpqForm(a).toUrlWithSecret());
    }

    /** The application name the connections carry. */
    public String applicationName() {
        String name = database.params().get(JDBC_APPLICATION_NAME);
        return name != null ? name : database.params().get(LIBPQ_APPLICATION_NAME);
    }

    /** Every variable above, in that order, passwords included: for the application's environment and files. */
    public Map<String, String> variables() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("DATABASE_URL", postgresUrl());
        v.put("JDBC_DATABASE_URL", jdbcUrl());
        v.put("JDBC_DATABASE_USERNAME", database.user());
        v.put("JDBC_DATABASE_PASSWORD", database.password() == null ? "" : database.password());
        v.put("PGHOST", database.host());
        v.put("PGPORT", String.valueOf(database.port()));
        v.put("PGDATABASE", database.database());
        v.put("PGUSER", database.user());
        if (database.password() != null) {
            v.put("PGPASSWORD", database.password());
        }
        if (applicationName() != null) {
            v.put("PGAPPNAME", applicationName());
        }
        if (database.params().containsKey("sslmode")) {
            v.put("PGSSLMODE", database.params().get("sslmode"));
        }
        v.put("TOXIPROXY_URL", toxiproxy.toString());
        v.put("TOXIPROXY_PROXY", proxy);
        return v;
    }

    /** {@link #variables()} with every password masked. */
    public Map<String, String> maskedVariables() {
        Map<String, String> v = new LinkedHashMap<>();
        variables().forEach((k, value) -> v.put(k, k.endsWith("PASSWORD") ? Secrets.MASK
                : database.password() == null ? Secrets.mask(value) : Secrets.mask(value, database.password())));
        return v;
    }

    /** The same URL with pgjdbc's parameter names turned into libpq's ({@code ApplicationName} → {@code application_name}). */
    private static TargetUrl libpqForm(TargetUrl url) {
        Map<String, String> params = new LinkedHashMap<>();
        url.params().forEach((k, v) -> {
            if (k.equals(JDBC_APPLICATION_NAME)) {
                if (!url.params().containsKey(LIBPQ_APPLICATION_NAME)) {
                    params.put(LIBPQ_APPLICATION_NAME, v);
                }
            } else {
                params.put(k, v);
            }
        });
        return new TargetUrl(url.user(), url.password(), url.host(), url.port(), url.database(), params);
    }

    private String jdbc(String password) {
        StringBuilder sb = new StringBuilder("jdbc:postgresql://")
                .append(database.host().contains(":") ? "[" + database.host() + "]" : database.host())
                .append(':').append(database.port()).append('/').append(encode(database.database()))
                .append("?user=").append(encode(database.user()));
        if (password != null) {
            sb.append("&password=").append(password.equals(Secrets.MASK) ? password : encode(password));
        }
        database.params().forEach((k, v) -> {
            if (k.equals(LIBPQ_APPLICATION_NAME)) {
                if (!database.params().containsKey(JDBC_APPLICATION_NAME)) {
                    sb.append('&').append(JDBC_APPLICATION_NAME).append('=').append(encode(v));
                }
            } else {
                sb.append('&').append(encode(k)).append('=').append(encode(v));
            }
        });
        return sb.toString();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
