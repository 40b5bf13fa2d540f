package io.sessionstream.auth.mail;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;
import io.sessionstream.auth.AuthConfiguration;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

/**
 * What the auth-service's mail says and how it is queued, under {@value #PREFIX}. Where the SMTP server is
 * (host, port, TLS, credentials) is micronaut-email's configuration: {@code javamail.properties.mail.smtp.*}
 * and {@code javamail.authentication.*}.
 *
 * @param from          the sender address (default {@code no-reply@localhost})
 * @param linkBaseUrl   absolute URL of the web pages the links point to, e.g. {@code https://app.example.com};
 *                      a reset link is {@code <linkBaseUrl>/reset.html?token=…} (default {@code http://localhost:8080})
 * @param threads       threads that talk to the SMTP server (default 2)
 * @param queueCapacity messages that may wait for a thread; past it a message is dropped with a warning, the
 *                      request never waits (default 100)
 */
@ConfigurationProperties(MailConfiguration.PREFIX)
record MailConfiguration(
        @Bindable(defaultValue = "no-reply@localhost") @NotBlank @Email String from,
        @Bindable(defaultValue = "http://localhost:8080") @NotBlank @Pattern(regexp = "https?://[^\\s/?#]+(/[^\\s?#]*)?")
        String linkBaseUrl,
        @Bindable(defaultValue = "2") @Positive int threads,
        @Bindable(defaultValue = "100") @Positive int queueCapacity) {

    /** The configuration prefix. */
    static final String PREFIX = AuthConfiguration.PREFIX + ".mail";

    /** {@code path} (starting with {@code /}) under {@link #linkBaseUrl}. */
    String link(String path) {
        return linkBaseUrl.replaceAll("/+$", "") + path;
    }
}
