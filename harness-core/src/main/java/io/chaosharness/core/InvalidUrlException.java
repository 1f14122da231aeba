package io.chaosharness.core;

/** A database URL that failed to parse; {@link #field()} names the offending part. The message never holds a secret. */
public class InvalidUrlException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidUrlException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The part or URL parameter that was rejected: {@code scheme}, {@code host}, {@code port}, {@code user}, ... */
    public String field() {
        return field;
    }
}
