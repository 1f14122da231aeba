package io.chaosharness.report;

import static io.chaosharness.report.Fixtures.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Opens generated reports in a real headless Chromium, driven over the DevTools protocol: no console errors, no
 * request but the file itself, the verdict visible, every chart drawn. Screenshots go to
 * {@code target/browser-it/}. Skips only when no Chromium binary exists ({@code ci/setup.sh} installs one).
 */
class ReportBrowserIT {

    private static final Path OUT = Path.of("target", "browser-it").toAbsolutePath();

    @Test
    void theFullReportDrawsEveryChartWithoutErrorsOrNetwork() throws Exception {
        ReportResult report = ResilienceReport.generate(ReportRequest.builder()
                .results(fixture("results")).results(fixture("broken")).results(fixture("pool-sizing"))
                .gatling(fixture("gatling"))
                .history(fixture("history")).out(OUT.resolve("full")).build());

        try (Page page = Page.open(report.indexHtml())) {
            JsonNode verdict = page.cdp.evaluate("""
                    (() => { const e = document.getElementById('verdict'); const r = e.getBoundingClientRect();
                             const w = e.querySelector('.verdict-word'); const s = getComputedStyle(e);
                             return { text: w.innerText, top: r.top, bottom: r.bottom, width: r.width,
                                      visible: s.visibility === 'visible' && s.display !== 'none',
                                      fontPx: parseFloat(getComputedStyle(w).fontSize), viewport: innerHeight }; })()""");
            assertThat(verdict.path("text").asText()).as("verdict word").contains("FAIL");
            assertThat(verdict.path("visible").asBoolean()).as("verdict visible").isTrue();
            assertThat(verdict.path("top").asDouble()).as("verdict at the top of the page").isLessThan(10);
            assertThat(verdict.path("bottom").asDouble()).as("verdict within the first screen")
                    .isLessThan(verdict.path("viewport").asDouble());
            assertThat(verdict.path("fontPx").asDouble()).as("verdict is big").isGreaterThanOrEqualTo(40);
            page.screenshot(OUT.resolve("report-top.png"), false);

            int scenariosWithTimeline = page.cdp.evaluate(
                    "JSON.parse(document.getElementById('report-data').textContent).scenarios"
                            + ".filter(s => s.timeline.operations.length > 0).length").asInt();
            page.cdp.evaluate("window.__reportExpandAll()");
            int canvases = page.cdp.evaluate("document.querySelectorAll('canvas').length").asInt();
            assertThat(canvases).as("three charts per scenario with a timeline, plus the trend and the pool sizing")
                    .isEqualTo(3 * scenariosWithTimeline + 2);
            await("every canvas has a Chart.js instance").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                    .until(() -> page.cdp.evaluate("Object.keys(Chart.instances).length").asInt() == canvases);

            JsonNode painted = page.cdp.evaluate("""
                    Array.from(document.querySelectorAll('canvas')).map(c => {
                      const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                      let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; }
                      return { id: c.id, w: c.width, h: c.height, painted: n };
                    })""");
            for (JsonNode c : painted) {
                assertThat(c.path("painted").asInt()).as("painted pixels on " + c.path("id").asText() + " (" + c + ")")
                        .isGreaterThan(c.path("w").asInt() * c.path("h").asInt() / 100);
            }
            page.screenshot(OUT.resolve("report-full.png"), true);
            page.assertCleanConsoleAndNoNetwork(report.indexHtml());
        }
    }

    @Test
    void theEmptyReportOpensCleanlyAndSaysNoResults() throws Exception {
        ReportResult report = ResilienceReport.generate(ReportRequest.builder()
                .results(OUT.resolve("does-not-exist")).out(OUT.resolve("empty")).build());

        try (Page page = Page.open(report.indexHtml())) {
            assertThat(page.cdp.evaluate("document.getElementById('verdict').innerText").asText()).contains("NO RESULTS");
            assertThat(page.cdp.evaluate("document.body.innerText").asText()).contains("No results found");
            page.screenshot(OUT.resolve("report-empty.png"), false);
            page.assertCleanConsoleAndNoNetwork(report.indexHtml());
        }
    }

    /** One browser, one page, loaded with a report. */
    private static final class Page implements AutoCloseable {
        final Chromium chromium;
        final Cdp cdp;

        private Page(Chromium chromium, Cdp cdp) {
            this.chromium = chromium;
            this.cdp = cdp;
        }

        static Page open(Path html) throws Exception {
            Path binary = Chromium.binary().orElse(null);
            Assumptions.assumeTrue(binary != null, "no chromium binary on the PATH (ci/setup.sh installs one)");
            Chromium chromium = Chromium.launch(binary);
            Cdp cdp = null;
            try {
                cdp = Cdp.connect(chromium.pageWebSocket());
                for (String domain : List.of("Runtime", "Log", "Network", "Page")) {
                    cdp.send(domain + ".enable");
                }
                cdp.send("Emulation.setDeviceMetricsOverride",
                        Map.of("width", 1400, "height", 1000, "deviceScaleFactor", 1, "mobile", false));
                cdp.send("Page.navigate", Map.of("url", html.toUri().toString()));
                Cdp c = cdp;
                await("the report's load event").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> !c.events("Page.loadEventFired").isEmpty());
                return new Page(chromium, cdp);
            } catch (Exception | AssertionError e) {
                if (cdp != null) {
                    cdp.close();
                }
                chromium.close();
                throw e;
            }
        }

        void screenshot(Path file, boolean fullPage) throws Exception {
            Map<String, Object> params = new java.util.HashMap<>(Map.of("format", "png"));
            if (fullPage) {
                JsonNode size = cdp.send("Page.getLayoutMetrics").path("cssContentSize");
                params.put("captureBeyondViewport", true);
                params.put("clip", Map.of("x", 0, "y", 0, "width", size.path("width").asDouble(),
                        "height", size.path("height").asDouble(), "scale", 1));
            }
            String data = cdp.send("Page.captureScreenshot", params).path("data").asText();
            Files.createDirectories(file.getParent());
            Files.write(file, Base64.getDecoder().decode(data));
        }

        void assertCleanConsoleAndNoNetwork(Path html) {
            List<String> errors = new ArrayList<>();
            cdp.events("Runtime.exceptionThrown").forEach(e -> errors.add("exception: " + e.path("params").path("exceptionDetails")));
            cdp.events("Runtime.consoleAPICalled").stream()
                    .filter(e -> e.path("params").path("type").asText().matches("error|assert"))
                    .forEach(e -> errors.add("console." + e.path("params").path("type").asText() + ": " + e.path("params").path("args")));
            cdp.events("Log.entryAdded").stream()
                    .filter(e -> "error".equals(e.path("params").path("entry").path("level").asText()))
                    .forEach(e -> errors.add("log: " + e.path("params").path("entry")));
            assertThat(errors).as("console errors and exceptions").isEmpty();

            String self = html.toUri().toString();
            List<String> requests = cdp.events("Network.requestWillBeSent").stream()
                    .map(e -> e.path("params").path("request").path("url").asText())
                    .filter(url -> !url.equals(self) && !url.startsWith("data:"))
                    .toList();
            assertThat(requests).as("requests other than the report file itself").isEmpty();
            try {
                JsonNode dangling = cdp.evaluate("Array.from(document.querySelectorAll('a[href^=\"#\"]'))"
                        + ".map(a => a.getAttribute('href')).filter(h => !document.getElementById(h.slice(1)))");
                assertThat(dangling).as("in-page links whose target does not exist").isEmpty();
            } catch (Exception e) {
                throw new IllegalStateException("checking in-page links failed", e);
            }
            assertThat(cdp.events("Network.requestWillBeSent")).as("the report itself was loaded").isNotEmpty();
        }

        @Override
        public void close() {
            try {
                cdp.close();
            } finally {
                long pid = chromium.pid();
                chromium.close();
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                        .as("Chromium (pid " + pid + ") is gone").isFalse();
            }
        }
    }
}
