package io.chaosharness.blackbox.load;

/**
 * Why a request did not succeed, as recorded in {@link RequestOutcome#errorClass()} and as the {@code failureClass}
 * of its {@code CallEvent}.
 */
public enum ErrorClass {
    /** An answer with a status the step does not expect ({@link RequestOutcome#status()} says which). */
    UNEXPECTED_STATUS,
    /** No complete answer within the request timeout, counted from the planned time. */
    TIMEOUT,
    /** The connection was refused: nothing listens at the base URL (or the application is down). */
    CONNECTION_REFUSED,
    /** Any other I/O failure: connection reset, closed mid-answer, malformed HTTP. */
    IO_ERROR,
    /**
     * Not sent: the generator's own cap on outstanding requests was reached (the application has that many requests
     * unanswered). Counted as an error of the application, since each of them is late.
     */
    OUTSTANDING_CAP
}
