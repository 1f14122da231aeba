package io.chaosharness.retry;

/**
 * Tells the retry executor when the database accepts connections again, so that a retry's backoff ends as soon as
 * the database is back instead of when its sleep runs out. The backoff stays the upper bound of every wait.
 */
public interface RecoverySignal {

    /** A failure that may mean the database is unreachable was seen; the signal may start watching. */
    void suspect();

    /**
     * Sleeps up to {@code delayMs}, returning early once the database has been seen accepting connections again after
     * being seen refusing them, at or after {@code sinceNanos} ({@link System#nanoTime()} of the failed attempt's
     * start; a recovery seen since then ends the sleep at once).
     *
     * @return the milliseconds actually slept
     * @throws InterruptedException if interrupted while sleeping
     */
    long sleepUnlessBack(long delayMs, long sinceNanos) throws InterruptedException;
}
