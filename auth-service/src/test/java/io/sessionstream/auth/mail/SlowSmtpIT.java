package io.sessionstream.auth.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.auth.AuthApi;
import io.sessionstream.auth.LogCapture;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * An SMTP server that accepts connections and never answers (the worst kind: each send holds a mail thread
 * until {@code mail.smtp.timeout}), with one mail thread and room for one waiting message. Requests must not
 * wait for it, and what does not fit the queue is dropped, visibly.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SlowSmtpIT implements TestPropertyProvider {

    private static final int SMTP_TIMEOUT_MS = 3000;

    private final SilentServer smtp = new SilentServer();

    @Inject
    EmbeddedServer server;
    @Inject
    MeterRegistry meters;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = TestProperties.isolated(TestRedis.uniquePrefix(), SessionTopics.unique(),
                TestPostgres.newDatabase());
        p.put("javamail.properties.mail.smtp.port", String.valueOf(smtp.port()));
        p.put("javamail.properties.mail.smtp.timeout", String.valueOf(SMTP_TIMEOUT_MS));
        p.put("sessionstream.auth.mail.threads", "1");
        p.put("sessionstream.auth.mail.queue-capacity", "1");
        return p;
    }

    @AfterAll
    void stopSmtp() {
        smtp.close();
    }

    @Test
    void whileTheSmtpServerDoesNotAnswer_resetRequestsAnswerAtOnce_andTheMailThatDoesNotFitTheQueueIsDropped() {
        AuthApi api = new AuthApi(server.getPort());
        List<String> users = List.of(api.register(), api.register(), api.register());
        try (LogCapture log = LogCapture.start()) {
            for (String email : users) {
                long start = System.nanoTime();
                HttpResponse<String> answer = api.post("/api/auth/password-reset", "{\"email\":\"" + email + "\"}", null);
                Duration took = Duration.ofNanos(System.nanoTime() - start);

                assertThat(answer.statusCode()).isEqualTo(202);
                assertThat(took).as("a reset request must not wait for the SMTP server (it holds each send %d ms)",
                        SMTP_TIMEOUT_MS).isLessThan(Duration.ofMillis(SMTP_TIMEOUT_MS / 2));
            }
            // One send holds the thread, one waits in the queue, the third does not fit.
            assertThat(mails("dropped")).isEqualTo(1);
            assertThat(log.events()).filteredOn(e -> e.getLoggerName().equals(MailQueue.class.getName()))
                    .singleElement().satisfies(e -> {
                        assertThat(e.getLevel()).isEqualTo(Level.WARN);
                        assertThat(e.getFormattedMessage()).contains("dropped", "password_reset");
                    });
            await().atMost(Duration.ofMillis(4L * SMTP_TIMEOUT_MS)).until(() -> mails("failed") == 2);
            assertThat(log.lines()).as("nothing logged holds the reset link")
                    .noneMatch(line -> line.contains("reset.html") || line.contains("token="));
        }
        assertThat(mails("sent")).isZero();
    }

    private double mails(String outcome) {
        var counter = meters.find(MailQueue.METER).tags("kind", "password_reset", "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Accepts TCP connections on 127.0.0.1 and holds them open without a word: not even the SMTP greeting. */
    private static final class SilentServer implements AutoCloseable {

        private final ServerSocket socket;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        SilentServer() {
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try {
                        held.add(socket.accept());
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "silent-smtp");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() {
            try {
                socket.close();
                for (Socket s : held) {
                    s.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
