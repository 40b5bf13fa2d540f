package io.sessionstream.auth.sessions;

/** Email or password is wrong: one answer for both, so nobody learns which addresses are registered. */
class InvalidCredentialsException extends RuntimeException {

    InvalidCredentialsException() {
        super("Email or password is wrong", null, false, false);
    }
}
