package io.chaosharness.blackbox.load;

import io.chaosharness.blackbox.spec.AppSpec;
import io.chaosharness.blackbox.spec.HealthSpec;
import io.chaosharness.blackbox.spec.Journey;
import io.chaosharness.blackbox.spec.LoadSettings;
import io.chaosharness.blackbox.spec.MetricsSpec;
import io.chaosharness.blackbox.spec.RenderContext;
import io.chaosharness.blackbox.spec.SpecException;
import io.chaosharness.blackbox.spec.Step;
import io.chaosharness.blackbox.spec.Template;
import io.chaosharness.core.Seeds;
import io.chaosharness.core.event.CallEvent;
import io.chaosharness.core.event.EventRecorder;
import io.chaosharness.core.event.NoteEvent;
import io.chaosharness.core.event.Outcome;
import io.chaosharness.core.event.PoolGaugeEvent;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open-model load generator: sends a spec's journeys at their planned times, whatever the application does.
 *
 * <pre>
 *   user u (of N) on journey J:  planned(n) = t0 + thinkTime * u / N + n * thinkTime,  step = J.steps[n mod |J|]
 *
 *   one scheduler thread ──(at planned(n))──▶ HttpClient.sendAsync ──▶ application
 *                                                  │  (2 client threads complete the answers)
 *                                                  ▼
 *        RequestOutcome (planned, started, ended, status, error class, fallback) ──▶ EventRecorder (CallEvent)
 * </pre>
 *
 * <p>Latency counts from the planned time, and a request is sent at its planned time even while earlier ones are
 * unanswered, so a stalled application shows up as latency, not as fewer requests (coordinated omission). Virtual
 * users are assigned to journeys by weight, every journey getting at least one. Everything is bounded: the number of
 * requests is fixed by the plan (at most {@link Builder#maxRequests(long)}), a request is abandoned and counted as
 * {@link ErrorClass#TIMEOUT} once its request timeout from the planned time has passed, at most
 * {@link Builder#maxOutstanding(int)} are in flight (past that a due request counts as
 * {@link ErrorClass#OUTSTANDING_CAP}), and a run ends at most a request timeout plus 2 s after its duration. Only
 * loopback targets unless {@link Builder#allowNonLoopback(boolean)} (see {@link TargetGuard}).
 *
 * <p>Every outcome is recorded on the run's timeline as a {@link CallEvent} (stamped at its end, {@code latencyMs}
 * from its planned time, {@code failureClass} the {@link ErrorClass} name, {@code fallback} from the spec's
 * recogniser), named by {@link Builder#operationName(Function)} (default {@code journey/step}; health probes
 * {@value #HEALTH_JOURNEY}). The scenario criteria read those events like the runner's own calls. The spec's health
 * endpoint is probed and its metrics endpoint read on their intervals (see {@link Builder#scrapeMetrics(boolean)}).
 *
 * <pre>{@code
 * Map<String, String> env = spec.resolveEnvironment(System::getenv);
 * LoadDriver driver = LoadDriver.builder(spec).load(spec.loadFor("brief-outage")).environment(env)
 *         .recorder(recorder).seed(seed).build();
 * Preflight.check(spec, env, false);          // base URL reachable, every step answers what it expects
 * try (LoadRun run = driver.start()) {         // apply faults meanwhile
 *     LoadResult result = run.await();
 * }
 * }</pre>
 */
public final class LoadDriver {

    /** The journey and step name of health probes (their {@link RequestOutcome#user()} is -1). */
    public static final String HEALTH_JOURNEY = "health";
    public static final int DEFAULT_MAX_OUTSTANDING = 5_000;
    public static final long DEFAULT_MAX_REQUESTS = 1_000_000;
    /** How long after the duration plus the request timeout outstanding requests are forced to end as timeouts. */
    static final Duration DRAIN_SLACK = Duration.ofSeconds(2);

    private static final Logger LOG = LoggerFactory.getLogger(LoadDriver.class);

    private final AppSpec spec;
    private final LoadSettings load;
    private final Map<String, String> env;
    private final Function<String, String> mask;
    private final EventRecorder recorder;
    private final long seed;
    private final int maxOutstanding;
    private final boolean probeHealth;
    private final boolean scrapeMetrics;
    private final Function<RequestOutcome, String> operationName;
    private final Consumer<RequestOutcome> listener;
    private final List<Journey> journeyOfUser;

    private LoadDriver(Builder b) {
        this.spec = b.spec;
        this.load = b.load != null ? b.load : spec.load();
        this.env = Map.copyOf(b.env);
        spec.resolveEnvironment(this.env::get); // every ${env.*} the spec reads must be given: SpecException if not
        this.mask = AppSpec.masker(this.env);
        this.recorder = Objects.requireNonNull(b.recorder, "recorder");
        this.seed = b.seed;
        this.maxOutstanding = b.maxOutstanding;
        this.probeHealth = b.probeHealth;
        this.scrapeMetrics = b.scrapeMetrics;
        this.operationName = b.operationName;
        this.listener = b.listener;
        TargetGuard.check(spec.baseUrl(), b.allowNonLoopback, spec.baseUrlLocation(), "baseUrl");
        if (load.users() < spec.journeys().size()) {
            throw new SpecException(spec.loadLocation(), "load.users", "must be at least the number of journeys ("
                    + spec.journeys().size() + ") so that every journey has a user, but was " + load.users());
        }
        long planned = load.plannedRequests();
        if (planned > b.maxRequests) {
            throw new SpecException(spec.loadLocation(), "load", load.users() + " users every "
                    + load.thinkTime().toMillis() + " ms for " + load.duration().toSeconds() + " s plan " + planned
                    + " requests; this run allows at most " + b.maxRequests);
        }
        this.journeyOfUser = assign(spec.journeys(), load.users());
    }

    public static Builder builder(AppSpec spec) {
        return new Builder(spec);
    }

    /** Users to journeys: one each first, then the rest in weighted round robin (weights 3 and 1: 3 of 4 users). */
    static List<Journey> assign(List<Journey> journeys, int users) {
        List<Journey> out = new ArrayList<>(journeys);
        int[] count = new int[journeys.size()];
        for (int i = 0; i < journeys.size(); i++) {
            count[i] = 1;
        }
        int total = journeys.stream().mapToInt(Journey::weight).sum();
        while (out.size() < users) {
            // the journey furthest below its weighted share gets the next user
            int best = 0;
            double bestDeficit = Double.NEGATIVE_INFINITY;
            int next = out.size() + 1;
            for (int i = 0; i < journeys.size(); i++) {
                double deficit = (double) next * journeys.get(i).weight() / total - count[i];
                if (deficit > bestDeficit + 1e-9) {
                    bestDeficit = deficit;
                    best = i;
                }
            }
            count[best]++;
            out.add(journeys.get(best));
        }
        return List.copyOf(out);
    }

    /** The load this driver sends. */
    public LoadSettings load() {
        return load;
    }

    /** The journey of each virtual user, by user number. */
    public List<Journey> journeyOfUser() {
        return journeyOfUser;
    }

    /** Starts sending at once; the run goes on in the background until its duration (and drain) or a cancel. */
    public LoadRun start() {
        LoadRun run = new LoadRun(this);
        run.begin();
        return run;
    }

    /** Runs to the end and returns the result (bounded: duration + request timeout + 2 s). */
    public LoadResult run() throws InterruptedException {
        try (LoadRun r = start()) {
            return r.await();
        }
    }

    // --------------------------------------------------------------------------------------------------- the run

    /** A started run: progress, bounded waiting, cancel. Closing it cancels a run still going. */
    public static final class LoadRun implements AutoCloseable {
        private final LoadDriver d;
        private final ExecutorService httpThreads;
        private final HttpClient client;
        private final Thread scheduler;
        private final CompletableFuture<LoadResult> done = new CompletableFuture<>();
        private final ConcurrentHashMap<Long, InFlight> inFlight = new ConcurrentHashMap<>();
        private final List<RequestOutcome> outcomes = new ArrayList<>();
        private final AtomicLong tokens = new AtomicLong();
        private final AtomicLong sent = new AtomicLong();
        private final AtomicInteger outstanding = new AtomicInteger();
        private final AtomicInteger scrapesOutstanding = new AtomicInteger();
        private volatile boolean cancelled;
        private long startNanos;
        private Instant startInstant;
        private final long plannedProbes;
        private final long plannedScrapes;
        private final List<MetricsSample> samples = new ArrayList<>();

        private LoadRun(LoadDriver d) {
            this.d = d;
            AtomicInteger n = new AtomicInteger();
            this.httpThreads = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "load-http-" + d.spec.name() + "-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            this.client = Exchange.client(d.load.requestTimeout(), httpThreads);
            this.scheduler = new Thread(this::schedule, "load-scheduler-" + d.spec.name());
            this.scheduler.setDaemon(true);
            this.plannedProbes = d.probeHealth && d.spec.health().isPresent()
                    ? ceilDiv(d.load.duration().toNanos(), d.spec.health().get().interval().toNanos()) : 0;
            this.plannedScrapes = d.scrapeMetrics && d.spec.metrics().isPresent()
                    ? ceilDiv(d.load.duration().toNanos(), d.spec.metrics().get().interval().toNanos()) : 0;
        }

        private void begin() {
            startInstant = d.recorder.now();
            startNanos = System.nanoTime();
            String line = "open-model load on " + d.spec.baseUrl() + ": " + d.load.users() + " users on "
                    + d.spec.journeys().size() + " journey(s), one request every " + d.load.thinkTime().toMillis()
                    + " ms each (" + String.format(java.util.Locale.ROOT, "%.1f", d.load.plannedRatePerSecond())
                    + " req/s), for " + d.load.duration().toSeconds() + " s: " + plannedRequests()
                    + " requests planned, timeout " + d.load.requestTimeout().toMillis() + " ms from the planned time"
                    + (plannedProbes > 0 ? ", " + plannedProbes + " health probes" : "");
            LOG.info("{} - {}", d.spec.name(), line);
            d.recorder.append(new NoteEvent(startInstant, "load", line));
            scheduler.start();
        }

        /** Journey requests planned. */
        public long plannedRequests() {
            return d.load.plannedRequests();
        }

        /** Requests handed to the HTTP client so far (probes included). */
        public long sent() {
            return sent.get();
        }

        /** Outcomes recorded so far (probes included). */
        public int completed() {
            synchronized (outcomes) {
                return outcomes.size();
            }
        }

        /** Requests sent and not yet answered. */
        public int outstanding() {
            return outstanding.get();
        }

        /** The run's time zero. */
        public Instant startedAt() {
            return startInstant;
        }

        public boolean isDone() {
            return done.isDone();
        }

        /** Waits for the end of the run, which is bounded (duration + request timeout + 2 s, plus a margin). */
        public LoadResult await() throws InterruptedException {
            Duration bound = d.load.duration().plus(d.load.requestTimeout()).plus(DRAIN_SLACK).plusSeconds(10);
            LoadResult r = await(bound);
            if (r == null) {
                throw new IllegalStateException(d.spec.name() + " - load run did not end within " + bound.toSeconds()
                        + " s (outstanding " + outstanding() + ")");
            }
            return r;
        }

        /** Waits at most {@code max}; {@code null} if the run has not ended by then. */
        public LoadResult await(Duration max) throws InterruptedException {
            try {
                return done.get(max.toNanos(), TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                return null;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(d.spec.name() + " - load run failed: "
                        + d.mask.apply(Exchange.describe(e.getCause())), e.getCause());
            }
        }

        /**
         * Cancels the run: nothing more is sent, requests still outstanding are abandoned (not outcomes: the run is
         * being torn down), and the result says {@code cancelled}. Returns once the scheduler has stopped (bounded).
         */
        @Override
        public void close() throws InterruptedException {
            if (!done.isDone()) {
                cancelled = true;
                LockSupport.unpark(scheduler);
                scheduler.join(5_000);
                finish();
            }
            httpThreads.shutdownNow();
        }

        private Instant instant(long nanos) {
            return startInstant.plusNanos(nanos - startNanos);
        }

        /** One virtual user (or the health prober) in the scheduler's queue, ordered by its next due time. */
        private final class Source {
            final int user;
            final Journey journey; // null for the prober
            final long count;
            final long interval;
            final RenderContext ctx;
            long sequence;
            long due;

            Source(int user, Journey journey, long phase, long interval, long count, RenderContext ctx) {
                this.user = user;
                this.journey = journey;
                this.interval = interval;
                this.count = count;
                this.ctx = ctx;
                this.due = startNanos + phase;
            }
        }

        private void schedule() {
            try {
                PriorityQueue<Source> queue = new PriorityQueue<>((a, b) -> Long.compare(a.due, b.due));
                LoadSettings load = d.load;
                for (int u = 0; u < load.users(); u++) {
                    long count = load.plannedRequests(u);
                    if (count > 0) {
                        queue.add(new Source(u, d.journeyOfUser.get(u), load.phaseNanos(u), load.thinkTime().toNanos(),
                                count, context(u)));
                    }
                }
                if (plannedScrapes > 0) {
                    queue.add(new Source(-2, null, 0, d.spec.metrics().get().interval().toNanos(), plannedScrapes,
                            new RenderContext(d.env, Map.of(), Seeds.forComponent(d.seed, "load-metrics"))));
                }
                if (plannedProbes > 0) {
                    HealthSpec h = d.spec.health().get();
                    queue.add(new Source(-1, null, 0, h.interval().toNanos(), plannedProbes,
                            new RenderContext(d.env, Map.of(), Seeds.forComponent(d.seed, "load-health"))));
                }
                while (!queue.isEmpty() && !cancelled) {
                    Source s = queue.poll();
                    if (!sleepUntil(s.due)) {
                        break;
                    }
                    dispatch(s);
                    s.sequence++;
                    if (s.sequence < s.count) {
                        s.due += s.interval;
                        queue.add(s);
                    }
                }
                if (cancelled) {
                    return;
                }
                // drain: every request ends by its own timeout; past the slack, force what is left
                long deadline = startNanos + load.duration().toNanos() + load.requestTimeout().toNanos()
                        + DRAIN_SLACK.toNanos();
                while ((outstanding.get() > 0 || scrapesOutstanding.get() > 0) && !cancelled
                        && System.nanoTime() < deadline) {
                    LockSupport.parkNanos(Math.min(10_000_000L, Math.max(1, deadline - System.nanoTime())));
                }
                if (!cancelled) {
                    for (Long token : List.copyOf(inFlight.keySet())) {
                        complete(token, null, new java.util.concurrent.TimeoutException("still outstanding at the end "
                                + "of the run"));
                    }
                    finish();
                }
            } catch (RuntimeException | Error e) {
                LOG.warn("{} - load scheduler failed: {}", d.spec.name(), d.mask.apply(Exchange.describe(e)));
                done.completeExceptionally(e);
            }
        }

        private RenderContext context(int user) {
            RandomGenerator random = Seeds.forComponent(d.seed, "load-user-" + user);
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("index", Integer.toString(user));
            if (!d.spec.accounts().isEmpty()) {
                Map<String, Template> account = d.spec.accounts().get(user % d.spec.accounts().size());
                RenderContext accountCtx = new RenderContext(d.env, Map.of(), random);
                account.forEach((k, t) -> fields.put(k, t.render(accountCtx)));
            }
            return new RenderContext(d.env, fields, random);
        }

        /** Parks until {@code due} (System.nanoTime); false when cancelled meanwhile. */
        private boolean sleepUntil(long due) {
            long wait;
            while ((wait = due - System.nanoTime()) > 0) {
                if (cancelled) {
                    return false;
                }
                LockSupport.parkNanos(wait);
            }
            return !cancelled;
        }

        /** Reads the metrics endpoint once; the answer becomes a {@link MetricsSample} and, with pool gauges, an event. */
        private void scrape(Source s) {
            MetricsSpec m = d.spec.metrics().get();
            Duration timeout = m.interval().compareTo(d.load.requestTimeout()) < 0 ? m.interval() : d.load.requestTimeout();
            HttpRequest request = Exchange.get(d.spec.resolve(m.path().render(s.ctx)), timeout);
            scrapesOutstanding.incrementAndGet();
            try {
                client.sendAsync(request, Exchange.cappedBody()).orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS)
                        .whenComplete((response, failure) -> {
                            try {
                                Instant at = instant(System.nanoTime());
                                if (cancelled || done.isDone()) {
                                    return;
                                }
                                if (failure != null || response.statusCode() / 100 != 2) {
                                    addSample(new MetricsSample(at, Map.of(), failure != null
                                            ? Exchange.classify(failure).name() : "status " + response.statusCode()));
                                    return;
                                }
                                Map<String, Double> values = m.extract(response.body());
                                addSample(new MetricsSample(at, values, null));
                                gauge(at, values).ifPresent(d.recorder::append);
                            } finally {
                                scrapesOutstanding.decrementAndGet(); // after the sample: the drain waits for it
                            }
                        });
            } catch (RuntimeException e) {
                addSample(new MetricsSample(instant(System.nanoTime()), Map.of(), Exchange.classify(e).name()));
                scrapesOutstanding.decrementAndGet();
            }
        }

        private void addSample(MetricsSample sample) {
            synchronized (samples) {
                samples.add(sample);
            }
        }

        /**
         * Pool gauges from one sample, when it has {@code poolActive} and {@code poolMax} (utilisation is active over
         * max): total is {@code poolTotal}, else active + idle; idle is {@code poolIdle}, else total - active; waiting
         * is {@code poolWaiting}, else 0.
         */
        private java.util.Optional<PoolGaugeEvent> gauge(Instant at, Map<String, Double> v) {
            if (!v.containsKey("poolActive") || !v.containsKey("poolMax")) {
                return java.util.Optional.empty();
            }
            int active = (int) Math.round(v.get("poolActive"));
            int max = (int) Math.round(v.get("poolMax"));
            Double idleV = v.get("poolIdle");
            int total = v.containsKey("poolTotal") ? (int) Math.round(v.get("poolTotal"))
                    : active + (idleV == null ? 0 : (int) Math.round(idleV));
            int idle = idleV != null ? (int) Math.round(idleV) : Math.max(0, total - active);
            int waiting = v.containsKey("poolWaiting") ? (int) Math.round(v.get("poolWaiting")) : 0;
            return java.util.Optional.of(new PoolGaugeEvent(at, d.spec.name(), total, active, idle, waiting, max));
        }

        private void dispatch(Source s) {
            if (s.user == -2) {
                scrape(s);
                return;
            }
            long planned = s.due;
            Step step;
            String journey;
            HttpRequest request;
            long now = System.nanoTime();
            long remaining = d.load.requestTimeout().toNanos() - (now - planned);
            if (s.journey == null) {
                journey = HEALTH_JOURNEY;
                step = null;
            } else {
                journey = s.journey.name();
                step = s.journey.steps().get((int) (s.sequence % s.journey.steps().size()));
            }
            String stepName = step == null ? HEALTH_JOURNEY : step.name();
            if (remaining <= 0) {
                record(new RequestOutcome(journey, stepName, s.user, s.sequence, instant(planned), instant(now),
                        instant(now), 0, ErrorClass.TIMEOUT, false));
                return;
            }
            if (outstanding.get() >= d.maxOutstanding) {
                record(new RequestOutcome(journey, stepName, s.user, s.sequence, instant(planned), instant(now),
                        instant(now), 0, ErrorClass.OUTSTANDING_CAP, false));
                return;
            }
            Duration timeout = Duration.ofNanos(remaining);
            request = step == null ? Exchange.get(d.spec.resolve(d.spec.health().get().path().render(s.ctx)), timeout)
                    : Exchange.request(d.spec, step, s.ctx, timeout);
            long token = tokens.incrementAndGet();
            long started = System.nanoTime();
            inFlight.put(token, new InFlight(journey, stepName, step, s.user, s.sequence, planned, started));
            outstanding.incrementAndGet();
            sent.incrementAndGet();
            try {
                client.sendAsync(request, Exchange.cappedBody())
                        .orTimeout(remaining, TimeUnit.NANOSECONDS)
                        .whenComplete((response, failure) -> complete(token, response, failure));
            } catch (RuntimeException e) { // e.g. the executor refused: an error of the generator, recorded as IO
                complete(token, null, e);
            }
        }

        private void complete(long token, HttpResponse<String> response, Throwable failure) {
            long ended = System.nanoTime();
            InFlight f = inFlight.remove(token);
            if (f == null) {
                return; // already forced
            }
            try {
                if (!cancelled) {
                    record(outcome(f, ended, response, failure));
                }
            } finally {
                outstanding.decrementAndGet(); // after the record: the drain must not finish before it is there
            }
        }

        private RequestOutcome outcome(InFlight f, long ended, HttpResponse<String> response, Throwable failure) {
            int status = response == null ? 0 : response.statusCode();
            ErrorClass error = null;
            boolean fallback = false;
            if (failure != null) {
                error = Exchange.classify(failure);
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{} - {}/{} failed: {}", d.spec.name(), f.journey, f.step,
                            d.mask.apply(Exchange.describe(failure)));
                }
            } else {
                boolean expected = f.stepSpec == null ? d.spec.health().get().expect().contains(status)
                        : f.stepSpec.expects(status);
                error = expected ? null : ErrorClass.UNEXPECTED_STATUS;
                if (f.stepSpec != null && d.spec.fallback().isPresent()) {
                    fallback = d.spec.fallback().get().isFallback(status, response.headers().map(), response.body());
                }
            }
            return new RequestOutcome(f.journey, f.step, f.user, f.sequence, instant(f.planned), instant(f.started),
                    instant(ended), status, error, fallback);
        }

        private void record(RequestOutcome o) {
            synchronized (outcomes) {
                outcomes.add(o);
            }
            String operation = o.user() < 0 ? HEALTH_JOURNEY : d.operationName.apply(o);
            d.recorder.append(new CallEvent(o.ended(), operation, o.latencyMs(),
                    o.success() ? Outcome.SUCCESS : Outcome.FAILURE,
                    o.errorClass() == null ? null : o.errorClass().name(), o.fallback()));
            if (d.listener != null) {
                try {
                    d.listener.accept(o);
                } catch (RuntimeException e) {
                    LOG.warn("{} - outcome listener failed: {}", d.spec.name(), d.mask.apply(Exchange.describe(e)));
                }
            }
        }

        private void finish() {
            List<RequestOutcome> copy;
            synchronized (outcomes) {
                copy = List.copyOf(outcomes);
            }
            Instant end = copy.stream().map(RequestOutcome::ended).max(Instant::compareTo).orElse(startInstant);
            List<MetricsSample> metrics;
            synchronized (samples) {
                metrics = List.copyOf(samples);
            }
            done.complete(new LoadResult(d.load, plannedRequests(), plannedProbes, copy, metrics, startInstant, end,
                    cancelled));
            httpThreads.shutdown();
        }

        private record InFlight(String journey, String step, Step stepSpec, int user, long sequence, long planned,
                                long started) {
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }

    // --------------------------------------------------------------------------------------------------- builder

    /** Options of a driver; {@link #build()} checks them against the spec. */
    public static final class Builder {
        private final AppSpec spec;
        private LoadSettings load;
        private Map<String, String> env = Map.of();
        private EventRecorder recorder;
        private long seed = 0;
        private boolean allowNonLoopback;
        private int maxOutstanding = DEFAULT_MAX_OUTSTANDING;
        private long maxRequests = DEFAULT_MAX_REQUESTS;
        private boolean probeHealth = true;
        private boolean scrapeMetrics = true;
        private Function<RequestOutcome, String> operationName = o -> o.journey() + "/" + o.step();
        private Consumer<RequestOutcome> listener;

        private Builder(AppSpec spec) {
            this.spec = Objects.requireNonNull(spec, "spec");
        }

        /** The load to send (default: the spec's {@code load}; for a scenario, {@code spec.loadFor(id)}). */
        public Builder load(LoadSettings load) {
            this.load = Objects.requireNonNull(load, "load");
            return this;
        }

        /** The resolved environment ({@link AppSpec#resolveEnvironment}); its values are masked in every log line. */
        public Builder environment(Map<String, String> env) {
            this.env = Objects.requireNonNull(env, "env");
            return this;
        }

        /** The run's timeline (required). */
        public Builder recorder(EventRecorder recorder) {
            this.recorder = Objects.requireNonNull(recorder, "recorder");
            return this;
        }

        /** The run seed: every virtual user's {@code ${random.*}} draws from it. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Whether a non-loopback base URL may be driven (the run guard decides; default false). */
        public Builder allowNonLoopback(boolean allow) {
            this.allowNonLoopback = allow;
            return this;
        }

        /** Requests in flight at most, 1..100 000 (default {@value #DEFAULT_MAX_OUTSTANDING}). */
        public Builder maxOutstanding(int max) {
            if (max < 1 || max > 100_000) {
                throw new IllegalArgumentException("maxOutstanding must be between 1 and 100000, but was " + max);
            }
            this.maxOutstanding = max;
            return this;
        }

        /** Journey requests a run may plan at most, 1..10 000 000 (default {@value #DEFAULT_MAX_REQUESTS}). */
        public Builder maxRequests(long max) {
            if (max < 1 || max > 10_000_000) {
                throw new IllegalArgumentException("maxRequests must be between 1 and 10000000, but was " + max);
            }
            this.maxRequests = max;
            return this;
        }

        /** Whether to probe the spec's health endpoint during the run (default true, when the spec has one). */
        public Builder probeHealth(boolean probe) {
            this.probeHealth = probe;
            return this;
        }

        /**
         * Whether to read the spec's metrics endpoint during the run (default true, when the spec has one): each read
         * is a {@link MetricsSample} of the result, and one with {@code poolActive} and {@code poolMax} also a
         * {@code PoolGaugeEvent} on the timeline (pool named after the spec).
         */
        public Builder scrapeMetrics(boolean scrape) {
            this.scrapeMetrics = scrape;
            return this;
        }

        /** The {@code operation} of each journey request's {@code CallEvent} (default {@code journey/step}). */
        public Builder operationName(Function<RequestOutcome, String> name) {
            this.operationName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Called with every outcome, on the thread that completed it (keep it short). */
        public Builder listener(Consumer<RequestOutcome> listener) {
            this.listener = listener;
            return this;
        }

        /**
         * @throws SpecException a non-loopback base URL (unless allowed), an unset environment variable, fewer users
         *                       than journeys, more planned requests than {@link #maxRequests(long)}
         */
        public LoadDriver build() {
            return new LoadDriver(this);
        }
    }
}
