package io.sessionstream.auth;

import io.micronaut.core.annotation.Nullable;

/**
 * A request the auth-service refuses for a reason of its own domain: no valid session, wrong credentials, an
 * unknown session, a rate limit, a store that cannot answer, a projection that is late. The use cases throw it;
 * the web layer maps each {@link Kind} to one HTTP status, once ({@code web.RefusalHandler}), and the admin
 * command prints it.
 */
public class Refusal extends RuntimeException {

    /** Why a request is refused; each kind is one HTTP status. */
    public enum Kind {
        /** No valid session (401). */
        UNAUTHENTICATED,
        /** Email or password wrong, alike for both (401). */
        INVALID_CREDENTIALS,
        /** The current password given to a change is wrong (403). */
        WRONG_PASSWORD,
        /** No such thing of the caller's, alike for unknown and other users' (404). */
        NOT_FOUND,
        /** A reset token that is unknown, used or expired (400). */
        INVALID_RESET_TOKEN,
        /** A rate limit is used up (429). */
        RATE_LIMITED,
        /** Every password-hashing slot is taken (503). */
        BUSY,
        /** Redis cannot answer: fail closed (503). */
        STORE_UNAVAILABLE,
        /** The change is committed but not yet visible everywhere (503). */
        PROJECTION_PENDING
    }

    private final Kind kind;
    private final String code;
    private final Integer retryAfterSeconds;

    public Refusal(Kind kind, String code, String message, @Nullable Integer retryAfterSeconds) {
        this(kind, code, message, retryAfterSeconds, null);
    }

    /** A refusal caused by a failure worth keeping in the log (a store that did not answer). */
    public Refusal(Kind kind, String code, String message, @Nullable Integer retryAfterSeconds,
                   @Nullable Throwable cause) {
        super(message, cause, false, false);
        this.kind = kind;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 401 {@code unauthenticated}. */
    public static Refusal unauthenticated() {
        return new Refusal(Kind.UNAUTHENTICATED, "unauthenticated", "No valid session", null);
    }

    /** 404 {@code not_found}. */
    public static Refusal notFound(String what) {
        return new Refusal(Kind.NOT_FOUND, "not_found", "No such " + what, null);
    }

    /** 503 {@code store_unavailable}, retry after a second. */
    public static Refusal storeUnavailable(String message) {
        return new Refusal(Kind.STORE_UNAVAILABLE, "store_unavailable", message, 1);
    }

    /** 503 {@code projection_pending}, retry after a second. */
    public static Refusal projectionPending() {
        return new Refusal(Kind.PROJECTION_PENDING, "projection_pending",
                "The change is committed but not yet visible everywhere; retry shortly", 1);
    }

    public Kind kind() {
        return kind;
    }

    /** A stable machine-readable code, e.g. {@code invalid_credentials}. */
    public String code() {
        return code;
    }

    /** Seconds after which a retry may succeed, or null when retrying will not help. */
    @Nullable
    public Integer retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
