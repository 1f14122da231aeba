package io.chaosharness.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(PasswordHasher.MIN_ITERATIONS);

    @Test
    void aHashVerifiesOnlyItsOwnPassword() {
        String hash = hasher.hash("correct horse");
        assertThat(hasher.verify("correct horse", hash)).isTrue();
        assertThat(hasher.verify("correct horsf", hash)).isFalse();
        assertThat(hasher.verify("", hash)).isFalse();
    }

    @Test
    void eachHashHasItsOwnSaltAndNamesItsParameters() {
        String a = hasher.hash("same");
        String b = hasher.hash("same");
        assertThat(a).isNotEqualTo(b).startsWith("pbkdf2-sha256$1000$").doesNotContain("same");
        assertThat(hasher.verify("same", b)).isTrue();
    }

    @Test
    void theIterationsAreReadFromTheStoredHash() {
        String stored = new PasswordHasher(2_000).hash("pw");
        assertThat(hasher.verify("pw", stored)).as("verified with the stored 2000 iterations").isTrue();
        assertThat(new PasswordHasher().iterations()).isEqualTo(600_000);
    }

    @Test
    void malformedHashesNeverVerify() {
        assertThat(hasher.verify("pw", "plain-text")).isFalse();
        assertThat(hasher.verify("pw", "pbkdf2-sha256$1$AA$AA")).as("too few iterations").isFalse();
        assertThat(hasher.verify("pw", "pbkdf2-sha256$1000$!!$AA")).isFalse();
        assertThat(hasher.verify(null, hasher.hash("pw"))).isFalse();
    }

    @Test
    void tooFewIterationsAreRejected() {
        assertThatThrownBy(() -> new PasswordHasher(999)).hasMessageContaining("iterations must be between 1000");
    }

    @Test
    void theBreakGlassCredentialNeverShowsItsHash() {
        BreakGlassCredential c = BreakGlassCredential.of("Admin@Example.com", "break-glass-pw", hasher);
        assertThat(c.email()).isEqualTo("admin@example.com");
        assertThat(c.toString()).doesNotContain(c.passwordHash()).doesNotContain("admin@").contains("a***@example.com");
        assertThatThrownBy(() -> new BreakGlassCredential("a@b", "plain")).hasMessageContaining("passwordHash")
                .hasMessageNotContaining("plain");
    }
}
