package io.chaosharness.pool;

/** A database URL or pool setting that failed validation; {@link #field()} names the offending field. */
public final class InvalidDatabaseUrlException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String field;

    public InvalidDatabaseUrlException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The field or URL parameter that was rejected, e.g. {@code connection_limit}. */
    public String field() {
        return field;
    }
}
