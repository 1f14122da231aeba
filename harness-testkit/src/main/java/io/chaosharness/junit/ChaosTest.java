package io.chaosharness.junit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * Marks a test class that runs against a {@link io.chaosharness.env.ChaosEnvironment}. Test methods (and lifecycle
 * methods) may declare parameters of these types, resolved by {@link ChaosExtension}:
 * <ul>
 *   <li>{@link io.chaosharness.env.ChaosEnvironment} (or the provider's class) — started on first use, shared by
 *       every {@code @ChaosTest} class of the run unless {@link #isolatedEnvironment()};</li>
 *   <li>{@link io.chaosharness.chaos.FaultInjector} — per test; every fault is removed after the test, pass or fail;</li>
 *   <li>{@link io.chaosharness.core.event.EventRecorder} — per test, the timeline of faults and pool events;</li>
 *   <li>{@link io.chaosharness.pool.ReferencePool} — per test, on the environment's proxied {@code DATABASE_URL};</li>
 *   <li>{@link io.chaosharness.env.EnvironmentCapabilities}.</li>
 * </ul>
 * Classes using the shared environment hold one resource lock, so JUnit never runs two of them at once even with
 * parallel execution on: faults are proxy-wide, and one test's latency would be another's flake.
 */
@Target({ElementType.TYPE, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ChaosExtension.class)
@ResourceLock(ChaosExtension.ENVIRONMENT_LOCK)
public @interface ChaosTest {

    /**
     * Give this class its own environment, started before its first test and closed after its last (for tests that
     * change the database in ways later classes should not see). Slower: a second PostgreSQL start.
     */
    boolean isolatedEnvironment() default false;
}
