package io.chaosharness.app;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The admin bearer token. Only its SHA-256 digest is kept; a presented token is hashed and compared with
 * {@link MessageDigest#isEqual} (constant time, and hashing first means equal lengths, so the length of the real token
 * does not leak either). {@link #toString()} never shows the token.
 */
public final class AdminToken {

    /** Shortest token accepted: a guessable admin token is worse than none. */
    public static final int MIN_LENGTH = 16;

    private final byte[] digest;

    private AdminToken(String token) {
        this.digest = sha256(token);
    }

    /**
     * Wraps {@code token}.
     *
     * @throws IllegalArgumentException if it is blank, shorter than {@value #MIN_LENGTH} characters or contains
     *                                  whitespace (the message gives the length, never the token)
     */
    public static AdminToken of(String token) {
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("admin token must not be blank");
        }
        if (token.length() < MIN_LENGTH) {
            throw new IllegalArgumentException("admin token must be at least " + MIN_LENGTH
                    + " characters, but was " + token.length() + " characters");
        }
        if (token.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("admin token must not contain whitespace");
        }
        return new AdminToken(token);
    }

    /** A fresh random token (32 bytes from {@link SecureRandom}, URL-safe Base64) for the caller to print once. */
    public static String generate() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Whether {@code presented} is the token; constant time in the token's content. */
    public boolean matches(String presented) {
        if (presented == null) {
            return false;
        }
        return MessageDigest.isEqual(digest, sha256(presented));
    }

    /** Whether an {@code Authorization} header value is {@code Bearer <this token>}. */
    public boolean matchesAuthorizationHeader(String header) {
        if (header == null || header.length() < 7 || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return matches(header.substring(7).strip());
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JDK", e);
        }
    }

    @Override
    public String toString() {
        return "AdminToken{****}";
    }
}
