package io.sessionstream.auth.limits;

/** A request refused by a rate limit; answered 429 with the code, the message and {@code Retry-After}. */
public class RateLimitedException extends RuntimeException {

    private final String code;
    private final int retryAfterSeconds;

    public RateLimitedException(String code, String message, int retryAfterSeconds) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** A stable machine-readable code, e.g. {@code too_many_attempts}. */
    public String code() {
        return code;
    }

    /** Seconds until the request may succeed, at least 1. */
    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
