package io.sessionstream.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstream.testkit.ReceivedMail;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MailConsoleTest {

    @Test
    void line_namesRecipientSubjectAndTheLinkToOpen() {
        ReceivedMail reset = new ReceivedMail("alice@example.com", "Sessionstream <no-reply@localhost>",
                "Reset your Sessionstream password", "Hello,\n\nopen this link:\n\nhttp://127.0.0.1:8091/reset.html?token=abc_-1\n\nBye",
                "", Instant.EPOCH);

        assertThat(MailConsole.line(reset)).isEqualTo(
                "mail to alice@example.com: Reset your Sessionstream password -> http://127.0.0.1:8091/reset.html?token=abc_-1");
    }

    @Test
    void line_withoutALink_isRecipientAndSubject() {
        ReceivedMail note = new ReceivedMail("bob@example.com", "x", "Hello", "no link here", "", Instant.EPOCH);

        assertThat(MailConsole.line(note)).isEqualTo("mail to bob@example.com: Hello");
    }
}
