package io.chaosharness.proxy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Request ids in the format of {@code github.com/rs/xid}, which Toxiproxy puts in {@code X-Toxiproxy-Request-Id}:
 * 12 bytes (4-byte big-endian Unix seconds, 3-byte machine id, 2-byte process id, 3-byte counter starting at a random
 * value) written as 20 characters of lower-case base32hex without padding, e.g. {@code d4mg7ni1c2u0o1ksrk60}. Ids of
 * one process are unique (the counter wraps after 16 million ids within one second) and sort by time.
 */
final class Xid {

    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuv".toCharArray();
    private static final byte[] MACHINE = machineId();
    private static final int PID = (int) ProcessHandle.current().pid();
    private static final AtomicInteger COUNTER = new AtomicInteger(new SecureRandom().nextInt());

    private Xid() {
    }

    /** A fresh id for the current second. */
    static String next() {
        return encode(bytes(System.currentTimeMillis() / 1000, COUNTER.getAndIncrement()));
    }

    static byte[] bytes(long unixSeconds, int counter) {
        byte[] id = new byte[12];
        id[0] = (byte) (unixSeconds >>> 24);
        id[1] = (byte) (unixSeconds >>> 16);
        id[2] = (byte) (unixSeconds >>> 8);
        id[3] = (byte) unixSeconds;
        System.arraycopy(MACHINE, 0, id, 4, 3);
        id[7] = (byte) (PID >>> 8);
        id[8] = (byte) PID;
        id[9] = (byte) (counter >>> 16);
        id[10] = (byte) (counter >>> 8);
        id[11] = (byte) counter;
        return id;
    }

    /** Base32hex of the 96 bits, most significant first; the 20th character carries the last bit and 4 zero bits. */
    static String encode(byte[] id) {
        char[] out = new char[20];
        int bits = 0;
        int buffer = 0;
        int o = 0;
        for (byte b : id) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out[o++] = ALPHABET[(buffer >>> (bits - 5)) & 0x1f];
                bits -= 5;
            }
        }
        out[o] = ALPHABET[(buffer << (5 - bits)) & 0x1f];
        return new String(out);
    }

    /**
     * rs/xid hashes the platform's machine id; here: {@code /etc/machine-id} where there is one, else the host name
     * from the environment, else random bytes (never a DNS look-up, which can stall start-up).
     */
    private static byte[] machineId() {
        String name = null;
        try {
            name = Files.readString(Path.of("/etc/machine-id")).strip();
        } catch (IOException | RuntimeException e) {
            // not Linux, or no machine id
        }
        if (name == null || name.isEmpty()) {
            name = System.getenv("HOSTNAME");
        }
        if (name == null || name.isEmpty()) {
            byte[] random = new byte[3];
            new SecureRandom().nextBytes(random);
            return random;
        }
        try {
            return MessageDigest.getInstance("MD5").digest(name.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is a required JDK algorithm", e);
        }
    }
}
