package io.sessionstream.client;

/**
 * The Micronaut Security integration: names of what it puts into an
 * {@code io.micronaut.security.authentication.Authentication}, and its switch.
 *
 * <p>An application that has {@code io.micronaut.security:micronaut-security} on its classpath
 * (session-client declares it optional, so it must add it itself) gets an
 * {@code AuthenticationFetcher} that validates the request's session token with
 * {@link SessionValidator} (cookie or {@code Authorization: Bearer}). Then
 * {@code @Secured(SecurityRule.IS_AUTHENTICATED)} and role checks such as
 * {@code @Secured({"admin"})} work on sessions, and a controller can take the
 * {@code Authentication} as an argument:
 *
 * <ul>
 *   <li>{@code getName()} is the user id;</li>
 *   <li>{@code getRoles()} are the session's roles ({@link SessionPrincipal#roles()});</li>
 *   <li>{@code getAttributes()} holds {@link #SESSION_ID}, {@link #CREATED_AT}, {@link #ABSOLUTE_EXPIRY}
 *       and {@link #IDLE_EXPIRY}, all strings (times in ISO-8601, {@link java.time.Instant#parse}),
 *       so that they serialize the same way with any JSON codec.</li>
 * </ul>
 *
 * <p>Outcomes of validation ({@link Validation}):
 * <ul>
 *   <li>{@link Validation.Admitted}: the request is authenticated;</li>
 *   <li>{@link Validation.Rejected}: the request is anonymous, so Micronaut Security answers a
 *       secured route with 401 (403 only when an authenticated session lacks a role);</li>
 *   <li>{@link Validation.Unavailable}: the request carried a token that could not be checked (the
 *       session store is unreachable and the session is not in a trusted near cache). The fetcher
 *       fails the request with {@link SessionStoreUnavailableException}, which is answered
 *       {@code 503} with {@code Retry-After: 1} and {@code {"error":"store_unavailable",...}} —
 *       never 401 (the client would drop a valid session) and never admitted. This holds for
 *       every route the request asks for, anonymous ones included: an identity that cannot be
 *       established is not guessed at. An application may answer with its own body by defining its
 *       own {@code ExceptionHandler<SessionStoreUnavailableException, ?>}; it replaces the default.</li>
 * </ul>
 *
 * <p>Validation may read Redis synchronously (on a near-cache miss), while Micronaut Security
 * asks its fetchers from the security filter on the HTTP event loop; the fetcher therefore runs
 * the validation on Micronaut's {@code blocking} executor, never on the event loop.
 *
 * <p>The fetcher is on unless {@value #ENABLED_PROPERTY} is {@code false}. The parts of Micronaut Security a
 * session-based application does not use are off by default ({@link LibraryDefaults}: Basic auth, so no
 * {@code WWW-Authenticate: Basic}, and {@code /token_info}); an application's own configuration turns them on.
 */
public final class SessionAuthentication {

    /** Attribute: the public session id, a string. */
    public static final String SESSION_ID = "sessionId";

    /** Attribute: when the session was created, an ISO-8601 instant string. */
    public static final String CREATED_AT = "createdAt";

    /** Attribute: when the session ends whatever its activity, an ISO-8601 instant string. */
    public static final String ABSOLUTE_EXPIRY = "absoluteExpiry";

    /** Attribute: when the session ends unless activity extends it (as last read), an ISO-8601 instant string. */
    public static final String IDLE_EXPIRY = "idleExpiry";

    /** Set to {@code false} to keep session-client out of Micronaut Security (default {@code true}). */
    public static final String ENABLED_PROPERTY = SessionClientConfiguration.PREFIX + ".security.enabled";

    private SessionAuthentication() {
    }
}
