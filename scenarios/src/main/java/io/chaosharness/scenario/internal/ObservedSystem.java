package io.chaosharness.scenario.internal;

import io.chaosharness.sut.LoginResult;
import io.chaosharness.sut.SqlWork;
import io.chaosharness.sut.SystemContext;
import io.chaosharness.sut.SystemUnderTest;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The system under test as one operation body sees it: every call goes to the real system, and a login that fell
 * back is noted, so the runner can record the operation's outcome with its fallback flag. One per operation; the life
 * cycle ({@link #start}, {@link #close}) belongs to the runner and is refused here.
 */
public final class ObservedSystem implements SystemUnderTest {

    private final SystemUnderTest system;
    private volatile boolean fellBack;

    public ObservedSystem(SystemUnderTest system) {
        this.system = Objects.requireNonNull(system, "system");
    }

    /** Whether a call of this operation took the system's fallback path. */
    public boolean fellBack() {
        return fellBack;
    }

    @Override
    public String name() {
        return system.name();
    }

    @Override
    public void start(SystemContext context) {
        throw new IllegalStateException("an operation must not start the system under test");
    }

    @Override
    public <T> T read(String operation, SqlWork<T> work) throws Exception {
        return system.read(operation, work);
    }

    @Override
    public <T> T write(String operation, String idempotencyKey, SqlWork<T> work) throws Exception {
        return system.write(operation, idempotencyKey, work);
    }

    @Override
    public LoginResult login(String user, CharSequence password) throws Exception {
        LoginResult result = system.login(user, password);
        if (result != null && result.isFallback()) {
            fellBack = true;
        }
        return result;
    }

    @Override
    public boolean available() {
        return system.available();
    }

    @Override
    public String failureClass(Throwable failure) {
        return system.failureClass(failure);
    }

    @Override
    public Optional<String> applicationName() {
        return system.applicationName();
    }

    @Override
    public Map<String, Object> configuration() {
        return system.configuration();
    }

    @Override
    public Optional<String> state() {
        return system.state();
    }

    @Override
    public void close() {
        throw new IllegalStateException("an operation must not close the system under test");
    }
}
