package io.sessionstream.testkit;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/** Loopback port helpers. */
public final class Ports {

    private Ports() {
    }

    /** Every port {@link #free()} has handed out in this JVM. */
    private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();
    /** Where the kernel picks the local port of an outgoing connection (Linux's default when it cannot be read). */
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    /** The ports {@link #free()} chooses from: {@code [from, to)}, below the ephemeral range. */
    private static final int[] RANGE = range(EPHEMERAL_RANGE);

    /**
     * A port that was free a moment ago (no listener on any address, nothing in {@code TIME_WAIT}), that this JVM has
     * not handed out before, and that is <em>below the kernel's ephemeral port range</em>.
     *
     * <p>Why below: the port is bound by a service process seconds later, and a port the kernel hands out for
     * {@code bind(0)} is one it also gives to outgoing connections. A suite opens thousands of them (Kafka, Redis,
     * HTTP clients), and one of them took such a port before its service bound it about once in two full runs
     * ("Address already in use"). Outgoing connections never use a port outside the range. The kernel may also give
     * the same port to two {@code bind(0)} in a row once the first socket is closed; two processes of one stack
     * given the same port would leave one unable to bind, so no port is handed out twice.
     */
    public static int free() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int attempt = 0; attempt < 1_000; attempt++) {
            int port = random.nextInt(RANGE[0], RANGE[1]);
            if (HANDED_OUT.contains(port) || !bindable(port)) {
                continue;
            }
            if (HANDED_OUT.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + RANGE[0] + "-" + (RANGE[1] - 1) + " after 1,000 attempts");
    }

    /** The range {@link #free()} uses: the 12,000 ports below the ephemeral range, or the 8,000 above it. */
    static int[] range(Path ephemeralRange) {
        int low = 32768;
        int high = 60999;
        try {
            // Read as lines: Files.readString trusts the size procfs reports, and read "3" of "32768\t60999".
            String[] bounds = String.join(" ", Files.readAllLines(ephemeralRange)).trim().split("\\s+");
            low = Integer.parseInt(bounds[0]);
            high = Integer.parseInt(bounds[1]);
        } catch (IOException | RuntimeException e) {
            // not Linux, or unreadable: Linux's default
        }
        if (low >= 13_024) {
            return new int[] {low - 12_000, low};
        }
        if (high <= 57_535) {
            return new int[] {high + 1, high + 8_001};
        }
        throw new IllegalStateException("the ephemeral port range " + low + "-" + high + " leaves no room for test ports");
    }

    /** Whether a listener could bind {@code port} on every address now (without {@code SO_REUSEADDR}). */
    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Whether something accepts TCP connections at host:port within 500 ms. */
    public static boolean answers(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
