package io.sessionstream.auth.password;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;

/** {@code GET /api/auth/dev/mailbox?email=}: the dev mailbox; absent (404) unless it is switched on. */
@Controller("/api/auth/dev/mailbox")
@Tag(name = "dev", description = "Only with sessionstream.auth.dev-mailbox=true (the launcher sets it)")
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
    @Operation(summary = "Reset messages for an address that were kept instead of sent")
    @ApiResponse(responseCode = "200", description = "the messages, newest last")
    @ApiResponse(responseCode = "404", description = "the dev mailbox is off")
    Mailbox read(@QueryValue String email) {
        return new Mailbox(mailbox.messages(email.trim().toLowerCase(Locale.ROOT)));
    }
}
