package io.chaosharness.chaos;

/**
 * Restarts the database: applying it is a fast shutdown (backends get 57P01, new connections are refused), removing
 * it starts the server again on the same port and data. The window between the two is the downtime; inject and
 * close at once ({@link FaultInjector#restartDatabase()}) for a plain restart. Needs {@code canRestartDatabase}.
 */
public record DatabaseRestart() implements Fault {

    @Override
    public String kind() {
        return "database-restart";
    }

    @Override
    public String describe() {
        return "database fast shutdown, then start";
    }

    @Override
    public boolean isDatabaseLevel() {
        return true;
    }

    @Override
    public Applied apply(FaultContext ctx) {
        ctx.require(ctx.environment().capabilities().canRestartDatabase(), "canRestartDatabase", this);
        ctx.environment().stopDatabase();
        return new Applied("database fast shutdown", () -> ctx.environment().startDatabase());
    }
}
