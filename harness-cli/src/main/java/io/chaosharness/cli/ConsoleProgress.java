package io.chaosharness.cli;

import io.chaosharness.result.CriterionResult;
import io.chaosharness.result.ScenarioResult;
import io.chaosharness.result.Verdict;
import io.chaosharness.scenario.ProgressListener;
import io.chaosharness.scenario.Scenario;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * Prints a run's progress: the scenario (n of m) as it starts, then a line whenever the faults in force change and
 * every {@link #EVERY} otherwise (elapsed and remaining time, operations, failures), and one verdict line at the end.
 * Indexes are the run's, not the runner's: the command runs scenarios one by one.
 */
final class ConsoleProgress implements ProgressListener {

    /** How often a progress line is printed while nothing changes. */
    static final Duration EVERY = Duration.ofSeconds(5);

    private final Console console;
    private final int index;
    private final int count;
    private List<String> lastFaults = List.of();
    private long lastPrintedSecond = -1;

    ConsoleProgress(Console console, int index, int count) {
        this.console = console;
        this.index = index;
        this.count = count;
    }

    private String tag() {
        return "[" + index + "/" + count + "] ";
    }

    @Override
    public void scenarioStarted(int i, int n, Scenario scenario, Duration planned) {
        console.say(tag() + scenario.id() + " - " + scenario.title() + " (planned " + DurationConverter.format(planned)
                + ", " + (scenario.faults().isEmpty() ? "no fault" : scenario.faults().size() + " fault window(s)")
                + ")");
    }

    @Override
    public void progress(Progress p) {
        long second = p.elapsed().toSeconds();
        boolean changed = !p.activeFaults().equals(lastFaults);
        if (!changed && lastPrintedSecond >= 0 && second - lastPrintedSecond < EVERY.toSeconds()) {
            return;
        }
        lastFaults = p.activeFaults();
        lastPrintedSecond = second;
        console.say(tag() + p.scenario() + " running: " + second + " s elapsed, ~" + p.remaining().toSeconds()
                + " s left, " + p.operations() + " ops (" + p.failed() + " failed), fault in force: "
                + (p.activeFaults().isEmpty() ? "none" : String.join("; ", p.activeFaults())));
    }

    @Override
    public void scenarioSkipped(int i, int n, Scenario scenario, String reason) {
        console.say(tag() + scenario.id() + ": SKIPPED - " + reason);
    }

    @Override
    public void scenarioFinished(int i, int n, ScenarioResult result) {
        console.say(verdictLine(tag(), result));
    }

    static String verdictLine(String tag, ScenarioResult r) {
        List<CriterionResult> failed = r.failedCriteria();
        String detail;
        if (r.verdict() == Verdict.PASS) {
            detail = r.criteria().size() + "/" + r.criteria().size() + " criteria met";
        } else if (r.verdict() == Verdict.FAIL) {
            detail = failed.size() + " of " + r.criteria().size() + " criteria not met: " + String.join("; ",
                    failed.stream().map(c -> (c.verdict() == Verdict.NOT_MEASURED ? "NOT MEASURED " : "") + c.name()
                            + " " + c.measured() + " (target " + c.target() + ")").toList())
                    + (r.error() == null ? "" : "; " + r.error());
        } else {
            detail = r.error() == null ? "" : r.error();
        }
        return tag + r.scenario() + ": " + r.verdict().json().toUpperCase(Locale.ROOT) + " in "
                + String.format(Locale.ROOT, "%.1f s", r.durationMs() / 1000.0)
                + (detail.isEmpty() ? "" : " - " + detail) + design(r.config());
    }

    /**
     * The design a result was judged against, for the line after the verdict: every departure from its design
     * ({@code config.notes}) and every adaptation to this run's caps or mode ({@code config.adaptations}), one a line;
     * or that it ran the seed plan's design unchanged.
     */
    static String design(java.util.Map<String, Object> config) {
        List<String> lines = new java.util.ArrayList<>();
        String name = config == null || config.get("design") == null ? null : String.valueOf(config.get("design"));
        strings(config == null ? null : config.get("notes")).forEach(n -> lines.add(DesignOptions.departsFrom(name)
                + ": " + n));
        strings(config == null ? null : config.get("adaptations")).forEach(a -> lines.add("adapted to this run: " + a));
        if (lines.isEmpty()) {
            return config == null || !config.containsKey("notes") ? "" : System.lineSeparator()
                    + "      " + DesignOptions.unchanged(name);
        }
        StringBuilder sb = new StringBuilder();
        lines.forEach(l -> sb.append(System.lineSeparator()).append("      ").append(l));
        return sb.toString();
    }

    private static List<String> strings(Object value) {
        if (value instanceof java.util.Collection<?> c) {
            return c.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }
}
