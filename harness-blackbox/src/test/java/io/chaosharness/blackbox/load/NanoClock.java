package io.chaosharness.blackbox.load;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock on System.nanoTime, so that instants the test takes and the driver's planned/ended instants share a base. */
final class NanoClock extends Clock {

    private final Instant base = Instant.now();
    private final long baseNanos = System.nanoTime();

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
        return base.plusNanos(System.nanoTime() - baseNanos);
    }
}
