package io.chaosharness.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code ./harness run --app SPEC}: the options that turn the chaos suite on an application judged over HTTP (a
 * picocli mixin of {@link RunCommand}, so the black-box run's options live in one place).
 */
public final class AppRunOptions {

    @Option(names = "--app", paramLabel = "SPEC",
            description = "Judges a running application, in any language, over HTTP while its database path is "
                    + "under fault: the application spec file (YAML or JSON, docs/app-spec.schema.json). The "
                    + "harness starts the application when the spec says how (start:), else drives its baseUrl.")
    Path spec;

    @Option(names = "--base-url", paramLabel = "URL",
            description = "With --app: the application's base URL instead of the spec's (e.g. a staging URL).")
    URI baseUrl;

    /** Whether this run judges an application. */
    boolean active() {
        return spec != null;
    }
}
