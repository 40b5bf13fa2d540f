package io.sessionstream.auth.sessions;

import io.sessionstream.auth.web.Inputs;
import jakarta.validation.constraints.Pattern;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;
import java.util.List;

/** Body of {@code POST /api/auth/sessions/revoke}: 1 to 100 session ids of the caller. */
@Serdeable
record RevokeRequest(@NotEmpty @Size(max = 100)
        List<@NotBlank @Size(max = 64) @Pattern(regexp = Inputs.TOKEN, message = Inputs.TOKEN_MESSAGE) String> sessionIds) {
}
