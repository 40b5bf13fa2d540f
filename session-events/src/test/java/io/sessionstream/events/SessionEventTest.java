package io.sessionstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionEventTest {

    private static final Instant NOW = Instant.parse("2026-12-05T08:00:00Z");

    @Test
    void endsByName_isTrueOnlyForTheEventsThatNameTheSession() {
        assertThat(SessionEvent.endsByName(new LoggedOut("u", "s1"), "s1")).isTrue();
        assertThat(SessionEvent.endsByName(new LoggedOut("u", "s2"), "s1")).isFalse();
        assertThat(SessionEvent.endsByName(new SessionRevoked("u", List.of("s0", "s1"), "revoked_by_user"), "s1")).isTrue();
        assertThat(SessionEvent.endsByName(new SessionRevoked("u", List.of("s0"), "revoked_by_user"), "s1")).isFalse();
        assertThat(SessionEvent.endsByName(new SessionExpired("u", "s1", "idle_expired", NOW), "s1")).isTrue();
        assertThat(SessionEvent.endsByName(new SessionExpired("u", "s2", "idle_expired", NOW), "s1")).isFalse();
    }

    @Test
    void endsByName_isFalseForUserWideEnds_whichNameNoSession() {
        assertThat(SessionEvent.endsByName(new AllSessionsRevoked("u", null, NOW, "logout_everywhere"), "s1")).isFalse();
        assertThat(SessionEvent.endsByName(new PasswordChanged("u", "s0", NOW), "s1")).isFalse();
    }
}
