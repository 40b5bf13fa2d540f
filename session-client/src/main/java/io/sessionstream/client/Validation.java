package io.sessionstream.client;

/**
 * The outcome of validating a token: admit, reject (401) or unavailable (503, fail closed).
 */
public sealed interface Validation permits Validation.Admitted, Validation.Rejected, Validation.Unavailable {

    /** The session is live and the secret matches. */
    record Admitted(SessionPrincipal principal) implements Validation {
    }

    /** The request is not authenticated; answer 401. The reason is for logs and metrics, not for the client. */
    record Rejected(Reason reason) implements Validation {
    }

    /** The session store could not be asked; answer 503, never admit on error. */
    record Unavailable(String detail) implements Validation {
    }

    /** Why a token was rejected. */
    enum Reason {
        /** No token in the request. */
        MISSING,
        /** The token is not {@code sid.secret} of the right lengths. */
        MALFORMED,
        /** No such session in the store (never existed, expired or revoked). */
        UNKNOWN,
        /** The session was revoked (a tombstone is held for it). */
        REVOKED,
        /** The secret does not match the session's. */
        BAD_SECRET,
        /** The absolute or idle expiry has passed. */
        EXPIRED
    }
}
