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

    /**
     * An attempt failed on a connection the pool had handed out, and that connection broke
     * ({@link FailureClassifier#brokenConnection}: 57P01, 08006, ...). The signal may retire the pool's other
     * connections from the same cause (opened before the attempt started). Default: nothing.
     *
     * @param sqlState          the failure's SQLState
     * @param attemptStartNanos {@link System#nanoTime()} at the failed attempt's start
     */
    default void connectionBroken(String sqlState, long attemptStartNanos) {
    }

    /**
     * Whether the database has been seen accepting a new connection at or after {@code sinceNanos}
     * ({@link System#nanoTime()} of a broken connection's failure), confirming it by at most one connect if need be;
     * {@code true} means the cause was the connection, not the database, so the operation's first retry need not wait
     * out its backoff. {@code false} when the database refuses (the signal then watches for its return, and the
     * backoff, woken by {@link #sleepUnlessBack}, decides). Default: {@code false} (backoffs keep their length).
     *
     * @throws InterruptedException if interrupted while confirming
     */
    default boolean acceptingSince(long sinceNanos) throws InterruptedException {
        return false;
    }
}
