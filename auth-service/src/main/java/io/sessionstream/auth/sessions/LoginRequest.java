package io.sessionstream.auth.sessions;

import io.sessionstream.auth.web.Inputs;
import jakarta.validation.constraints.Pattern;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/auth/login}. Lengths are bounded so that nobody can make the
 * server hash a megabyte.
 */
@Serdeable
record LoginRequest(
        @NotBlank @Size(max = 254) @Pattern(regexp = Inputs.PRINTABLE, message = Inputs.PRINTABLE_MESSAGE) String email,
        @NotBlank @Size(max = 128) @Pattern(regexp = Inputs.WELL_FORMED, message = Inputs.WELL_FORMED_MESSAGE) String password) {

    /** Never prints the password. */
    @Override
    public String toString() {
        return "LoginRequest[email=" + email + ", password=***]";
    }
}
