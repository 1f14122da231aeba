package io.chaosharness.env;

/** The container images of the {@code containers} provider, pinned in one place. */
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
}
