package io.github.anchorbatchmcp.transport.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which Host and Origin headers count as loopback on a loopback binding. */
class HostsTest {

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "LocalHost:8080", "127.0.0.1", "127.0.0.1:3000", "127.0.0.2",
            "127.0.0.2:45873", "127.255.255.255:1", "127.1.2.3", "[::1]", "[::1]:8080", " 127.0.0.5:80 "})
    void loopbackHostsPass(String host) {
        assertTrue(Hosts.isLoopbackHost(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "evil.example", "evil.example:80", "localhost.evil.example", "128.0.0.1",
            "127.0.0.256", "127.0.0", "127.0.0.1.2", "127.0.0.1.evil.example", "1270.0.0.1", "::1", "[::2]",
            "127.0.0.2:", "127.0.0.2:80x", "[::1]x", "10.0.0.1:8080", "0.0.0.0"})
    void otherHostsAreRefused(String host) {
        assertFalse(Hosts.isLoopbackHost(host), host);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.2:3000", "https://127.9.8.7", "http://localhost", "http://[::1]:5173"})
    void loopbackOriginsPassByDefault(String origin) {
        assertTrue(Hosts.originAllowed(origin, List.of()), origin);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://128.0.0.1", "http://127.0.0.999", "http://127.0.0.1.evil.example",
            "file://127.0.0.1", "http://127.0.0.2/path"})
    void otherOriginsAreRefusedByDefault(String origin) {
        assertFalse(Hosts.originAllowed(origin, List.of()), origin);
    }
}
