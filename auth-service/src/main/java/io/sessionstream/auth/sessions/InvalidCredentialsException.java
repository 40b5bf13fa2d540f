package io.sessionstream.auth.sessions;

import io.sessionstream.auth.Refusal;

/** Email or password is wrong: one answer for both, so nobody learns which addresses are registered. */
class InvalidCredentialsException extends Refusal {

    InvalidCredentialsException() {
        super(Kind.INVALID_CREDENTIALS, "invalid_credentials", "Email or password is wrong", null);
    }
}
