package io.sessionstream.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoadGeneratorTest {

    private static final int STALL_MILLIS = 300;

    private final AtomicInteger served = new AtomicInteger();
    private HttpServer server;

    /**
     * The JDK's server, answering with Nagle off: it writes the headers and the body apart, and with Nagle on each
     * answer would wait for the client's delayed acknowledgement.
     */
    @BeforeEach
    void startServer() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            if (served.incrementAndGet() == 101) {
                stall();
            }
            byte[] body = "ok".getBytes(StandardCharsets.US_ASCII);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    @Test
    void runAtRate_countsAStallForEveryRequestItHeldBack_andSendsEveryRequestOfTheMeasuredPeriod() {
        // 200 requests/s on one connection: the 101st request is intended 500 ms in, inside the measured period.
        LoadResult r = LoadGenerator.runAtRate("fixed", "http://127.0.0.1:" + server.getAddress().getPort(), "/",
                List.of(), 1, 200, Duration.ofMillis(200), Duration.ofSeconds(1));

        assertThat(r.requests()).as("every intended send of the measured second, none skipped behind the stall")
                .isEqualTo(200);
        assertThat(r.errors()).isZero();
        assertThat(r.maxMicros()).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(STALL_MILLIS));
        // The requests intended during the stall waited for it from their intended time. Timed from their actual
        // send, only the stalled one would be slow, 1 of 200, and the p99 (the third slowest) an ordinary answer's.
        assertThat(r.p99Micros()).as("the p99: the stalled request and the two intended after it")
                .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toMicros(STALL_MILLIS - 50));
    }

    /** The server's pause that the load generator has to see, not a wait for something to happen. */
    private static void stall() {
        try {
            TimeUnit.MILLISECONDS.sleep(STALL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
