package io.sessionstream.auth.sessions;

/** The current password given to a password change is wrong. */
public class WrongPasswordException extends RuntimeException {

    WrongPasswordException() {
        super("The current password is wrong", null, false, false);
    }
}
