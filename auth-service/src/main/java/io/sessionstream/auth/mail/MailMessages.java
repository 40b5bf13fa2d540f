package io.sessionstream.auth.mail;

import io.micronaut.email.BodyType;
import io.micronaut.email.Contact;
import io.micronaut.email.Email;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The wording of each message. Plain text and ASCII only, so that Jakarta Mail sends it 7bit: the link stays
 * one unbroken line even in the raw message, as a terminal ({@code curl pop3://…}) shows it.
 */
@Singleton
class MailMessages {

    static final String RESET_SUBJECT = "Reset your Sessionstream password";
    static final String SIGN_UP_SUBJECT = "Someone tried to sign up with your address";
    private static final String SENDER_NAME = "Sessionstream";
    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("HH:mm 'UTC on' yyyy-MM-dd")
            .withZone(ZoneOffset.UTC);

    private final MailConfiguration config;

    MailMessages(MailConfiguration config) {
        this.config = config;
    }

    Email.Builder passwordReset(String to, String token, Instant expiresAt) {
        return message(to, RESET_SUBJECT, """
                Hello,

                Someone asked to reset the password of your Sessionstream account.
                To choose a new one, open this link. It works once, until %s:

                %s

                Setting the new password signs out every session of the account.
                If you did not ask for this, ignore this message: your password stays as it is.
                """.formatted(UNTIL.format(expiresAt), config.link("/reset.html?token=" + token)));
    }

    Email.Builder signUpAttempted(String to) {
        return message(to, SIGN_UP_SUBJECT, """
                Hello,

                Someone tried to create a Sessionstream account with this address, which already has one.
                Nothing was changed.

                If it was you, sign in at %s
                or, if you forgot your password, ask for a reset link at %s

                If it was not you, ignore this message.
                """.formatted(config.link("/signin.html"), config.link("/forgot.html")));
    }

    private Email.Builder message(String to, String subject, String text) {
        return Email.builder().from(new Contact(config.from(), SENDER_NAME)).to(to).subject(subject)
                .body(text, BodyType.TEXT);
    }
}
