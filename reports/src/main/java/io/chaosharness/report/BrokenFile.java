package io.chaosharness.report;

import java.nio.file.Path;
import java.util.Objects;

/**
 * An input file that could not be used, and why. The message names the file, and where possible the field and
 * value or the line and column.
 */
public record BrokenFile(Path file, String message) {

    public BrokenFile {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
    }
}
