package io.chaosharness.result;

import io.chaosharness.core.Secrets;
import java.nio.file.Path;

/** A result file that cannot be used; the message starts with the file's name and is masked. */
public final class ResultFileException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public ResultFileException(Path file, String problem) {
        super(file.getFileName() + ": " + Secrets.mask(problem));
        this.file = file;
    }

    public Path file() {
        return file;
    }
}
