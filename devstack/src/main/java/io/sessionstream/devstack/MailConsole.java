package io.sessionstream.devstack;

import io.sessionstream.testkit.ReceivedMail;

/**
 * One console line per message the stack's mail server receives, as development mail backends print them:
 * recipient, subject and the link to open, so that a reset works without a mail client.
 */
final class MailConsole {

    private MailConsole() {
    }

    /** {@code mail to alice@example.com: Reset your Sessionstream password -> http://127.0.0.1:8091/reset.html?token=…}. */
    static String line(ReceivedMail mail) {
        return "mail to " + mail.to() + ": " + mail.subject() + mail.link().map(link -> " -> " + link).orElse("");
    }
}
