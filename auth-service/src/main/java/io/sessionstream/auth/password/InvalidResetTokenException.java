package io.sessionstream.auth.password;

/** A reset token that is unknown, used or expired. */
class InvalidResetTokenException extends RuntimeException {

    InvalidResetTokenException() {
        super("This reset link is invalid, used or expired; request a new one", null, false, false);
    }
}
