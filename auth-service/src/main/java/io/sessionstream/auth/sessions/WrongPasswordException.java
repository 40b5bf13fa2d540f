package io.sessionstream.auth.sessions;

import io.sessionstream.auth.Refusal;

/** The current password given to a password change is wrong. */
public class WrongPasswordException extends Refusal {

    WrongPasswordException() {
        super(Kind.WRONG_PASSWORD, "wrong_password", "The current password is wrong", null);
    }
}
