package io.chaosharness.junit;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import io.chaosharness.chaos.FaultInjector;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.env.ChaosEnvironment;
import io.chaosharness.env.EnvironmentCapabilities;
import io.chaosharness.env.EnvironmentSettings;
import io.chaosharness.env.Environments;
import io.chaosharness.env.internal.BoundedCalls;
import io.chaosharness.pool.PoolSettings;
import io.chaosharness.pool.ReferencePool;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JUnit 5 extension behind {@link ChaosTest}. State lives in the {@link ExtensionContext.Store}: the shared
 * environment in the root store (closed by JUnit when the run ends, so nothing is left running), per-class
 * environments in the class store, and per-test state (recorder, injector, pool) in the method store. After every
 * test, pass or fail, it removes every fault, resets the proxy ({@code /reset}), checks the proxy is clean, and
 * starts the database again if a test left it stopped.
 *
 * <p>Settings come from JUnit configuration parameters, then system properties, then environment variables
 * ({@code harness.env} / {@code HARNESS_ENV}, {@code harness.target.url} / {@code HARNESS_TARGET_URL}, ...; see
 * {@link EnvironmentSettings#fromSystem()}), resolved once per environment. Against an external target the
 * environment owns a schema of its own ({@link ChaosEnvironment#ownedSchema()}), dropped when JUnit closes the store —
 * after the last test, passed or failed — or by a shutdown hook on Ctrl-C.
 */
public final class ChaosExtension implements ParameterResolver, AfterEachCallback {

    /** The resource lock held by classes sharing the run's environment. */
    public static final String ENVIRONMENT_LOCK = "io.chaosharness.environment";

    private static final Logger LOG = LoggerFactory.getLogger(ChaosExtension.class);
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ChaosExtension.class);

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        return ChaosEnvironment.class.isAssignableFrom(type) || type == FaultInjector.class
                || type == EventRecorder.class || type == ReferencePool.class || type == EnvironmentCapabilities.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Class<?> type = parameter.getParameter().getType();
        if (ChaosEnvironment.class.isAssignableFrom(type)) {
            ChaosEnvironment env = environment(context);
            if (!type.isInstance(env)) {
                throw new ParameterResolutionException("parameter " + parameter.getParameter().getName() + " wants a "
                        + type.getSimpleName() + ", but the environment is " + env.capabilities().provider()
                        + " (" + env.getClass().getSimpleName() + "); declare ChaosEnvironment or set HARNESS_ENV");
            }
            return env;
        }
        if (type == EnvironmentCapabilities.class) {
            return environment(context).capabilities();
        }
        TestState state = testState(context);
        if (type == EventRecorder.class) {
            return state.recorder;
        }
        if (type == FaultInjector.class) {
            return state.injector(environment(context));
        }
        return state.pool(environment(context));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Optional<ChaosEnvironment> env = startedEnvironment(context);
        TestState state = context.getStore(NAMESPACE).get(TestState.class, TestState.class);
        List<RuntimeException> failures = new ArrayList<>();
        // The database first: removing database-level faults (a connection limit) needs it up.
        env.ifPresent(e -> {
            try {
                if (e.capabilities().canRestartDatabase()) {
                    e.startDatabase(); // no-op unless a test left it stopped
                }
            } catch (RuntimeException ex) {
                failures.add(ex);
            }
        });
        if (state != null && state.injector != null) {
            try {
                state.injector.removeAll(); // every fault, then the proxy's /reset
            } catch (RuntimeException e) {
                failures.add(e);
            }
        }
        env.ifPresent(e -> {
            try {
                e.resetProxy();
                verifyProxyClean(e);
            } catch (RuntimeException ex) {
                failures.add(ex);
            }
        });
        if (!failures.isEmpty()) {
            IllegalStateException error = new IllegalStateException("chaos cleanup after "
                    + context.getDisplayName() + " failed: " + failures.get(0).getMessage(), failures.get(0));
            failures.stream().skip(1).forEach(error::addSuppressed);
            throw error;
        }
    }

    private static void verifyProxyClean(ChaosEnvironment env) {
        String name = env.databaseProxy().getName();
        try {
            Proxy proxy = BoundedCalls.call("GET /proxies/" + name, env.controlTimeout(),
                    () -> env.toxiproxyClient().getProxy(name));
            List<? extends Toxic> toxics = BoundedCalls.call("GET toxics", env.controlTimeout(),
                    () -> proxy.toxics().getAll());
            if (!proxy.isEnabled() || !toxics.isEmpty()) {
                throw new IllegalStateException("proxy '" + name + "' still faulty after reset: enabled="
                        + proxy.isEnabled() + ", toxics=" + toxics.stream().map(Toxic::getName).toList());
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not verify proxy '" + name + "' after reset: " + e.getMessage(), e);
        }
    }

    /** The environment for {@code context}'s test class, started on first use. */
    static ChaosEnvironment environment(ExtensionContext context) {
        return environmentResource(context, true).orElseThrow().environment();
    }

    private static Optional<ChaosEnvironment> startedEnvironment(ExtensionContext context) {
        return environmentResource(context, false).filter(EnvironmentResource::isStarted)
                .map(EnvironmentResource::environment);
    }

    private static Optional<EnvironmentResource> environmentResource(ExtensionContext context, boolean create) {
        boolean isolated = isolated(context);
        ExtensionContext owner = isolated ? classContext(context) : context.getRoot();
        ExtensionContext.Store store = owner.getStore(NAMESPACE);
        // Store lookups fall back to ancestors: an isolated class needs a key of its own, or it would find the
        // run's shared environment in the root store.
        String key = isolated ? "environment:" + context.getRequiredTestClass().getName() : "environment";
        if (!create) {
            return Optional.ofNullable(store.get(key, EnvironmentResource.class));
        }
        Function<String, String> params = name -> context.getConfigurationParameter(name).orElse(null);
        return Optional.of(store.getOrComputeIfAbsent(key,
                k -> new EnvironmentResource(EnvironmentSettings.fromSystem(params)), EnvironmentResource.class));
    }

    private static boolean isolated(ExtensionContext context) {
        return context.getTestClass()
                .flatMap(c -> AnnotationSupport.findAnnotation(c, ChaosTest.class))
                .map(ChaosTest::isolatedEnvironment)
                .orElse(false);
    }

    private static ExtensionContext classContext(ExtensionContext context) {
        ExtensionContext c = context;
        while (c.getTestMethod().isPresent() && c.getParent().isPresent()) {
            c = c.getParent().get();
        }
        return c;
    }

    private static TestState testState(ExtensionContext context) {
        return context.getStore(NAMESPACE).getOrComputeIfAbsent(TestState.class,
                k -> new TestState(context.getDisplayName()), TestState.class);
    }

    /** The shared environment: started lazily, closed by JUnit with its store. */
    @SuppressWarnings("deprecation") // CloseableResource for JUnit versions that do not close AutoCloseable values
    static final class EnvironmentResource implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        private final ChaosEnvironment environment;
        private volatile boolean started;

        EnvironmentResource(EnvironmentSettings settings) {
            this.environment = Environments.create(settings);
        }

        synchronized ChaosEnvironment environment() {
            if (!started) {
                environment.start();
                started = true;
                LOG.info("chaos environment for this run: {} ({}), run seed {} (replay with {}={}){}",
                        environment.capabilities(), environment.maskedDatabaseUrl(), environment.seed(),
                        EnvironmentSettings.SEED_VARIABLE, environment.seed(),
                        environment.ownedSchema().map(s -> ", writes go to the schema " + s + ", dropped at the end")
                                .orElse(""));
            }
            return environment;
        }

        boolean isStarted() {
            return started;
        }

        @Override
        public synchronized void close() {
            environment.close();
        }
    }

    /** Per-test state: the recorder, and the injector and pool when asked for. */
    @SuppressWarnings("deprecation")
    static final class TestState implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        final EventRecorder recorder = EventRecorder.systemUtc();
        final String testName;
        FaultInjector injector;
        ReferencePool pool;

        TestState(String testName) {
            this.testName = testName;
        }

        synchronized FaultInjector injector(ChaosEnvironment env) {
            if (injector == null) {
                injector = new FaultInjector(env, recorder);
                recorder.record(at -> new NoteEvent(at, "chaos", "environment " + env.capabilities()));
            }
            return injector;
        }

        synchronized ReferencePool pool(ChaosEnvironment env) {
            if (pool == null) {
                PoolSettings settings = PoolSettings.parse(env.databaseUrl()).withApplicationName(env.applicationName());
                pool = ReferencePool.builder(settings).recorder(recorder).seed(env.seed()).start();
            }
            return pool;
        }

        @Override
        public synchronized void close() {
            if (pool != null) {
                pool.close();
                pool = null;
            }
        }
    }
}
