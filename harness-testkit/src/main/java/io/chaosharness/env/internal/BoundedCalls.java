package io.chaosharness.env.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs control calls (Toxiproxy API over {@code HttpURLConnection}, which has no timeouts of its own) with an upper
 * bound. A call that overruns is abandoned on a daemon thread and reported as an {@link IOException} naming it:
 * Toxiproxy's API is known to hang when a toxic is removed under traffic (Shopify/toxiproxy#558).
 */
public final class BoundedCalls {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "chaos-control-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private BoundedCalls() {
    }

    /** A call that may throw {@link IOException}. */
    @FunctionalInterface
    public interface IoCall<T> {
        T call() throws IOException;
    }

    /** A call with no result. */
    @FunctionalInterface
    public interface IoRun {
        void run() throws IOException;
    }

    public static <T> T call(String what, Duration timeout, IoCall<T> call) throws IOException {
        Future<T> future = EXECUTOR.submit((Callable<T>) call::call);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IOException(what + " did not answer within " + timeout.toMillis() + "ms", e);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException(what + " was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IOException(what + " failed: " + cause, cause);
        }
    }

    public static void run(String what, Duration timeout, IoRun run) throws IOException {
        call(what, timeout, () -> {
            run.run();
            return null;
        });
    }
}
