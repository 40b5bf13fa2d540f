package io.sessionstream.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SessionHashTest {

    private static final Map<String, String> PROJECTED = Map.of("uid", "alice", "sh", "c2VjcmV0", "cr", "1000",
            "ea", "9000", "ei", "5000", "it", "4000", "ls", "2000", "ip", "10.0.0.1", "ua", "curl", "ro", "user,admin");

    @Test
    void of_readsEveryFieldTheProjectorWrites() {
        SessionHash h = SessionHash.of(PROJECTED);

        assertThat(h).isEqualTo(new SessionHash("alice", "c2VjcmV0", Instant.ofEpochMilli(1000),
                Instant.ofEpochMilli(9000), Instant.ofEpochMilli(5000), Duration.ofMillis(4000), Instant.ofEpochMilli(2000),
                "10.0.0.1", "curl", "user,admin"));
        assertThat(h.isSession()).isTrue();
        assertThat(SessionHash.FIELDS).containsExactlyInAnyOrderElementsOf(PROJECTED.keySet());
    }

    @Test
    void toHash_ofWhatWasRead_isTheSameHash() {
        assertThat(SessionHash.of(PROJECTED).toHash()).isEqualTo(PROJECTED);
    }

    @Test
    void missingFields_areNull_andLeftOutOfTheHash() {
        SessionHash h = SessionHash.of(Map.of("ls", "2000", "ei", "5000"));

        assertThat(h.lastSeen()).isEqualTo(Instant.ofEpochMilli(2000));
        assertThat(h.idleExpiry()).isEqualTo(Instant.ofEpochMilli(5000));
        assertThat(h.userId()).isNull();
        assertThat(h.createdAt()).isNull();
        assertThat(h.isSession()).as("no user, no secret hash").isFalse();
        assertThat(h.toHash()).containsOnlyKeys("ls", "ei");
    }

    @Test
    void noHash_isNoSession() {
        assertThat(SessionHash.of(Map.of()).isSession()).isFalse();
        assertThat(SessionHash.of(Map.of("uid", "alice")).isSession()).as("without its secret hash").isFalse();
    }
}
