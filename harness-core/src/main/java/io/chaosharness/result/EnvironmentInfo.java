package io.chaosharness.result;

/**
 * Where a scenario ran ({@code environment} in the result file).
 *
 * @param provider        {@code embedded}, {@code containers} or {@code external}
 * @param postgresVersion the server's version
 * @param proxy           which Toxiproxy API answered
 * @param commit          the harness's git commit, or {@code null} if unknown
 * @param javaVersion     the JVM's version
 */
public record EnvironmentInfo(String provider, String postgresVersion, String proxy, String commit,
                              String javaVersion) {
}
