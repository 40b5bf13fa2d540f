package io.sessionstream.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The proxy against an auth-service that closes a kept-alive connection just as the next request arrives on it
 * (RFC 9112 §9.6: a server may close an idle connection at any time, and a client's request can cross the close;
 * Micronaut also closes after some error answers). The auth-service here is a plain socket server in this JVM that
 * answers the first request of each connection and closes the connection, unanswered, when a second one arrives.
 * A proxy that reused its upstream connections would answer every second request 502, login and logout included.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthServiceProxyConnectionIT implements TestPropertyProvider {

    private static final String ANSWER = "{\"from\":\"auth-service\"}";

    private final HttpClient http = HttpClient.newHttpClient();
    private final List<String> answered = new CopyOnWriteArrayList<>();
    private final AtomicInteger closedUnanswered = new AtomicInteger();
    private final ServerSocket authService = startAuthService();

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = TestProperties.isolated(TestRedis.uniquePrefix(), SessionTopics.unique());
        p.put("sessionstream.demo.instance-id", "app-conn");
        p.put("sessionstream.demo.auth-service-url", "http://127.0.0.1:" + authService.getLocalPort());
        return p;
    }

    @AfterAll
    void stopAuthService() throws IOException {
        authService.close();
    }

    @Test
    void anAuthServiceThatClosesItsKeptAliveConnections_neverCostsAProxiedRequest() throws Exception {
        String login = "{\"email\":\"a@example.com\",\"password\":\"whatever1\"}";
        for (int round = 0; round < 3; round++) {
            assertProxied(HttpRequest.newBuilder(uri("/api/auth/me")).header("Authorization", "Bearer x.y").GET(),
                    "GET /api/auth/me ");
            assertProxied(HttpRequest.newBuilder(uri("/api/auth/login")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(login)), "POST /api/auth/login " + login);
            assertProxied(HttpRequest.newBuilder(uri("/api/auth/logout")).header("Authorization", "Bearer x.y")
                    .POST(HttpRequest.BodyPublishers.noBody()), "POST /api/auth/logout ");
        }
        assertThat(answered).hasSize(9);
    }

    private void assertProxied(HttpRequest.Builder request, String reached) throws Exception {
        int before = answered.size();
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(reached + " -> " + response.body()
                + " (connections closed unanswered so far: " + closedUnanswered.get() + ")").isEqualTo(200);
        assertThat(response.body()).isEqualTo(ANSWER);
        assertThat(answered.subList(before, answered.size())).as("what reached the auth-service").containsExactly(reached);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    private ServerSocket startAuthService() {
        try {
            ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        Socket connection = socket.accept();
                        Thread handler = new Thread(() -> serve(connection), "auth-service-connection");
                        handler.setDaemon(true);
                        handler.start();
                    } catch (IOException e) {
                        // Closed at the end of the class.
                    }
                }
            }, "auth-service-acceptor");
            acceptor.setDaemon(true);
            acceptor.start();
            return socket;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Answers the connection's first request; closes it, unanswered, when a second request arrives. */
    private void serve(Socket connection) {
        try (connection) {
            InputStream in = connection.getInputStream();
            String first = readRequest(in);
            if (first == null) {
                return;
            }
            answered.add(first);
            byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
            OutputStream out = connection.getOutputStream();
            out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                    + "\r\nConnection: keep-alive\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            if (readRequest(in) != null) {
                closedUnanswered.incrementAndGet();
            }
        } catch (IOException e) {
            // The proxy closed the connection: nothing to answer.
        }
    }

    /** One request as "METHOD /path body", or null when the connection ended first. */
    private static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                return null;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        int length = 0;
        for (String line : lines) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring("content-length:".length()).trim());
            }
        }
        String[] requestLine = lines[0].split(" ");
        return requestLine[0] + " " + requestLine[1] + " " + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
