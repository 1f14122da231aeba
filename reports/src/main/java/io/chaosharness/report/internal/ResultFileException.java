package io.chaosharness.report.internal;

import io.chaosharness.core.Secrets;
import java.nio.file.Path;

/** An input file that cannot be used; the message starts with the file's name. */
public final class ResultFileException extends Exception {

    private final transient Path file;

    public ResultFileException(Path file, String problem) {
        super(file.getFileName() + ": " + Secrets.mask(problem));
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
