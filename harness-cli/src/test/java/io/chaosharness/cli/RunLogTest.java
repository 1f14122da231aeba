package io.chaosharness.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class RunLogTest {

    @Test
    void chaosWarningsGoToTheRunLogOnlyWhileARunIsOnAndBackToTheConsoleAfter(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("harness.log");
        Logger retry = (Logger) LoggerFactory.getLogger("io.chaosharness.retry.RetryExecutor");
        Logger retryPackage = (Logger) LoggerFactory.getLogger("io.chaosharness.retry");

        try (RunLog ignored = RunLog.start(file)) {
            retry.warn("pool-x - read attempt 1: retry budget exhausted");
            assertThat(retryPackage.isAdditive()).as("retry warnings stay off the console during a run").isFalse();
        }

        assertThat(Files.readString(file)).as("the run log").contains("retry budget exhausted");
        assertThat(retryPackage.isAdditive()).as("outside a run (./harness app) they reach the console again").isTrue();
    }
}
