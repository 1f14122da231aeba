package io.chaosharness.chaos;

/**
 * Terminates the harness's own backends: {@code pg_terminate_backend} on every session whose
 * {@code application_name} is the environment's (see {@code ChaosEnvironment.applicationName()}), run over the admin
 * connection. Nothing else on the server is touched. An instant fault: removing it does nothing. Needs
 * {@code canTerminateBackends}.
 */
public record TerminateBackends() implements Fault {

    static final String SQL = "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            + " WHERE application_name = ? AND pid <> pg_backend_pid()";

    @Override
    public String kind() {
        return "terminate-backends";
    }

    @Override
    public String describe() {
        return "terminate backends of the harness";
    }

    @Override
    public boolean isDatabaseLevel() {
        return true;
    }

    @Override
    public Applied apply(FaultContext ctx) throws Exception {
        ctx.require(ctx.environment().capabilities().canTerminateBackends(), "canTerminateBackends", this);
        String app = ctx.environment().applicationName();
        int terminated = ctx.adminUpdate(SQL, app);
        return new Applied("terminated " + terminated + " backend(s) with application_name=" + app, () -> { });
    }
}
