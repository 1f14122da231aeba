package io.chaosharness.proxy;

/** An error the API answers with {@code {"error":message,"status":status}}. */
final class ApiException extends RuntimeException {

    private final int status;

    ApiException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
