package io.chaosharness.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AdminTokenTest {

    private static final String TOKEN = "0123456789abcdef-token";

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource(nullValues = "NULL", value = {
            "Bearer 0123456789abcdef-token,  true",
            "bearer 0123456789abcdef-token,  true",
            "Bearer 0123456789abcdef-tokeN,  false",
            "Bearer 0123456789abcdef-token2, false",
            "Bearer ,                        false",
            "0123456789abcdef-token,         false",
            "Basic 0123456789abcdef-token,   false",
            "NULL,                           false"})
    void authorizationHeaderMatchesOnlyTheExactBearerToken(String header, boolean expected) {
        assertThat(AdminToken.of(TOKEN).matchesAuthorizationHeader(header)).isEqualTo(expected);
    }

    @Test
    void shortBlankOrSpacedTokensAreRejectedWithoutEchoingThem() {
        assertThatThrownBy(() -> AdminToken.of("short-secret")).hasMessageContaining("at least 16")
                .hasMessageNotContaining("short-secret");
        assertThatThrownBy(() -> AdminToken.of("  ")).hasMessageContaining("blank");
        assertThatThrownBy(() -> AdminToken.of("has a space inside it")).hasMessageContaining("whitespace")
                .hasMessageNotContaining("space inside");
    }

    @Test
    void generatedTokensAreLongDistinctAndNeverPrinted() {
        String a = AdminToken.generate();
        assertThat(a).hasSizeGreaterThanOrEqualTo(40).isNotEqualTo(AdminToken.generate());
        assertThat(AdminToken.of(a).toString()).doesNotContain(a);
    }
}
