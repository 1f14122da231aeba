package io.chaosharness.env;

import org.testcontainers.utility.DockerImageName;

/**
 * The container images of the {@code containers} provider. The defaults are the official images; a mirror, a private
 * registry or a locally built image is named in {@link EnvironmentSettings#postgresImage()} and
 * {@link EnvironmentSettings#toxiproxyImage()} ({@code HARNESS_POSTGRES_IMAGE}, {@code HARNESS_TOXIPROXY_IMAGE}) and
 * declared a compatible substitute, so Testcontainers' modules accept it.
 */
public final class ContainerImages {

    /** PostgreSQL, the same major as the embedded binaries. */
    public static final String POSTGRES = "postgres:17";

    /** Shopify's Toxiproxy, the API version the embedded proxy reproduces. */
    public static final String TOXIPROXY = "ghcr.io/shopify/toxiproxy:2.12.0";

    /** The first of the 32 proxy ports the Toxiproxy container exposes (8666..8697). */
    public static final int TOXIPROXY_FIRST_PROXY_PORT = 8666;

    /** Network alias of the PostgreSQL container on the shared network. */
    public static final String POSTGRES_ALIAS = "postgres";

    private ContainerImages() {
    }

    /** {@code name} as a substitute for the official PostgreSQL image (the official name itself stays as it is). */
    public static DockerImageName postgres(String name) {
        return substitute(name, "postgres");
    }

    /** {@code name} as a substitute for the official Toxiproxy image. */
    public static DockerImageName toxiproxy(String name) {
        return substitute(name, "ghcr.io/shopify/toxiproxy");
    }

    private static DockerImageName substitute(String name, String official) {
        DockerImageName image = DockerImageName.parse(name);
        return image.isCompatibleWith(DockerImageName.parse(official)) ? image : image.asCompatibleSubstituteFor(official);
    }
}
