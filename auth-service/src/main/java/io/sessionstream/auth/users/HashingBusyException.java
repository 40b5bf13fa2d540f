package io.sessionstream.auth.users;

import io.sessionstream.auth.Refusal;

/** Too many password hashes are running or waiting: the request is refused (503, retry shortly), not queued. */
public class HashingBusyException extends Refusal {

    HashingBusyException() {
        super(Kind.BUSY, "busy", "The server is busy checking passwords; retry shortly", 1);
    }
}
