package io.sessionstream.events;

/**
 * A change to a user's sessions, as published on {@link Topics#SESSION_EVENTS} with the
 * user id as the Kafka key (so every event of one user keeps its order).
 *
 * <p>The metadata every event carries (event id, time, source, trace id, schema version)
 * travels in the CloudEvent attributes, see {@link EventMetadata}; the records here are the
 * JSON {@code data}. Consumers dispatch with a {@code switch} over this sealed hierarchy.
 */
public sealed interface SessionEvent permits LoggedIn, LoggedOut, SessionRevoked, AllSessionsRevoked, PasswordChanged,
        SessionExpired, SessionTouched {

    /** The user whose sessions changed; also the Kafka record key. */
    String userId();

    /**
     * Whether this event ends the session {@code sessionId} by naming it: a {@link LoggedOut} or {@link SessionExpired}
     * of it, or a {@link SessionRevoked} that lists it. A user-wide end ({@link AllSessionsRevoked},
     * {@link PasswordChanged}) names no session and answers false: it ends those created before its epoch.
     */
    static boolean endsByName(SessionEvent event, String sessionId) {
        if (event instanceof LoggedOut e) {
            return e.sessionId().equals(sessionId);
        }
        if (event instanceof SessionRevoked e) {
            return e.sessionIds().contains(sessionId);
        }
        return event instanceof SessionExpired e && e.sessionId().equals(sessionId);
    }
}
