package io.chaosharness.proxy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.function.Consumer;

/**
 * One request and its response on the API's HTTP transport ({@link ApiHttpServer}). The method names are those of
 * {@code com.sun.net.httpserver.HttpExchange}, which this replaces, with the same meaning: the request body has
 * already arrived in full (so reading it never blocks), the response is buffered and goes out on {@link #close()}.
 */
final class HttpExchange {

    private final String method;
    private final URI uri;
    private final String protocol;
    private final Headers requestHeaders;
    private final byte[] requestBody;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final Headers responseHeaders = new Headers();
    private final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
    private final Consumer<HttpExchange> onClose;
    private int status;
    private long declaredLength;
    private boolean closed;

    HttpExchange(String method, URI uri, String protocol, Headers requestHeaders, byte[] requestBody,
                 InetSocketAddress remote, InetSocketAddress local, Consumer<HttpExchange> onClose) {
        this.method = method;
        this.uri = uri;
        this.protocol = protocol;
        this.requestHeaders = requestHeaders;
        this.requestBody = requestBody;
        this.remote = remote;
        this.local = local;
        this.onClose = onClose;
    }

    String getRequestMethod() {
        return method;
    }

    URI getRequestURI() {
        return uri;
    }

    /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
    String getProtocol() {
        return protocol;
    }

    Headers getRequestHeaders() {
        return requestHeaders;
    }

    Headers getResponseHeaders() {
        return responseHeaders;
    }

    InetSocketAddress getRemoteAddress() {
        return remote;
    }

    InetSocketAddress getLocalAddress() {
        return local;
    }

    /** The whole request body (empty when there was none). */
    InputStream getRequestBody() {
        return new ByteArrayInputStream(requestBody);
    }

    /**
     * Starts the response. As in the JDK server, {@code length} -1 means no body; otherwise the body written to
     * {@link #getResponseBody()} is sent with its actual length.
     *
     * @throws IllegalStateException when the response was already started
     */
    void sendResponseHeaders(int status, long length) {
        if (this.status != 0) {
            throw new IllegalStateException("response headers already sent");
        }
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status must be between 100 and 999, but was " + status);
        }
        this.status = status;
        this.declaredLength = length;
    }

    /** The response body; closing it does not end the exchange, {@link #close()} does. */
    OutputStream getResponseBody() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                responseBody.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                responseBody.write(b, off, len);
            }
        };
    }

    /** Ends the exchange and hands the response to the transport. Idempotent. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        onClose.accept(this);
    }

    /** The status sent, 200 when the handler sent none (as Go's net/http). */
    int status() {
        return status == 0 ? 200 : status;
    }

    boolean hasBody() {
        return declaredLength != -1 && responseBody.size() > 0;
    }

    byte[] body() {
        return declaredLength == -1 ? new byte[0] : responseBody.toByteArray();
    }
}
