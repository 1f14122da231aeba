package io.chaosharness.cli;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.chaosharness.core.Secrets;

/**
 * A logback pattern layout that masks every line it renders: URL passwords and {@code password=} parameters
 * ({@link Secrets#mask(String)}), and the run's database password wherever it appears literally (stack traces
 * included). Configured in {@code logback.xml}; {@link #knownSecret(String)} is set by {@code harness run}.
 */
public final class MaskingLayout extends PatternLayout {

    private static volatile String knownSecret;

    /** The password of the run's target, masked literally in every log line; {@code null} to forget it. */
    static void knownSecret(String secret) {
        knownSecret = secret == null || secret.isEmpty() ? null : secret;
    }

    @Override
    public String doLayout(ILoggingEvent event) {
        return Secrets.mask(super.doLayout(event), knownSecret);
    }
}
