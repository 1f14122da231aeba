package com.example.flaky;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

/**
 * The seed plan's {@code isDatabaseAvailable()}: up to 3 attempts of {@code SELECT 1}, each bounded by 10 s, with
 * exponential backoff between them (1 s, 2 s; a 4 s wait would follow a fourth), false only after all failed.
 */
public final class AvailabilityCheck {

    static final int ATTEMPTS = 3;
    static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(10);
    static final List<Duration> BACKOFF = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));

    private final Database db;

    public AvailabilityCheck(Database db) {
        this.db = db;
    }

    public boolean isDatabaseAvailable() throws InterruptedException {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try (Connection c = db.pool().getConnection(); Statement s = c.createStatement()) {
                s.setQueryTimeout((int) ATTEMPT_TIMEOUT.toSeconds());
                s.execute("SELECT 1");
                return true;
            } catch (SQLException e) {
                if (attempt < ATTEMPTS) {
                    Thread.sleep(BACKOFF.get(attempt - 1).toMillis());
                }
            }
        }
        return false;
    }
}
