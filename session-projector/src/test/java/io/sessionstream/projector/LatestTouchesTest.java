package io.sessionstream.projector;

import static org.assertj.core.api.Assertions.assertThat;

import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.SessionTouched;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/** The idle expiry a rebuild gives a replayed login: what its touches made of it live. */
class LatestTouchesTest {

    private static final Instant CREATED = Instant.parse("2026-11-20T10:00:00Z");
    private static final LoggedIn LOGIN = new LoggedIn("alice", "sid-1", "hash", CREATED, CREATED.plus(Duration.ofDays(7)),
            CREATED.plus(Duration.ofHours(24)), null, null, List.of());

    private final LatestTouches touches = new LatestTouches();

    @Test
    void untouchedSession_keepsItsOwnIdleExpiry() {
        assertThat(touches.idleExpiry(LOGIN)).isEqualTo(LOGIN.idleExpiry());
    }

    @Test
    void touchedSession_isIdleOneTimeoutAfterItsLatestTouch_whicheverOrderTheTouchesCameIn() {
        Instant latest = CREATED.plus(Duration.ofHours(29));
        touches.add(new SessionTouched("alice", "sid-1", latest));
        touches.add(new SessionTouched("alice", "sid-1", CREATED.plus(Duration.ofHours(6))));

        assertThat(touches.idleExpiry(LOGIN)).isEqualTo(latest.plus(Duration.ofHours(24)));
    }

    @Test
    void idleExpiry_neverPassesTheAbsoluteOne() {
        touches.add(new SessionTouched("alice", "sid-1", CREATED.plus(Duration.ofDays(6).plusHours(12))));

        assertThat(touches.idleExpiry(LOGIN)).isEqualTo(LOGIN.absoluteExpiry());
    }

    @Test
    void touchBeforeTheLogin_neverShortensIt() {
        touches.add(new SessionTouched("alice", "sid-1", CREATED.minus(Duration.ofHours(1))));

        assertThat(touches.idleExpiry(LOGIN)).isEqualTo(LOGIN.idleExpiry());
    }

    @Test
    void touchOfTheSameSessionIdByAnotherUser_countsForNothing() {
        touches.add(new SessionTouched("mallory", "sid-1", CREATED.plus(Duration.ofHours(29))));

        assertThat(touches.idleExpiry(LOGIN)).isEqualTo(LOGIN.idleExpiry());
    }

    @Test
    void recordsThatAreNotATouchOfTheirKeysUser_areSkipped() {
        EventCodec codec = new EventCodec();
        ProducerRecord<String, byte[]> touch = codec.toRecord("activity", codec.encode(new Envelope<>(
                EventMetadata.now("test", null, Clock.systemUTC()), new SessionTouched("alice", "sid-1", CREATED))));

        assertThat(touches.add(record("alice", touch))).isTrue();
        assertThat(touches.add(record("mallory", touch))).as("key is not the user").isFalse();
        assertThat(touches.add(new ConsumerRecord<>("activity", 0, 1, "alice", "not a touch".getBytes(StandardCharsets.UTF_8))))
                .isFalse();
        assertThat(touches.all()).hasSize(1);
    }

    private static ConsumerRecord<String, byte[]> record(String key, ProducerRecord<String, byte[]> sent) {
        return new ConsumerRecord<>("activity", 0, 0, ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE,
                ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, key, sent.value(), sent.headers(), Optional.empty());
    }
}
