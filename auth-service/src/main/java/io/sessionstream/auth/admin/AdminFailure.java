package io.sessionstream.auth.admin;

/** A command that could not do what was asked; the message says what happened and what to do (exit 1). */
final class AdminFailure extends RuntimeException {

    AdminFailure(String message) {
        super(message);
    }

    AdminFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
