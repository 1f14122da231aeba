package io.chaosharness.blackbox.spec;

import java.util.Objects;

/**
 * Where a value stands in a spec file: the file as the user named it, 1-based line and column (0 when unknown).
 * Every part of a parsed {@link AppSpec} keeps its location, so that errors found later (a pre-flight probe whose
 * expected status never comes) still name the line.
 */
public record SpecLocation(String file, int line, int column) {

    public SpecLocation {
        Objects.requireNonNull(file, "file");
    }

    /** The whole file, no line (it could not be read, or it is empty). */
    public static SpecLocation ofFile(String file) {
        return new SpecLocation(file, 0, 0);
    }

    @Override
    public String toString() {
        return file + (line > 0 ? ":" + line : "");
    }
}
