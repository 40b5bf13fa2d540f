package io.sessionstream.auth.password;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import java.util.Locale;

/** {@code GET /api/auth/dev/mailbox?email=}: the dev mailbox; absent (404) unless it is switched on. */
@Controller("/api/auth/dev/mailbox")
@Requires(property = DevMailbox.PROPERTY, value = "true")
class DevMailboxController {

    /** Body of the answer. */
    @Serdeable
    record Mailbox(List<DevMailbox.Message> messages) {
    }

    private final DevMailbox mailbox;

    DevMailboxController(DevMailbox mailbox) {
        this.mailbox = mailbox;
    }

    @Get
    Mailbox read(@QueryValue String email) {
        return new Mailbox(mailbox.messages(email.trim().toLowerCase(Locale.ROOT)));
    }
}
