package io.chaosharness.testing;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks that something closed left nothing behind: no running process, no listening port on 127.0.0.1. */
public final class Leftovers {

    private Leftovers() {
    }

    /** Whether the process is a zombie (ended, not yet reaped), or its {@code /proc} entry is already gone. */
    public static boolean isZombie(ProcessHandle h) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) == 'Z';
        } catch (Exception e) {
            return true;
        }
    }

    /** Whether something on 127.0.0.1 accepts a TCP connection on {@code port} within 500 ms. */
    public static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
