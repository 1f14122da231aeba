package io.chaosharness.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A wildcard listen address binds the JVM's wildcard, as Go's net.Listen does: "[::]" (how a listener on all
 * addresses is reported, and so what re-enabling a proxy binds again) must work where IPv6 is unavailable, inside a
 * container.
 */
class ManagedProxyListenTest {

    @ParameterizedTest
    @ValueSource(strings = {"[::]:8666", "0.0.0.0:8666", ":8666"})
    void aWildcardListenAddressBindsTheJvmsWildcard(String listen) {
        assertThat(ManagedProxy.parseListen(listen)).as(listen).isEqualTo(new InetSocketAddress(8666));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8666", "[::1]:8666"})
    void aSpecificAddressStaysSpecific(String listen) {
        InetSocketAddress address = ManagedProxy.parseListen(listen);
        assertThat(address.getAddress().isLoopbackAddress()).as("%s is loopback", listen).isTrue();
        assertThat(address.getPort()).as("port").isEqualTo(8666);
    }
}
