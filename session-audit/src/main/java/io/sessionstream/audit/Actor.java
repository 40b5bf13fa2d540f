package io.sessionstream.audit;

import java.util.Map;

/**
 * Who ended a session, read from the reason its event carries (or implies). The reasons are open labels of the
 * contract (the schemas' {@code reason} descriptions list today's): one this version does not know is
 * {@link #UNKNOWN}, never an error.
 */
enum Actor {
    /** The user: signing out, or revoking from another of their sessions. */
    USER("user"),
    /** An operator, with the admin command. */
    ADMIN("admin"),
    /** The system: as a consequence of a credential change, or of expiry. */
    SYSTEM("system"),
    UNKNOWN("unknown");

    private static final Map<String, Actor> BY_REASON = Map.of(
            "logout", USER,
            "revoked_by_user", USER,
            "revoke_others", USER,
            "logout_everywhere", USER,
            "revoked_by_admin", ADMIN,
            "revoked_all_by_admin", ADMIN,
            "password_changed", SYSTEM,
            "password_reset", SYSTEM,
            "idle_expired", SYSTEM,
            "absolute_expired", SYSTEM);

    private final String label;

    Actor(String label) {
        this.label = label;
    }

    /** As the API answers it. */
    String label() {
        return label;
    }

    static Actor of(String reason) {
        return reason == null ? UNKNOWN : BY_REASON.getOrDefault(reason, UNKNOWN);
    }
}
