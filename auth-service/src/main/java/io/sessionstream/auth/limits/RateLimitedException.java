package io.sessionstream.auth.limits;

import io.sessionstream.auth.Refusal;

/** A request refused by a rate limit: 429 with the limit's code and {@code Retry-After}. */
public class RateLimitedException extends Refusal {

    public RateLimitedException(String code, String message, int retryAfterSeconds) {
        super(Kind.RATE_LIMITED, code, message, retryAfterSeconds);
    }
}
