package io.chaosharness.cli;

import io.chaosharness.core.Secrets;
import java.io.PrintWriter;

/**
 * Where a command speaks: every line goes through {@link Secrets#mask(String, String)} with the run's known password,
 * so nothing printed can carry it. Lines are flushed at once (progress must show while the run goes on).
 */
final class Console {

    private final PrintWriter out;
    private final PrintWriter err;
    private final String prefix;
    private volatile String secret;

    Console(PrintWriter out, PrintWriter err, String prefix) {
        this.out = out;
        this.err = err;
        this.prefix = prefix;
    }

    /** The password to mask literally from now on. */
    void secret(String secret) {
        this.secret = secret;
    }

    String mask(String text) {
        return Secrets.mask(text, secret);
    }

    void say(String line) {
        synchronized (out) {
            out.println(mask(prefix + line));
            out.flush();
        }
    }

    void warn(String line) {
        synchronized (err) {
            err.println(mask(prefix + "warning: " + line));
            err.flush();
        }
    }

    void error(String line) {
        synchronized (err) {
            err.println(mask(prefix + line));
            err.flush();
        }
    }
}
