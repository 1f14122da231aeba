package io.chaosharness.blackbox.load;

import io.chaosharness.blackbox.spec.SpecException;
import io.chaosharness.blackbox.spec.SpecLocation;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * Which hosts load may be sent to: loopback only (127.0.0.0/8, ::1, a name that resolves only to those), unless the
 * run's guard allows others. The check is made before any request, so a refused target has seen nothing.
 */
public final class TargetGuard {

    private TargetGuard() {
    }

    /** Whether every address {@code uri}'s host resolves to is a loopback address. An unknown host is not. */
    public static boolean isLoopback(URI uri) {
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            return false;
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            InetAddress[] all = InetAddress.getAllByName(host);
            if (all.length == 0) {
                return false;
            }
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /**
     * Refuses {@code uri} unless it is loopback or {@code allowOthers}.
     *
     * @throws SpecException at {@code location}/{@code field}, saying what to do
     */
    public static void check(URI uri, boolean allowOthers, SpecLocation location, String field) {
        if (!allowOthers && !isLoopback(uri)) {
            throw new SpecException(location, field, uri + " is not a loopback address (127.0.0.1, localhost, [::1]); "
                    + "load is sent only to loopback targets unless the run allows others");
        }
    }
}
