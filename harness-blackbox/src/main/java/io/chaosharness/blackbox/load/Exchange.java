package io.chaosharness.blackbox.load;

import io.chaosharness.blackbox.spec.AppSpec;
import io.chaosharness.blackbox.spec.RenderContext;
import io.chaosharness.blackbox.spec.Step;
import io.chaosharness.blackbox.spec.Template;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;

/** Building one request from a step, and reading its answer (body kept up to a cap, for the fallback recogniser). */
final class Exchange {

    /** Bytes of a response body kept for the fallback recogniser; the rest is read and dropped. */
    static final int BODY_CAP = 64 * 1024;

    private Exchange() {
    }

    static HttpClient client(Duration connectTimeout, Executor executor) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(connectTimeout)
                .executor(executor)
                .build();
    }

    static HttpRequest request(AppSpec spec, Step step, RenderContext ctx, Duration timeout) {
        URI uri = spec.resolve(step.path().render(ctx));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout);
        boolean contentType = false;
        for (Map.Entry<String, Template> h : step.headers().entrySet()) {
            b.header(h.getKey(), h.getValue().render(ctx));
            contentType |= h.getKey().equalsIgnoreCase("Content-Type");
        }
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (step.body().isPresent()) {
            body = HttpRequest.BodyPublishers.ofString(step.body().get().render(ctx), StandardCharsets.UTF_8);
            if (!contentType && step.body().get().isJson()) {
                b.header("Content-Type", "application/json");
            }
        }
        return b.method(step.method(), body).build();
    }

    static HttpRequest get(URI uri, Duration timeout) {
        return HttpRequest.newBuilder(uri).timeout(timeout).GET().build();
    }

    /** Keeps the first {@link #BODY_CAP} bytes as text, reads (and drops) the rest. */
    static HttpResponse.BodyHandler<String> cappedBody() {
        return info -> new Capped();
    }

    /** The class of a failed exchange. */
    static ErrorClass classify(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HttpConnectTimeoutException || c instanceof HttpTimeoutException
                    || c instanceof TimeoutException) {
                return ErrorClass.TIMEOUT;
            }
            if (c instanceof ConnectException) {
                return ErrorClass.CONNECTION_REFUSED;
            }
        }
        return ErrorClass.IO_ERROR;
    }

    /** A short description of a failure, without a secret (the caller masks it too). */
    static String describe(Throwable failure) {
        Throwable t = failure;
        while (t instanceof CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : ": " + m);
    }

    private static final class Capped implements HttpResponse.BodySubscriber<String> {
        private final CompletableFuture<String> result = new CompletableFuture<>();
        private final byte[] buffer = new byte[BODY_CAP];
        private int length;

        @Override
        public CompletionStage<String> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
            for (ByteBuffer b : items) {
                int n = Math.min(b.remaining(), BODY_CAP - length);
                b.get(buffer, length, n);
                length += n;
            }
        }

        @Override
        public void onError(Throwable throwable) {
            result.completeExceptionally(throwable instanceof IOException ? throwable : new IOException(throwable));
        }

        @Override
        public void onComplete() {
            result.complete(new String(buffer, 0, length, StandardCharsets.UTF_8));
        }
    }
}
