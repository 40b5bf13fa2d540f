package io.sessionstream.events;

import java.util.Arrays;
import java.util.Optional;

/** The CloudEvent {@code type} of each payload and the record its data decodes to. */
public enum EventType {
    LOGGED_IN("io.sessionstream.session.logged-in", LoggedIn.class),
    LOGGED_OUT("io.sessionstream.session.logged-out", LoggedOut.class),
    SESSION_REVOKED("io.sessionstream.session.revoked", SessionRevoked.class),
    ALL_SESSIONS_REVOKED("io.sessionstream.session.all-revoked", AllSessionsRevoked.class),
    PASSWORD_CHANGED("io.sessionstream.session.password-changed", PasswordChanged.class),
    SESSION_EXPIRED("io.sessionstream.session.expired", SessionExpired.class),
    SESSION_TOUCHED("io.sessionstream.session.touched", SessionTouched.class),
    INVALIDATION("io.sessionstream.session.invalidation", Invalidation.class);

    private final String ceType;
    private final Class<?> dataClass;

    EventType(String ceType, Class<?> dataClass) {
        this.ceType = ceType;
        this.dataClass = dataClass;
    }

    /** The CloudEvent type attribute. */
    public String ceType() {
        return ceType;
    }

    /** The record the JSON data decodes to. */
    public Class<?> dataClass() {
        return dataClass;
    }

    /** The type of a session event. */
    public static EventType of(SessionEvent event) {
        // Release 17 has sealed types but not pattern switches; the sealed hierarchy keeps this list complete.
        if (event instanceof LoggedIn) {
            return LOGGED_IN;
        }
        if (event instanceof LoggedOut) {
            return LOGGED_OUT;
        }
        if (event instanceof SessionRevoked) {
            return SESSION_REVOKED;
        }
        if (event instanceof AllSessionsRevoked) {
            return ALL_SESSIONS_REVOKED;
        }
        if (event instanceof PasswordChanged) {
            return PASSWORD_CHANGED;
        }
        if (event instanceof SessionExpired) {
            return SESSION_EXPIRED;
        }
        if (event instanceof SessionTouched) {
            return SESSION_TOUCHED;
        }
        throw new IllegalArgumentException("unknown event " + event.getClass());
    }

    /** The type with the given CloudEvent type attribute. */
    public static Optional<EventType> fromCeType(String ceType) {
        return Arrays.stream(values()).filter(t -> t.ceType.equals(ceType)).findFirst();
    }
}
