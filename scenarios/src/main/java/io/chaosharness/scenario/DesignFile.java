package io.chaosharness.scenario;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a design file: one {@code key = value} a line, {@code #} comments and blank lines ignored, the keys of
 * {@link Design} ({@code connection_limit}, {@code pgjdbc.socketTimeout}, {@code retry.max_retries}, ...) plus
 * {@code name}. Settings not given keep the seed plan's value.
 * <pre>
 * # a smaller pool that gives up sooner
 * name = small-pool
 * connection_limit = 5
 * pool_timeout = 2
 * retry.base_delay = 500ms
 * </pre>
 * Every error names the file, the line and the setting ({@code small.design:3: connection_limit must be between 1
 * and 10000, but was 0}); a key given twice is an error, never "the last one wins".
 */
public final class DesignFile {

    private DesignFile() {
    }

    /**
     * The design the file describes; without a {@code name} line it is named after the file (without extension).
     *
     * @throws DesignException naming the file, the line and the setting
     */
    public static Design read(Path file) {
        String where = file.toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new DesignException("file", where + ": no such design file");
        } catch (MalformedInputException e) {
            throw new DesignException("file", where + ": not a UTF-8 text file");
        } catch (IOException e) {
            throw new DesignException("file", where + ": cannot be read: " + e.getMessage());
        }
        String base = file.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        Design.Builder b;
        try {
            b = Design.builder(base);
        } catch (DesignException e) {
            b = Design.builder("design");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            int lineNo = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new DesignException("line", where + ":" + lineNo + ": expected 'key = value', but was '"
                        + line + "'");
            }
            String key = line.substring(0, eq).strip();
            String value = line.substring(eq + 1).strip();
            Integer earlier = seen.put(key, lineNo);
            if (earlier != null) {
                throw new DesignException(key, where + ":" + lineNo + ": " + key + " is already set on line "
                        + earlier);
            }
            try {
                if (key.equals("name")) {
                    b.name(value);
                } else {
                    b.set(key, value);
                }
            } catch (DesignException e) {
                throw new DesignException(e.field(), where + ":" + lineNo + ": " + e.getMessage());
            }
        }
        try {
            Design d = b.build();
            if (d.isSeed() && !d.changesFromSeed().isEmpty()) {
                throw new DesignException("name", "name 'seed' is the built-in seed plan's, but this design changes "
                        + String.join(", ", d.changesFromSeed()) + "; choose another name");
            }
            return d;
        } catch (DesignException e) {
            throw new DesignException(e.field(), where + ": " + e.getMessage());
        }
    }
}
