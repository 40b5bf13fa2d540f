package io.sessionstream.auth.limits;

import io.sessionstream.auth.Refusal;

/** Redis could not tell whether a request is within its limits: it is refused (503), never let through. */
public class LimitStoreUnavailableException extends Refusal {

    public LimitStoreUnavailableException(Throwable cause) {
        super(Kind.STORE_UNAVAILABLE, "store_unavailable", "The rate-limit store is unreachable; retry shortly", 1,
                cause);
    }
}
