package io.sessionstream.auth.users;

import io.sessionstream.auth.web.Inputs;
import jakarta.validation.constraints.Pattern;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * Body of {@code POST /api/users}.
 *
 * @param email    a valid email address, at most 254 characters
 * @param password 8 to 128 characters
 */
@Serdeable
public record RegistrationRequest(
        @NotBlank @Email @Size(max = 254) @Pattern(regexp = Inputs.PRINTABLE, message = Inputs.PRINTABLE_MESSAGE) String email,
        @NotBlank @Size(min = 8, max = 128) @Pattern(regexp = Inputs.WELL_FORMED, message = Inputs.WELL_FORMED_MESSAGE) String password) {

    /** Never prints the password. */
    @Override
    public String toString() {
        return "RegistrationRequest[email=" + email + ", password=***]";
    }
}
