package io.chaosharness.report;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Command-line entry point:
 * {@code ReportMain --results DIR [--results DIR2] [--gatling DIR] [--history DIR] --out DIR}.
 *
 * <p>Exit codes: 0 when the report was written (whatever its verdict: the report is a document, and the scenario
 * runs themselves fail the build), 2 on a usage error or when the output cannot be written. {@code main} calls
 * {@link System#exit} only for a non-zero code, so it can run inside Maven ({@code exec:java}).
 */
public final class ReportMain {

    static final String USAGE = "usage: ReportMain --results DIR [--results DIR2] [--gatling DIR] [--history DIR] --out DIR";

    private ReportMain() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** Runs with the given streams; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        ReportRequest request;
        try {
            request = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("report: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            ReportResult result = ResilienceReport.generate(request);
            out.println("report: " + result.verdict() + " - " + result.scenarios().size() + " scenario(s), "
                    + result.simulations().size() + " simulation(s) -> " + result.indexHtml());
            for (BrokenFile b : result.brokenFiles()) {
                err.println("report: could not read " + b.message());
            }
            for (String note : result.notes()) {
                out.println("report: " + note);
            }
            return 0;
        } catch (IOException e) {
            err.println("report: cannot write the report to " + request.out() + ": " + e);
            return 2;
        }
    }

    static ReportRequest parse(String[] args) {
        ReportRequest.Builder b = ReportRequest.builder();
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                throw new IllegalArgumentException("help requested");
            }
            if (!flag.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + flag + "'");
            }
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException(flag + " needs a folder, but none was given");
            }
            Path value = Path.of(args[++i]);
            switch (flag) {
                case "--results" -> b.results(value);
                case "--gatling" -> b.gatling(value);
                case "--history" -> b.history(value);
                case "--out" -> b.out(value);
                default -> throw new IllegalArgumentException("unknown option '" + flag + "'");
            }
        }
        return b.build();
    }
}
