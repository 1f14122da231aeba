package io.chaosharness.blackbox.load;

import io.chaosharness.blackbox.spec.AppSpec;
import io.chaosharness.blackbox.spec.HealthSpec;
import io.chaosharness.blackbox.spec.Journey;
import io.chaosharness.blackbox.spec.RenderContext;
import io.chaosharness.blackbox.spec.SpecException;
import io.chaosharness.blackbox.spec.Step;
import io.chaosharness.blackbox.spec.Template;
import io.chaosharness.core.Seeds;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Checks, before a run and before any fault, that the spec fits the application: the base URL answers (any status),
 * every journey step answers one of its expected statuses, and the health endpoint answers healthy. A step is tried
 * up to {@value #TRIES} times within the probe window (the application may still be warming up); one that never
 * gets its status is a {@link SpecException} naming the step's {@code expect} line. The probes are real requests
 * (a login step logs in once, as virtual user 0) and are not recorded on the timeline.
 */
public final class Preflight {

    /** Tries per step. */
    public static final int TRIES = 3;
    /** Default probe window per step; each try gets at most a third of it. */
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(6);

    /** What one step answered in the probe. */
    public record Probe(String journey, String step, int status, double latencyMs, int tries) {
    }

    private Preflight() {
    }

    /** {@link #check(AppSpec, Map, boolean, Duration)} with the default window. */
    public static List<Probe> check(AppSpec spec, Map<String, String> env, boolean allowNonLoopback)
            throws InterruptedException {
        return check(spec, env, allowNonLoopback, DEFAULT_WINDOW);
    }

    /**
     * Probes the application.
     *
     * @param env    the resolved environment ({@link AppSpec#resolveEnvironment})
     * @param window how long one step may take to give its expected status, 300 ms..2 min
     * @return what each step (and the health endpoint, as journey {@value LoadDriver#HEALTH_JOURNEY}) answered
     * @throws SpecException a non-loopback target (unless allowed), an unreachable base URL (at {@code baseUrl}), a
     *                       step whose expected status never came (at its {@code expect}), an unhealthy health
     *                       endpoint (at {@code health})
     */
    public static List<Probe> check(AppSpec spec, Map<String, String> env, boolean allowNonLoopback, Duration window)
            throws InterruptedException {
        Objects.requireNonNull(spec, "spec");
        if (window.compareTo(Duration.ofMillis(300)) < 0 || window.compareTo(Duration.ofMinutes(2)) > 0) {
            throw new IllegalArgumentException("window must be between 300 ms and 2 min, but was " + window);
        }
        spec.resolveEnvironment(env::get);
        Function<String, String> mask = AppSpec.masker(env);
        TargetGuard.check(spec.baseUrl(), allowNonLoopback, spec.baseUrlLocation(), "baseUrl");
        Duration perTry = window.dividedBy(TRIES);
        ExecutorService threads = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "preflight-" + spec.name());
            t.setDaemon(true);
            return t;
        });
        try {
            HttpClient client = Exchange.client(perTry, threads);
            reachable(spec, client, perTry, mask);
            List<Probe> out = new ArrayList<>();
            RenderContext ctx = userZero(spec, env);
            for (Journey j : spec.journeys()) {
                for (Step s : j.steps()) {
                    out.add(probe(spec, client, perTry, mask, j.name(), s.name(), s.field() + ".expect",
                            s.expectLocation(), s.expect(), () -> Exchange.request(spec, s, ctx, perTry)));
                }
            }
            if (spec.health().isPresent()) {
                HealthSpec h = spec.health().get();
                URI uri = spec.resolve(h.path().render(ctx));
                out.add(probe(spec, client, perTry, mask, LoadDriver.HEALTH_JOURNEY, LoadDriver.HEALTH_JOURNEY,
                        "health.expect", h.location(), h.expect(), () -> Exchange.get(uri, perTry)));
            }
            return out;
        } finally {
            threads.shutdownNow();
        }
    }

    private static void reachable(AppSpec spec, HttpClient client, Duration perTry, Function<String, String> mask)
            throws InterruptedException {
        Exception last = null;
        for (int i = 0; i < TRIES; i++) {
            long begin = System.nanoTime();
            try {
                client.send(Exchange.get(spec.baseUrl(), perTry), HttpResponse.BodyHandlers.discarding());
                return; // any answer: something is listening and speaks HTTP
            } catch (java.io.IOException e) {
                last = e;
                sleepRest(begin, perTry);
            }
        }
        ErrorClass cls = Exchange.classify(last);
        throw new SpecException(spec.baseUrlLocation(), "baseUrl", spec.baseUrl() + " is not reachable ("
                + (cls == ErrorClass.CONNECTION_REFUSED ? "connection refused" : cls == ErrorClass.TIMEOUT
                ? "no answer within " + perTry.toMillis() + " ms" : mask.apply(Exchange.describe(last)))
                + ", " + TRIES + " tries): is the application running there?");
    }

    private interface RequestFactory {
        HttpRequest get();
    }

    private static Probe probe(AppSpec spec, HttpClient client, Duration perTry, Function<String, String> mask,
                               String journey, String step, String field, io.chaosharness.blackbox.spec.SpecLocation at,
                               java.util.Set<Integer> expect, RequestFactory request) throws InterruptedException {
        List<String> seen = new ArrayList<>();
        for (int i = 1; i <= TRIES; i++) {
            long begin = System.nanoTime();
            try {
                HttpResponse<String> r = client.send(request.get(), Exchange.cappedBody());
                double ms = (System.nanoTime() - begin) / 1e6;
                if (expect.contains(r.statusCode())) {
                    return new Probe(journey, step, r.statusCode(), ms, i);
                }
                seen.add(Integer.toString(r.statusCode()));
            } catch (java.io.IOException e) {
                seen.add(mask.apply(Exchange.classify(e) == ErrorClass.TIMEOUT ? "no answer within "
                        + perTry.toMillis() + " ms" : Exchange.describe(e)));
            }
            sleepRest(begin, perTry);
        }
        String what = journey.equals(LoadDriver.HEALTH_JOURNEY) ? "the health endpoint" : "journey '" + journey
                + "' step '" + step + "'";
        throw new SpecException(at, field, what + " expects " + sorted(expect) + " but got " + String.join(", ", seen)
                + " in " + TRIES + " tries before the run (no fault in force): fix the spec or the application");
    }

    private static String sorted(java.util.Set<Integer> s) {
        return new java.util.TreeSet<>(s).toString();
    }

    private static void sleepRest(long begin, Duration perTry) throws InterruptedException {
        long left = perTry.toNanos() - (System.nanoTime() - begin);
        if (left > 0) {
            Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
        }
    }

    private static RenderContext userZero(AppSpec spec, Map<String, String> env) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("index", "0");
        var random = Seeds.forComponent(0, "preflight");
        if (!spec.accounts().isEmpty()) {
            RenderContext accountCtx = new RenderContext(env, Map.of(), random);
            for (Map.Entry<String, Template> e : spec.accounts().get(0).entrySet()) {
                fields.put(e.getKey(), e.getValue().render(accountCtx));
            }
        }
        return new RenderContext(env, fields, random);
    }
}
