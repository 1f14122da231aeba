package io.chaosharness.proxy;

/**
 * Answers one request of the API's HTTP transport ({@link ApiHttpServer}). Called on a worker thread once the whole
 * request (head and body) has arrived, so a handler never waits on a slow client; it must call
 * {@link HttpExchange#close()} when done.
 */
interface HttpHandler {

    void handle(HttpExchange exchange);
}
