package io.sessionstream.auth.mail;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.email.javamail.sender.DefaultSessionProvider;
import io.micronaut.email.javamail.sender.MailPropertiesProvider;
import io.micronaut.email.javamail.sender.SessionProvider;
import jakarta.inject.Singleton;
import jakarta.mail.Authenticator;
import jakarta.mail.Session;
import java.util.Properties;

/**
 * The Jakarta Mail session of this application context, built once from {@code javamail.*}. Replaces
 * micronaut-email's default, which asks for {@code Session.getDefaultInstance}: one session per JVM, fixed by
 * whichever context asked first, so a second context in the same JVM (every test class) would send to the
 * first one's SMTP server.
 */
@Singleton
@Replaces(DefaultSessionProvider.class)
@Requires(beans = MailPropertiesProvider.class)
class MailSessionProvider implements SessionProvider {

    private final Session session;

    MailSessionProvider(MailPropertiesProvider properties, @Nullable Authenticator authenticator) {
        Properties props = properties.mailProperties();
        if (authenticator != null) {
            props.putIfAbsent("mail.smtp.auth", "true");
        }
        this.session = Session.getInstance(props, authenticator);
    }

    @Override
    public Session session() {
        return session;
    }
}
