package io.chaosharness.freshproject;

import static org.assertj.core.api.Assertions.assertThat;

import io.chaosharness.result.ResultFiles;
import io.chaosharness.result.ScenarioResult;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Maven project outside this repository, made only of the README's snippets (its pom's harness parts, its
 * {@code logback-test.xml}, its chaos tests) around a shop's own main code (a HikariCP pool), is built by a nested
 * {@code mvn verify} against a temporary local repository: the harness must come in through {@code harness-bom},
 * run PostgreSQL 17, run a catalogue scenario against the shop's own pool and leave the plugin's report.
 *
 * <p>"Installing" the harness copies this reactor's freshly packaged jars and poms into the temporary repository's
 * layout, which is what {@code mvn install} writes (the pom unchanged, the jar): milliseconds instead of a second
 * build of the reactor. Third-party artifacts come from the outer build's local repository through a {@code file://}
 * mirror, so the nested build neither downloads nor touches that repository's harness artifacts.
 */
class FreshProjectIT {

    /** The modules a dependent's test class path and the report goal need, as the README's install builds them. */
    static final List<String> MODULES = List.of("harness-core", "harness-proxy", "harness-reference",
            "harness-testkit", "harness-adapters", "scenarios", "reports", "harness-maven-plugin");
    static final Pattern SNIPPET = Pattern.compile("<!-- fresh-project:([a-z-]+) -->\\R```[a-z]*\\R(.*?)\\R```",
            Pattern.DOTALL);
    static final long BUILD_LIMIT_MINUTES = 5;

    @TempDir
    Path tmp;

    @Test
    void aFreshProjectFollowingTheReadmeRunsTheCatalogueOnPostgres17AgainstItsOwnPoolAndGetsAReport()
            throws Exception {
        Path root = Path.of(property("harness.root")).toAbsolutePath().normalize();
        String version = property("harness.version");
        Map<String, String> snippets = snippets(Files.readString(root.resolve("README.md")));
        assertThat(snippets).as("README's fresh-project snippets").containsKeys("bom", "dependencies", "plugins",
                "logback-test", "catalogue-test", "fault-test");
        assertThat(snippets.get("bom") + snippets.get("plugins")).as("README's coordinates name this version")
                .contains("<version>" + version + "</version>");
        assertThat(snippets.get("dependencies")).as("README's JUnit and Logback: the versions this build tests with")
                .contains("<version>" + property("harness.junitVersion") + "</version>")
                .contains("<version>" + property("harness.logbackVersion") + "</version>");

        long started = System.nanoTime();
        Path repository = tmp.resolve("repository");
        install(root, version, repository);
        long installed = System.nanoTime();

        Path project = tmp.resolve("shop");
        writeProject(project, snippets);
        Path settings = tmp.resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                  <mirrors>
                    <mirror>
                      <id>outer-local-repository</id>
                      <mirrorOf>*</mirrorOf>
                      <url>%s</url>
                    </mirror>
                  </mirrors>
                  <profiles>
                    <profile>
                      <!-- a local repository keeps no checksums of its own for every file: no warning per jar -->
                      <id>no-checksums</id>
                      <repositories>
                        <repository>
                          <id>central</id><url>https://repo.maven.apache.org/maven2</url>
                          <releases><checksumPolicy>ignore</checksumPolicy></releases>
                          <snapshots><enabled>false</enabled></snapshots>
                        </repository>
                      </repositories>
                      <pluginRepositories>
                        <pluginRepository>
                          <id>central</id><url>https://repo.maven.apache.org/maven2</url>
                          <releases><checksumPolicy>ignore</checksumPolicy></releases>
                          <snapshots><enabled>false</enabled></snapshots>
                        </pluginRepository>
                      </pluginRepositories>
                    </profile>
                  </profiles>
                  <activeProfiles><activeProfile>no-checksums</activeProfile></activeProfiles>
                </settings>
                """.formatted(Path.of(property("harness.outerRepository")).toUri()));

        Path log = tmp.resolve("build.log");
        int exit = mvn(project, log, "-B", "-ntp", "-Dstyle.color=never", "-s", settings.toString(),
                "-Dmaven.repo.local=" + repository, "verify");
        long built = System.nanoTime();
        String output = Files.readString(log);
        // kept for reading after the temporary folder is gone (a CI artifact like the others in target/)
        Files.createDirectories(Path.of("target"));
        Files.copy(log, Path.of("target", "fresh-project-build.log"), StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("fresh project: install %d ms, nested mvn verify %d ms%n",
                (installed - started) / 1_000_000, (built - installed) / 1_000_000);

        assertThat(exit).as("nested mvn verify's exit code; its log ends:%n%s", tail(output, 80)).isZero();
        assertThat(output).as("the build log")
                .contains("Tests run: 3, Failures: 0, Errors: 0, Skipped: 0")
                .contains("chaos-harness report: PASS")
                .doesNotContain("No SLF4J providers");

        Path result = project.resolve("target/resilience-results/bandwidth-slicer.json");
        List<String> notes = new ArrayList<>();
        ScenarioResult slicer = ResultFiles.readScenario(result, event -> {
            if (event.toString().contains("workload started")) {
                notes.add(event.toString());
            }
        });
        assertThat(slicer.environment().provider()).as("environment of %s", result).isEqualTo("embedded");
        assertThat(slicer.environment().postgresVersion()).as("PostgreSQL the dependent's embedded database ran")
                .startsWith("17.");
        assertThat(notes).as("the timeline's workload note names the system the scenario ran: the shop's own")
                .singleElement().asString().contains("system shop");

        Path report = project.resolve("target/resilience-report");
        assertThat(report.resolve("index.html")).as("the plugin's report page").isNotEmptyFile();
        assertThat(Files.readString(report.resolve("summary.json"))).as("the report's summary")
                .contains("\"bandwidth-slicer\"");
        try (Stream<Path> files = Files.walk(repository.resolve("io/chaosharness"))) {
            assertThat(files.filter(Files::isRegularFile).map(f -> f.getFileName().toString()))
                    .as("harness files in the temporary repository: only those installed from this reactor, none"
                            + " fetched through the mirror (which would leave _remote.repositories)")
                    .hasSize(2 + 2 * MODULES.size()).noneMatch(name -> name.equals("_remote.repositories"));
        }
    }

    /** Each {@code <!-- fresh-project:NAME -->} marker and the fenced code block right under it. */
    static Map<String, String> snippets(String readme) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        Matcher m = SNIPPET.matcher(readme);
        while (m.find()) {
            assertThat(out.put(m.group(1), m.group(2))).as("README snippet %s appears once", m.group(1)).isNull();
        }
        return out;
    }

    /** The parent pom, the BOM and each module's jar and pom, laid out as {@code mvn install} lays them out. */
    static void install(Path root, String version, Path repository) throws IOException {
        put(repository, "chaos-harness-parent", version, root.resolve("pom.xml"), "pom");
        put(repository, "harness-bom", version, root.resolve("harness-bom/pom.xml"), "pom");
        for (String module : MODULES) {
            Path jar = root.resolve(module).resolve("target").resolve(module + "-" + version + ".jar");
            assertThat(jar).as("%s packaged by this reactor (build with -am)", module).isRegularFile();
            put(repository, module, version, root.resolve(module).resolve("pom.xml"), "pom");
            put(repository, module, version, jar, "jar");
        }
    }

    private static void put(Path repository, String artifactId, String version, Path file, String extension)
            throws IOException {
        Path dir = repository.resolve("io/chaosharness").resolve(artifactId).resolve(version);
        Files.createDirectories(dir);
        Files.copy(file, dir.resolve(artifactId + "-" + version + "." + extension), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The template with the README's snippets in place of its markers, and the snippets' files. */
    static void writeProject(Path project, Map<String, String> snippets) throws IOException, URISyntaxException {
        Path template = Path.of(FreshProjectIT.class.getResource("/fresh-project").toURI());
        try (Stream<Path> files = Files.walk(template)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Path target = project.resolve(template.relativize(file).toString());
                Files.createDirectories(target.getParent());
                String text = Files.readString(file);
                Matcher marker = Pattern.compile("<!-- README:([a-z-]+) -->").matcher(text);
                StringBuilder out = new StringBuilder();
                while (marker.find()) {
                    String snippet = snippets.get(marker.group(1));
                    assertThat(snippet).as("README snippet for the template's marker %s", marker.group(1)).isNotNull();
                    marker.appendReplacement(out, Matcher.quoteReplacement(snippet));
                }
                marker.appendTail(out);
                Files.writeString(target, out.toString());
            }
        }
        Files.createDirectories(project.resolve("src/test/resources"));
        Files.writeString(project.resolve("src/test/resources/logback-test.xml"), snippets.get("logback-test"));
        for (String name : List.of("catalogue-test", "fault-test")) {
            String source = snippets.get(name);
            Matcher pkg = Pattern.compile("(?m)^package ([\\w.]+);").matcher(source);
            Matcher cls = Pattern.compile("(?m)^(?:public )?(?:final )?class (\\w+)").matcher(source);
            assertThat(pkg.find() && cls.find()).as("snippet %s declares its package and class", name).isTrue();
            Path file = project.resolve("src/test/java").resolve(pkg.group(1).replace('.', '/'))
                    .resolve(cls.group(1) + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, source);
        }
    }

    /** Runs Maven in {@code dir}, bounded by {@link #BUILD_LIMIT_MINUTES}; the whole process tree goes on timeout. */
    static int mvn(Path dir, Path log, String... args) throws IOException, InterruptedException {
        String home = System.getProperty("harness.mavenHome", "");
        List<String> command = new ArrayList<>();
        command.add(home.isBlank() ? "mvn" : Path.of(home, "bin", "mvn").toString());
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // the README's defaults, whatever the outer build's environment says
        builder.environment().keySet().removeIf(k -> k.startsWith("HARNESS_") || k.equals("MAVEN_ARGS"));
        builder.environment().put("HARNESS_ENV", "embedded");
        // the nested Maven JVM lives about a minute: C1 alone starts it faster (the forked test JVM is not affected)
        builder.environment().put("MAVEN_OPTS", "-XX:TieredStopAtLevel=1");
        Process process = builder.start();
        try {
            if (!process.waitFor(BUILD_LIMIT_MINUTES, TimeUnit.MINUTES)) {
                throw new AssertionError("nested mvn verify still running after " + BUILD_LIMIT_MINUTES
                        + " min; its log ends:\n" + tail(Files.readString(log), 80));
            }
            return process.exitValue();
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static String tail(String text, int lines) {
        String[] all = text.split("\\R");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is missing: run through Failsafe"
                    + " (mvn verify -pl fresh-project-it -am)");
        }
        return value;
    }
}
