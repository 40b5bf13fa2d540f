package io.sessionstream.client;

/**
 * A request carried a session token that could not be checked because the session store is
 * unreachable ({@link Validation.Unavailable}). Raised by the Micronaut Security integration
 * (see {@link SessionAuthentication}) so that the request is answered 503, not 401 and never
 * admitted. By default it is answered {@code 503} with {@code Retry-After: 1},
 * {@code Cache-Control: no-store} and {@code {"error":"store_unavailable","message":...}}; an
 * application that defines its own {@code ExceptionHandler} for this type answers instead.
 */
public class SessionStoreUnavailableException extends RuntimeException {

    /**
     * @param detail what could not be reached, for logs (never shown to the client)
     */
    public SessionStoreUnavailableException(String detail) {
        super(detail, null, false, false);
    }
}
