package io.chaosharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    @ParameterizedTest(name = "{0}f renders as {1}")
    @CsvSource({"1.0,1", "0.0,0", "0.5,0.5", "0.1,0.1", "0.3,0.3", "0.25,0.25", "2.0,2", "100.0,100",
            "0.000001,0.000001", "0.0000001,1e-07", "1.0E21,1e+21", "-0.5,-0.5"})
    void toxicityRendersLikeAGoFloat32(float value, String rendered) {
        assertThat(Json.float32(value)).isEqualTo(rendered);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {"|bad request body: EOF", "{|bad request body: ", "nul|bad request body: "})
    void malformedBodiesAreBadRequests(String body, String message) {
        assertThatThrownBy(() -> Json.parse(body == null ? new byte[0] : body.getBytes()))
                .isInstanceOf(ApiException.class).hasMessageStartingWith(message.strip())
                .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
    }

    @org.junit.jupiter.api.Test
    void htmlCharactersAreEscapedLikeGo() {
        assertThat(Json.error("a<b>&c", 400, null, false)).isEqualTo("{\"error\":\"a\\u003cb\\u003e\\u0026c\",\"status\":400}");
    }
}
