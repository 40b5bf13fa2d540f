package io.sessionstream.auth.password;

import io.sessionstream.auth.web.Inputs;
import jakarta.validation.constraints.Pattern;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Request bodies of the password endpoints. Passwords are 8 to 128 characters and never printed. */
final class PasswordRequests {

    private PasswordRequests() {
    }

    /** {@code POST /api/auth/password}. */
    @Serdeable
    record Change(@NotBlank @Size(max = 128) @Pattern(regexp = Inputs.WELL_FORMED, message = Inputs.WELL_FORMED_MESSAGE) String currentPassword,
                  @NotBlank @Size(min = 8, max = 128) @Pattern(regexp = Inputs.WELL_FORMED, message = Inputs.WELL_FORMED_MESSAGE) String newPassword) {

        @Override
        public String toString() {
            return "Change[***]";
        }
    }

    /** {@code POST /api/auth/password-reset}. */
    @Serdeable
    record Reset(@NotBlank @Email @Size(max = 254) @Pattern(regexp = Inputs.PRINTABLE, message = Inputs.PRINTABLE_MESSAGE)
                 String email) {
    }

    /** {@code POST /api/auth/password-reset/confirm}. */
    @Serdeable
    record Confirm(@NotBlank @Size(max = 64) @Pattern(regexp = Inputs.TOKEN, message = Inputs.TOKEN_MESSAGE) String token,
                   @NotBlank @Size(min = 8, max = 128) @Pattern(regexp = Inputs.WELL_FORMED, message = Inputs.WELL_FORMED_MESSAGE) String newPassword) {

        @Override
        public String toString() {
            return "Confirm[***]";
        }
    }

    /** The one answer to a reset request. */
    @Serdeable
    record Accepted(String message) {
    }
}
