package io.chaosharness.blackbox.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppSpecTest {

    private static final String GOOD = """
            baseUrl: http://127.0.0.1:3000
            accounts:
              - {email: alice@example.com, password: "${env.APP_PASSWORD}"}
            journeys:
              - name: login
                steps:
                  - name: login
                    method: post
                    path: /login
                    headers: {Authorization: "Bearer ${env.APP_TOKEN}"}
                    body: {email: "${user.email}", password: "${user.password}", remember: true}
                    expect: [200, 201]
                  - path: /api/users?id=${user.index}
            fallback:
              json: {pointer: /session, equals: emergency-admin}
            health: {path: /health}
            load: {users: 4, thinkTime: 250ms}
            scenarios:
              brief-outage: {duration: 20s}
            """;

    @Test
    void aGoodSpecReadsWithItsDefaultsAndLines() {
        AppSpec spec = AppSpec.parse("app.yaml", GOOD);

        assertThat(spec.name()).as("name defaults to the file name").isEqualTo("app");
        assertThat(spec.baseUrl().toString()).isEqualTo("http://127.0.0.1:3000");
        Journey j = spec.journeys().get(0);
        assertThat(j.weight()).as("weight defaults to 1").isEqualTo(1);
        Step login = j.steps().get(0);
        assertThat(login.method()).as("method is upper-cased").isEqualTo("POST");
        assertThat(login.expect()).containsExactlyInAnyOrder(200, 201);
        assertThat(login.location().line()).as("the step's line").isEqualTo(7);
        assertThat(login.expectLocation().line()).as("the expect's line").isEqualTo(12);
        Step second = j.steps().get(1);
        assertThat(second.name()).as("a step's name defaults to METHOD path").isEqualTo("GET /api/users?id=${user.index}");
        assertThat(second.expect()).as("expect defaults to 200").containsExactly(200);
        assertThat(spec.health().orElseThrow().latencyTarget()).as("the seed's health target")
                .isEqualTo(Duration.ofMillis(500));
        assertThat(spec.load().users()).isEqualTo(4);
        assertThat(spec.load().duration()).as("the default duration").isEqualTo(LoadSettings.DEFAULT_DURATION);
        assertThat(spec.loadFor("brief-outage")).as("a scenario's entry overrides the default load")
                .isEqualTo(new LoadSettings(4, Duration.ofMillis(250), Duration.ofSeconds(20),
                        LoadSettings.DEFAULT_REQUEST_TIMEOUT));
        assertThat(spec.loadFor("latency")).isEqualTo(spec.load());
        assertThat(spec.environmentVariables()).containsOnlyKeys("APP_PASSWORD", "APP_TOKEN");
        assertThat(spec.environmentVariables().get("APP_TOKEN").field())
                .isEqualTo("journeys[0].steps[0].headers.Authorization");
    }

    @Test
    void templatesRenderEnvironmentUserAndSeededRandomValuesWithJsonEscaping() {
        AppSpec spec = AppSpec.parse("app.yaml", GOOD);
        Map<String, String> env = spec.resolveEnvironment(Map.of("APP_PASSWORD", "pa\"ss", "APP_TOKEN", "t0ken")::get);
        Step login = spec.journeys().get(0).steps().get(0);
        RenderContext ctx = new RenderContext(env, Map.of("index", "3", "email", "alice@example.com",
                "password", env.get("APP_PASSWORD")), new SplittableRandom(1));

        assertThat(login.body().orElseThrow().render(ctx))
                .isEqualTo("{\"email\":\"alice@example.com\",\"password\":\"pa\\\"ss\",\"remember\":true}");
        assertThat(login.headers().get("Authorization").render(ctx)).isEqualTo("Bearer t0ken");
        assertThat(spec.journeys().get(0).steps().get(1).path().render(ctx)).isEqualTo("/api/users?id=3");
        Template uuid = Template.parse("${random.uuid}", SpecLocation.ofFile("x"), "f", null);
        assertThat(uuid.render(new RenderContext(Map.of(), Map.of(), new SplittableRandom(7))))
                .as("seeded: the same seed gives the same value")
                .isEqualTo(uuid.render(new RenderContext(Map.of(), Map.of(), new SplittableRandom(7))))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(Template.parse("$${literal}", SpecLocation.ofFile("x"), "f", null)
                .render(new RenderContext(Map.of(), Map.of(), new SplittableRandom(1)))).isEqualTo("${literal}");
    }

    @Test
    void anUnsetEnvironmentVariableNamesTheFieldThatReadsItAndTheMaskerHidesValues() {
        AppSpec spec = AppSpec.parse("app.yaml", GOOD);

        assertThatThrownBy(() -> spec.resolveEnvironment(Map.of("APP_PASSWORD", "x")::get))
                .isInstanceOf(SpecException.class)
                .hasMessage("app.yaml:10: journeys[0].steps[0].headers.Authorization: environment variable APP_TOKEN "
                        + "is not set (the spec reads it with ${env.APP_TOKEN})");
        var mask = AppSpec.masker(Map.of("A", "s3cr3t-value"));
        assertThat(mask.apply("login failed for s3cr3t-value at http://u:pw@h/")).isEqualTo(
                "login failed for **** at http://u:****@h/");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            unknown field                 | baseUrl: http://h\\njourneys: []\\nthinktime: 1s | app.yaml:3: thinktime: unknown field; known: version, name, baseUrl
            unknown field in a step       | baseUrl: http://h\\njourneys:\\n  - name: a\\n    steps:\\n      - path: /\\n        expected: 200 | app.yaml:6: journeys[0].steps[0].expected: unknown field; known: name, method, path, headers, body, expect
            misspelt case                 | baseUrl: http://h\\njourneys:\\n  - name: a\\n    steps: [{path: /}]\\nload: {Users: 3} | app.yaml:5: load.Users: unknown field (did you mean 'users'?)
            missing baseUrl               | journeys: [] | app.yaml:1: baseUrl: is required
            missing journeys              | baseUrl: http://h | app.yaml:1: journeys: is required
            missing path                  | baseUrl: http://h\\njourneys:\\n  - name: a\\n    steps:\\n      - method: GET | app.yaml:5: journeys[0].steps[0].path: is required
            wrong type users              | baseUrl: http://h\\njourneys:\\n  - name: a\\n    steps: [{path: /}]\\nload:\\n  users: many | app.yaml:6: load.users: must be an integer, but was a string (many)
            wrong type journeys           | baseUrl: http://h\\njourneys: {name: a} | app.yaml:2: journeys: must be a list, but was a mapping
            a number for a duration       | baseUrl: http://h\\njourneys:\\n  - name: a\\n    steps: [{path: /}]\\nload: {thinkTime: 5} | app.yaml:5: load.thinkTime: must be a duration with a unit (500ms, 2s, 1m), but was an integer (5)
            users out of bounds           | baseUrl: http://h\\njourneys:\\n  - name: a\\n    steps: [{path: /}]\\nload: {users: 0} | app.yaml:5: load.users: must be between 1 and 1000, but was 0
            duration out of bounds        | baseUrl: http://h\\njourneys:\\n  - name: a\\n    steps: [{path: /}]\\nload: {duration: 3h} | app.yaml:5: load.duration: must be between 1s and 2h, but was 3h
            bad status                    | baseUrl: http://h\\njourneys:\\n  - name: a\\n    steps:\\n      - path: /\\n        expect: [200, 700] | app.yaml:6: journeys[0].steps[0].expect: must be a status code between 100 and 599, but was 700
            bad method                    | baseUrl: http://h\\njourneys:\\n  - name: a\\n    steps: [{path: /, method: FETCH}] | app.yaml:4: journeys[0].steps[0].method: must be one of
            path without slash            | baseUrl: http://h\\njourneys:\\n  - name: a\\n    steps: [{path: login}] | app.yaml:4: journeys[0].steps[0].path: must start with '/'
            bad scheme                    | baseUrl: ftp://h\\njourneys: [] | app.yaml:1: baseUrl: must be an http:// or https:// URL
            credentials in the base URL   | baseUrl: http://u:p@h\\njourneys: [] | app.yaml:1: baseUrl: must not carry credentials
            unknown placeholder           | baseUrl: http://h\\njourneys:\\n  - name: a\\n    steps: [{path: '/${nope}'}] | app.yaml:4: journeys[0].steps[0].path: '${nope}': unknown placeholder
            user field without accounts   | baseUrl: http://h\\njourneys:\\n  - name: a\\n    steps: [{path: '/${user.email}'}] | app.yaml:4: journeys[0].steps[0].path: '${user.email}': no account has the field 'email'
            duplicate journey             | baseUrl: http://h\\njourneys:\\n  - {name: a, steps: [{path: /}]}\\n  - {name: a, steps: [{path: /}]} | app.yaml:4: journeys[1].name: journey name 'a' is used twice
            duplicate key                 | baseUrl: http://h\\nbaseUrl: http://i\\njourneys: [] | app.yaml:2: baseUrl: duplicate key (first at line 1)
            body on GET                   | baseUrl: http://h\\njourneys:\\n  - name: a\\n    steps: [{path: /, body: x}] | app.yaml:4: journeys[0].steps[0].body: GET requests carry no body
            empty fallback                | baseUrl: http://h\\njourneys:\\n  - {name: a, steps: [{path: /}]}\\nfallback: {} | app.yaml:4: fallback: needs at least one of status, header, json, bodyMatches
            bad regex                     | baseUrl: http://h\\njourneys:\\n  - {name: a, steps: [{path: /}]}\\nfallback: {bodyMatches: '('} | app.yaml:4: fallback.bodyMatches: not a valid regular expression
            metrics key unknown           | baseUrl: http://h\\njourneys:\\n  - {name: a, steps: [{path: /}]}\\nmetrics:\\n  path: /m\\n  format: json\\n  values: {active: /a} | app.yaml:7: metrics.values.active: unknown field; known: poolActive
            json pointer without slash    | baseUrl: http://h\\njourneys:\\n  - {name: a, steps: [{path: /}]}\\nmetrics: {path: /m, format: json, values: {poolActive: a}} | app.yaml:4: metrics.values.poolActive: a JSON pointer starts with '/'
            bad yaml                      | baseUrl: [http://h\\njourneys: | app.yaml:2: (root): not valid YAML
            empty file                    | '' | app.yaml: (root): the file is empty
            version 2                     | version: 2\\nbaseUrl: http://h\\njourneys: [] | app.yaml:1: version: this harness reads version 1 only
            bad scenario id               | baseUrl: http://h\\njourneys:\\n  - {name: a, steps: [{path: /}]}\\nscenarios: {Brief_Outage: {users: 2}} | app.yaml:4: scenarios.Brief_Outage: a scenario id is lower-case
            no journeys                   | baseUrl: http://h\\njourneys: [] | app.yaml:2: journeys: must have between 1 and 50 journeys, but has 0
            """)
    void aBadSpecIsRefusedNamingFileLineAndField(String what, String yaml, String message) {
        String text = yaml.replace("\\n", "\n");
        assertThatThrownBy(() -> AppSpec.parse("app.yaml", text)).as(what)
                .isInstanceOf(SpecException.class)
                .hasMessageStartingWith(message);
    }

    @Test
    void jsonErrorsNameTheLineToo() {
        String json = "{\n  \"baseUrl\": \"http://h\",\n  \"journeys\": [\n    {\"name\": \"a\", \"steps\": "
                + "[{\"path\": \"/\", \"expect\": \"200\"}]}\n  ]\n}";
        assertThatThrownBy(() -> AppSpec.parse("app.json", json))
                .isInstanceOf(SpecException.class)
                .hasMessage("app.json:4: journeys[0].steps[0].expect: must be a status code or a list of them "
                        + "(e.g. [200, 201]), but was a string (200)")
                .satisfies(e -> {
                    SpecException s = (SpecException) e;
                    assertThat(s.file()).isEqualTo("app.json");
                    assertThat(s.line()).isEqualTo(4);
                    assertThat(s.field()).isEqualTo("journeys[0].steps[0].expect");
                });
    }

    @Test
    void aMissingFileIsASpecErrorNamingIt(@org.junit.jupiter.api.io.TempDir Path dir) {
        assertThatThrownBy(() -> AppSpec.parse(dir.resolve("nope.yaml")))
                .isInstanceOf(SpecException.class)
                .hasMessageEndingWith("nope.yaml: (root): no such file");
    }

    @Test
    void theFallbackRecogniserNeedsEveryConditionGiven() {
        AppSpec spec = AppSpec.parse("app.yaml", """
                baseUrl: http://h
                journeys: [{name: a, steps: [{path: /}]}]
                fallback:
                  status: 200
                  header: {name: X-Mode, matches: '^degraded$'}
                  json: {pointer: /session, equals: emergency-admin}
                """);
        FallbackRecogniser f = spec.fallback().orElseThrow();
        String body = "{\"session\":\"emergency-admin\"}";
        Map<String, List<String>> degraded = Map.of("x-mode", List.of("degraded"));

        assertThat(f.isFallback(200, degraded, body)).as("all conditions hold").isTrue();
        assertThat(f.isFallback(503, degraded, body)).as("other status").isFalse();
        assertThat(f.isFallback(200, Map.of(), body)).as("no header").isFalse();
        assertThat(f.isFallback(200, degraded, "{\"session\":\"user\"}")).as("other session").isFalse();
        assertThat(f.isFallback(200, degraded, "not json")).as("not JSON").isFalse();
        FallbackRecogniser regex = AppSpec.parse("app.yaml", """
                baseUrl: http://h
                journeys: [{name: a, steps: [{path: /}]}]
                fallback: {bodyMatches: '"session"\\s*:\\s*"emergency-admin"'}
                """).fallback().orElseThrow();
        assertThat(regex.isFallback(200, Map.of(), "{\"session\" : \"emergency-admin\"}")).isTrue();
        assertThat(regex.isFallback(200, Map.of(), "{\"session\":\"admin\"}")).isFalse();
    }

    @Test
    void metricsAreReadFromPrometheusTextAndJson() {
        MetricsSpec prom = new MetricsSpec(Template.literal("/metrics"), MetricsSpec.Format.PROMETHEUS,
                Duration.ofSeconds(1), Map.of("poolActive", "pool_connections{state=\"active\"}",
                "retries", "app_retries_total", "poolMax", "pool_max"), SpecLocation.ofFile("x"));
        String text = """
                # HELP pool_connections connections
                pool_connections{pool="a",state="active"} 3
                pool_connections{pool="b",state="active"} 2
                pool_connections{pool="a",state="idle"} 7
                app_retries_total 12 1700000000000
                app_retries_total_created 99
                """;
        assertThat(prom.extract(text)).as("matching samples summed; a missing metric left out")
                .containsExactlyInAnyOrderEntriesOf(Map.of("poolActive", 5.0, "retries", 12.0));
        MetricsSpec json = new MetricsSpec(Template.literal("/h"), MetricsSpec.Format.JSON, Duration.ofSeconds(1),
                Map.of("poolActive", "/connections/current", "retries", "/resilience/retries"),
                SpecLocation.ofFile("x"));
        assertThat(json.extract("{\"connections\":{\"current\":4},\"resilience\":{\"retries\":\"2\"}}"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("poolActive", 4.0, "retries", 2.0));
        assertThat(json.extract("<html>")).isEmpty();
    }
}
