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
import io.sessionstream.testkit.Ports;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * No SMTP server where the auth-service sends (nothing listens on the port): the service starts, a reset
 * request answers as always, and the lost mail is visible to an operator, without its link.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SmtpDownIT implements TestPropertyProvider {

    private final int closedPort = Ports.free();

    @Inject
    EmbeddedServer server;
    @Inject
    MeterRegistry meters;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = TestProperties.isolated(TestRedis.uniquePrefix(), SessionTopics.unique(),
                TestPostgres.newDatabase());
        p.put("javamail.properties.mail.smtp.port", String.valueOf(closedPort));
        return p;
    }

    @Test
    void resetRequest_whileTheSmtpServerIsDown_answers202AsAlways_andAWarningAndTheMeterSayTheMailFailed() {
        AuthApi api = new AuthApi(server.getPort());
        String email = api.register();
        HttpResponse<String> known;
        HttpResponse<String> unknown;
        try (LogCapture log = LogCapture.start()) {
            known = api.post("/api/auth/password-reset", "{\"email\":\"" + email + "\"}", null);
            unknown = api.post("/api/auth/password-reset", "{\"email\":\"nobody-" + email + "\"}", null);
            await().atMost(Duration.ofSeconds(15)).until(() -> mails("failed") == 1);

            assertThat(log.events()).filteredOn(e -> e.getLoggerName().equals(MailQueue.class.getName()))
                    .singleElement().satisfies(e -> {
                        assertThat(e.getLevel()).isEqualTo(Level.WARN);
                        assertThat(e.getFormattedMessage()).contains("password_reset", "127.0.0.1:" + closedPort);
                        assertThat(e.getThrowableProxy()).as("the cause").isNotNull();
                    });
            assertThat(log.lines()).as("nothing logged holds the reset link")
                    .noneMatch(line -> line.contains("reset.html") || line.contains("token="));
        }
        assertThat(known.statusCode()).isEqualTo(202);
        assertThat(known.body()).isEqualTo(unknown.body());
        assertThat(mails("sent")).isZero();
    }

    private double mails(String outcome) {
        var counter = meters.find(MailQueue.METER).tags("kind", "password_reset", "outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }
}
