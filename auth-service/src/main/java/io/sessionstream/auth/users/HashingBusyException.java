package io.sessionstream.auth.users;

/** Too many password hashes are running or waiting: the request is refused (503, retry shortly), not queued. */
public class HashingBusyException extends RuntimeException {

    HashingBusyException() {
        super("The server is busy checking passwords; retry shortly", null, false, false);
    }
}
