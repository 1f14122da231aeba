package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.StringWriter;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.core.ConditionTimeoutException;

/** Waits for a command running in this JVM to print a line; a failure shows everything the command printed. */
final class CommandOutput {

    private CommandOutput() {
    }

    /**
     * Waits at most {@code max} until {@code out} matches {@code pattern} or the command ({@code exit}) has ended, then
     * asserts the match and returns it (groups ready to read).
     */
    static Matcher awaitMatch(Pattern pattern, Duration max, StringWriter out, StringWriter err, Future<?> exit) {
        try {
            await("'" + pattern + "' in the command's output").atMost(max).pollInterval(Duration.ofMillis(20))
                    .until(() -> exit.isDone() || pattern.matcher(out.toString()).find());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(e.getMessage() + "; output: " + out + " " + err, e);
        }
        Matcher m = pattern.matcher(out.toString());
        assertThat(m.find()).as("started; output: %s %s", out, err).isTrue();
        return m;
    }
}
