package io.sessionstream.auth.limits;

/** Redis could not tell whether a request is within its limits: it is refused (503), never let through. */
public class LimitStoreUnavailableException extends RuntimeException {

    public LimitStoreUnavailableException(Throwable cause) {
        super("The rate-limit store is unreachable", cause);
    }
}
