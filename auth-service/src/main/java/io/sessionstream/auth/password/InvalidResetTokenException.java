package io.sessionstream.auth.password;

import io.sessionstream.auth.Refusal;

/** A reset token that is unknown, used or expired. */
class InvalidResetTokenException extends Refusal {

    InvalidResetTokenException() {
        super(Kind.INVALID_RESET_TOKEN, "invalid_reset_token",
                "This reset link is invalid, used or expired; request a new one", null);
    }
}
