package io.chaosharness.scenario;

/**
 * A bad design setting: the message names the setting and the value ({@code "connection_limit must be between 1 and
 * 10000, but was 0"}); {@link DesignFile} prefixes the file and line.
 */
public final class DesignException extends IllegalArgumentException {

    private final String field;

    public DesignException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The setting at fault ({@code connection_limit}, {@code retry.max_retries}, {@code name}, ...). */
    public String field() {
        return field;
    }
}
