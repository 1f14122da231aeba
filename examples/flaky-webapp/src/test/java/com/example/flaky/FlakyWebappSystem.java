package com.example.flaky;

import io.chaosharness.adapters.FailureClasses;
import io.chaosharness.adapters.hikari.HikariAdapter;
import io.chaosharness.adapters.resilience4j.RetryAdapter;
import io.chaosharness.sut.LoginResult;
import io.chaosharness.sut.SqlWork;
import io.chaosharness.sut.SystemContext;
import io.chaosharness.sut.SystemUnderTest;
import java.util.Map;
import java.util.Optional;

/** The web app as the harness drives it: a few lines around its own code, with the adapters for its internals. */
final class FlakyWebappSystem implements SystemUnderTest {

    private final boolean fixed;
    private FlakyWebapp app;

    FlakyWebappSystem(boolean fixed) {
        this.fixed = fixed;
    }

    @Override
    public String name() {
        return fixed ? "fixed" : "before-fix";
    }

    @Override
    public void start(SystemContext context) throws Exception {
        app = fixed ? FlakyWebapp.withFix(context.jdbcUrl(), context.username(), context.password())
                : FlakyWebapp.beforeFix(context.jdbcUrl(), context.username(), context.password());
        HikariAdapter.observe(app.database().pool(), context);
        app.database().retry().ifPresent(retry -> RetryAdapter.observe(retry, context));
        if (!context.readOnly()) {
            app.users().createTable();
            for (Map.Entry<String, String> account : context.accounts().entrySet()) {
                app.users().put(account.getKey(), account.getValue(), "user");
            }
        }
    }

    @Override
    public <T> T read(String operation, SqlWork<T> work) throws Exception {
        return app.database().withConnection(work::run);
    }

    @Override
    public <T> T write(String operation, String idempotencyKey, SqlWork<T> work) throws Exception {
        return app.database().withConnection(work::run); // the harness's SQL is keyed: a repeat stores nothing new
    }

    @Override
    public LoginResult login(String user, CharSequence password) throws Exception {
        Optional<Session> session = app.logins().login(user, password.toString());
        return session.isEmpty() ? LoginResult.REFUSED
                : session.get().emergency() ? LoginResult.FALLBACK : LoginResult.GRANTED;
    }

    @Override
    public boolean available() {
        try {
            return app.availability().isDatabaseAvailable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public String failureClass(Throwable failure) {
        return FailureClasses.of(failure);
    }

    @Override
    public void close() {
        if (app != null) {
            app.close();
        }
    }
}
