package io.chaosharness.blackbox.spec;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An application spec: what the harness needs to drive and judge a running application over HTTP, in any language.
 * Read from YAML or JSON by {@link #parse(Path)}; the format is {@code docs/app-spec.schema.json}. Immutable; every
 * part keeps its line so that later errors (pre-flight probes) name it.
 *
 * @param file                 the spec file as the user named it
 * @param name                 the application's name (default: the file name without extension)
 * @param baseUrl              {@code http(s)://host[:port][/prefix]}; step paths are appended to it
 * @param baseUrlLocation      the line of {@code baseUrl}
 * @param accounts             the accounts virtual users take in turn ({@code ${user.FIELD}}); may be empty
 * @param journeys             at least one
 * @param fallback             how to recognise a fallback response, if the application has one
 * @param health               the health endpoint, if any
 * @param metrics              the metrics endpoint, if any
 * @param start                how to start the application, if the harness should
 * @param load                 the default load
 * @param loadLocation         the line of the {@code load} block (the document's first line when defaulted)
 * @param scenarios            per-scenario load (catalogue id to the default load with that scenario's overrides)
 * @param scenarioLocations    the line of each {@code scenarios.<id>} entry
 * @param environmentVariables every {@code ${env.NAME}} the spec reads, with where it is first used
 */
public record AppSpec(String file, String name, URI baseUrl, SpecLocation baseUrlLocation,
                      List<Map<String, Template>> accounts, List<Journey> journeys,
                      Optional<FallbackRecogniser> fallback, Optional<HealthSpec> health,
                      Optional<MetricsSpec> metrics, Optional<StartSpec> start, LoadSettings load,
                      SpecLocation loadLocation,
                      Map<String, LoadSettings> scenarios, Map<String, SpecLocation> scenarioLocations,
                      Map<String, EnvironmentUse> environmentVariables) {

    /** The spec format's version; {@code version} in a file may be omitted or must be this. */
    public static final int VERSION = 1;
    public static final int MAX_JOURNEYS = 50;
    public static final int MAX_STEPS = 50;
    public static final int MAX_ACCOUNTS = 10_000;
    /** Spec files larger than this are refused before parsing. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    /** Where an environment variable is first read: the field path and its line. */
    public record EnvironmentUse(String field, SpecLocation location) {
    }

    public AppSpec {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(baseUrlLocation, "baseUrlLocation");
        accounts = accounts.stream().map(Map::copyOf).toList();
        journeys = List.copyOf(journeys);
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(health, "health");
        Objects.requireNonNull(metrics, "metrics");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(load, "load");
        Objects.requireNonNull(loadLocation, "loadLocation");
        scenarios = Map.copyOf(scenarios);
        scenarioLocations = Map.copyOf(scenarioLocations);
        environmentVariables = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(environmentVariables));
    }

    /**
     * Reads a spec file (YAML, or JSON for {@code .json}).
     *
     * @throws SpecException naming the file, the line and the field: unreadable file, invalid YAML/JSON, unknown
     *                       field, wrong type, missing required field, bad value
     */
    public static AppSpec parse(Path path) {
        String file = path.toString();
        try {
            if (Files.isDirectory(path)) {
                throw new SpecException(SpecLocation.ofFile(file), "", "is a directory, not a spec file");
            }
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                throw new SpecException(SpecLocation.ofFile(file), "", "is " + size + " bytes; a spec file may have "
                        + "at most " + MAX_FILE_BYTES);
            }
            return parse(file, Files.readString(path, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new SpecException(SpecLocation.ofFile(file), "", "no such file", e);
        } catch (IOException e) {
            throw new SpecException(SpecLocation.ofFile(file), "", "could not be read: " + e.getMessage(), e);
        }
    }

    /** Reads spec text; {@code file} names it in errors and chooses the syntax ({@code .json}: JSON, else YAML). */
    public static AppSpec parse(String file, String content) {
        return SpecBinder.bind(file, Node.read(file, content));
    }

    /** The line of the load that {@link #loadFor(String)} gives for {@code scenarioId}. */
    public SpecLocation loadLocationFor(String scenarioId) {
        return scenarioLocations.getOrDefault(scenarioId, loadLocation);
    }

    /** The load for one scenario: its {@code scenarios.<id>} entry, else the default {@link #load()}. */
    public LoadSettings loadFor(String scenarioId) {
        return scenarios.getOrDefault(scenarioId, load);
    }

    /**
     * Resolves every environment variable the spec reads.
     *
     * @param env the environment (e.g. {@code System::getenv})
     * @return name to value, in order of first use; the values are secrets (see {@link #masker(Map)})
     * @throws SpecException naming the first field that reads an unset (or empty) variable
     */
    public Map<String, String> resolveEnvironment(Function<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, EnvironmentUse> e : environmentVariables.entrySet()) {
            String value = env.apply(e.getKey());
            if (value == null || value.isEmpty()) {
                throw new SpecException(e.getValue().location(), e.getValue().field(), "environment variable "
                        + e.getKey() + " is not set (the spec reads it with ${env." + e.getKey() + "})");
            }
            out.put(e.getKey(), value);
        }
        return out;
    }

    /**
     * A function that masks the resolved environment values (and the usual secrets, {@code Secrets.mask}) in any text
     * about to leave the process: log lines, error messages, results.
     */
    public static Function<String, String> masker(Map<String, String> resolvedEnvironment) {
        List<String> secrets = resolvedEnvironment.values().stream()
                .filter(v -> !v.isEmpty())
                .sorted((a, b) -> b.length() - a.length()) // longest first: a secret containing another
                .toList();
        return text -> {
            if (text == null) {
                return null;
            }
            String out = io.chaosharness.core.Secrets.mask(text);
            for (String s : secrets) {
                out = out.replace(s, io.chaosharness.core.Secrets.MASK);
            }
            return out;
        };
    }

    /** The same spec against another base URL (a command-line override); nothing else changes. */
    public AppSpec withBaseUrl(URI url) {
        return new AppSpec(file, name, SpecBinder.checkBaseUrl(url.toString(), baseUrlLocation, "baseUrl"),
                baseUrlLocation, accounts, journeys, fallback, health, metrics, start, load, loadLocation, scenarios,
                scenarioLocations, environmentVariables);
    }

    /** The URI of a path on the base URL (the base's own path prefix kept). */
    public URI resolve(String path) {
        String base = baseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return URI.create(base + path);
    }
}
