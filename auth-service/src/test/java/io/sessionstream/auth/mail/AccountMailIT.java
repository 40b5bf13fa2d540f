package io.sessionstream.auth.mail;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.sessionstream.testkit.ReceivedMail;
import io.sessionstream.testkit.SessionTopics;
import io.sessionstream.testkit.TestMail;
import io.sessionstream.testkit.TestPostgres;
import io.sessionstream.testkit.TestProperties;
import io.sessionstream.testkit.TestRedis;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The auth-service's two messages, as the test SMTP server receives them from the default {@link AccountNotifier}. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AccountMailIT implements TestPropertyProvider {

    private static final String BASE = "https://accounts.example.com/app";

    @Inject
    AccountNotifier notifier;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> p = TestProperties.isolated(TestRedis.uniquePrefix(), SessionTopics.unique(),
                TestPostgres.newDatabase());
        p.put("sessionstream.auth.mail.link-base-url", BASE + "/");
        p.put("sessionstream.auth.mail.from", "accounts@example.com");
        return p;
    }

    @Test
    void signUpAttempted_mailsTheOwner_whereToSignInOrReset_andNoSecret() {
        String email = "owner-" + UUID.randomUUID() + "@example.com";

        notifier.signUpAttempted(email);

        ReceivedMail mail = TestMail.awaitMail(email);
        assertThat(mail.subject()).isEqualTo("Someone tried to sign up with your address");
        assertThat(mail.from()).isEqualTo("Sessionstream <accounts@example.com>");
        assertThat(mail.text()).contains("already has one", BASE + "/signin.html", BASE + "/forgot.html")
                .doesNotContain("token");
    }

    @Test
    void passwordReset_mailsTheLinkUnderTheBaseUrl_andUntilWhenItWorks() {
        String email = "owner-" + UUID.randomUUID() + "@example.com";

        notifier.passwordReset(UUID.randomUUID(), email, "the-token", Instant.parse("2026-12-03T14:35:00Z"));

        ReceivedMail mail = TestMail.awaitMail(email);
        assertThat(mail.subject()).isEqualTo("Reset your Sessionstream password");
        assertThat(mail.link()).contains(BASE + "/reset.html?token=the-token");
        assertThat(mail.text()).contains("It works once, until 14:35 UTC on 2026-12-03");
    }
}
