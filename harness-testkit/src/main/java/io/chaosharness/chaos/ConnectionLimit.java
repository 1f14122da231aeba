package io.chaosharness.chaos;

/**
 * Lowers the application role's connection limit ({@code ALTER ROLE ... CONNECTION LIMIT n}), so PostgreSQL refuses
 * new sessions beyond {@code limit} with SQLState 53300 (too_many_connections). Sessions already open stay; add
 * {@link TerminateBackends} to make the limit bite at once. Removing it restores the previous limit. Needs
 * {@code canLimitConnections}.
 */
public record ConnectionLimit(int limit) implements Fault {

    public ConnectionLimit {
        if (limit < 0 || limit > 10_000) {
            throw new IllegalArgumentException("limit must be between 0 and 10000, but was " + limit);
        }
    }

    @Override
    public String kind() {
        return "connection-limit";
    }

    @Override
    public String describe() {
        return "connection limit " + limit;
    }

    @Override
    public boolean isDatabaseLevel() {
        return true;
    }

    @Override
    public Applied apply(FaultContext ctx) throws Exception {
        ctx.require(ctx.environment().capabilities().canLimitConnections(), "canLimitConnections", this);
        String role = ctx.environment().proxiedUrl().user();
        int previous = ctx.adminQueryInt("SELECT rolconnlimit FROM pg_roles WHERE rolname = ?", role);
        ctx.adminUpdate("ALTER ROLE " + quote(role) + " CONNECTION LIMIT " + limit);
        return new Applied("connection limit " + limit + " for role " + role + " (was " + previous + ")",
                () -> ctx.adminUpdate("ALTER ROLE " + quote(role) + " CONNECTION LIMIT " + previous));
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
