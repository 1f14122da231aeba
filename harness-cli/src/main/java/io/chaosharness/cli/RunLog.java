package io.chaosharness.cli;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * The run's log file ({@code <results>/harness.log}): every INFO line of the harness and its libraries, masked by
 * {@link MaskingLayout}. The console only shows warnings; the file is what to attach to a bug report.
 */
final class RunLog implements AutoCloseable {

    /** Root, plus the loggers logback.xml keeps off the console (not additive). */
    private static final String[] LOGGERS = {Logger.ROOT_LOGGER_NAME, "com.zaxxer.hikari"};

    /**
     * Loggers whose warnings are the chaos itself during a run (a refused retry, a pool timeout, a failed availability
     * attempt): hundreds of them per run would bury the progress lines, and the timeline records each one anyway. For
     * the run they write to the file only; outside a run ({@code ./harness app}) they stay on the console.
     */
    private static final String[] CHAOS_LOGGERS = {"io.chaosharness.pool", "io.chaosharness.retry",
            "io.chaosharness.availability", "io.chaosharness.fallback"};

    private final FileAppender<ILoggingEvent> appender;

    private RunLog(FileAppender<ILoggingEvent> appender) {
        this.appender = appender;
    }

    /** Starts writing to {@code file} (replacing an earlier run's), or does nothing if logback is not the backend. */
    static RunLog start(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return new RunLog(null);
        }
        MaskingLayout layout = new MaskingLayout();
        layout.setContext(context);
        layout.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} - %msg%n");
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(context);
        encoder.setLayout(layout);
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(context);
        appender.setName("harness-run-file");
        appender.setFile(file.toString());
        appender.setAppend(false);
        appender.setEncoder(encoder);
        appender.start();
        for (String name : LOGGERS) {
            context.getLogger(name).addAppender(appender);
        }
        for (String name : CHAOS_LOGGERS) {
            Logger logger = context.getLogger(name);
            logger.addAppender(appender);
            logger.setAdditive(false);
        }
        return new RunLog(appender);
    }

    @Override
    public void close() {
        if (appender != null) {
            LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
            for (String name : LOGGERS) {
                context.getLogger(name).detachAppender(appender);
            }
            for (String name : CHAOS_LOGGERS) {
                Logger logger = context.getLogger(name);
                logger.detachAppender(appender);
                logger.setAdditive(true);
            }
            appender.stop();
        }
    }
}
