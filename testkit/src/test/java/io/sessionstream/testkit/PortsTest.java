package io.sessionstream.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PortsTest {

    @TempDir
    Path dir;

    @Test
    void free_handsOutBindablePortsBelowTheEphemeralRange_neverTheSameTwice() throws Exception {
        int[] range = Ports.range(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            int port = Ports.free();
            assertThat(port).isBetween(range[0], range[1] - 1);
            assertThat(ports.add(port)).as("handed out twice: " + port).isTrue();
        }
        int port = Ports.free();
        try (ServerSocket server = new ServerSocket()) {
            server.bind(new InetSocketAddress(port));
            assertThat(server.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void range_isTheTwelveThousandPortsBelowTheKernelsEphemeralRange_orAboveWhenNoneIsBelow() throws Exception {
        assertThat(Ports.range(Files.writeString(dir.resolve("linux"), "32768\t60999\n"))).containsExactly(20768, 32768);
        assertThat(Ports.range(Files.writeString(dir.resolve("low"), "1024 50000\n"))).containsExactly(50001, 58001);
        assertThat(Ports.range(dir.resolve("missing"))).as("Linux's default").containsExactly(20768, 32768);
        assertThatThrownBy(() -> Ports.range(Files.writeString(dir.resolve("all"), "1024 65535\n")))
                .hasMessageContaining("no room");
    }
}
