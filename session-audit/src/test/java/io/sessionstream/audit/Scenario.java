package io.sessionstream.audit;

import io.sessionstream.events.AllSessionsRevoked;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.Invalidation;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.PasswordChanged;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.events.SessionExpired;
import io.sessionstream.events.SessionRevoked;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A day of two users' sessions, published to {@code session.events} the way the auth-service's relay publishes it:
 * CloudEvents written by the contract's codec, keyed by user, in Kafka transactions. Times are fixed, from
 * {@link #T0}, so the audit can be asked about any of them.
 *
 * <pre>
 * alice  +0h  s1 signs in (Firefox, 203.0.113.7)          bob  +0h30 b1 signs in, never ends
 *        +1h  s2 signs in (iPhone, 198.51.100.2)                +1h   b2 signs in, then is left idle
 *        +2h  s1 signs out                                      +2h15 b2 expires (idle expiry +2h)
 *        +3h  s3 signs in (curl, 192.0.2.10)
 *        +4h  an operator revokes s2
 *        +5h  s4 signs in; a logout of s4 is published in a transaction that is aborted
 *        +6h  the password is changed from s4: s5 signs in, s3 and s4 end
 *        +7h  a password reset ends s5
 *        +8h  s6 signs in with an absolute expiry at +9h, and is never ended by an event
 * </pre>
 *
 * Among them, records the audit must skip and count: a record that is not a CloudEvent, an invalidation (not an
 * event of this topic), an event whose key is not its user, and a sign-in whose user agent holds a NUL character
 * (PostgreSQL refuses it). And the sign-out of s1 is delivered twice (same event id).
 */
final class Scenario {

    static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
    static final String ALICE = "a11ce000-0000-4000-8000-000000000001";
    static final String BOB = "b0b00000-0000-4000-8000-000000000002";
    static final String FIREFOX = "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0";
    static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148 Safari/604.1";
    static final String CURL = "curl/8.5.0";
    /** Records that are events the audit stores (the duplicate and the aborted one not counted). */
    static final int AUDITED = 13;
    /** Records it skips and counts. */
    static final int SKIPPED = 4;
    /** The id of the logout that was published in an aborted transaction. */
    static final UUID ABORTED_LOGOUT = UUID.fromString("0000dead-0000-4000-8000-000000000000");

    private final EventCodec codec = new EventCodec();
    private final String topic;
    private final KafkaProducer<String, byte[]> producer;

    Scenario(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "audit-scenario-" + UUID.randomUUID(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0),
                new StringSerializer(), new ByteArraySerializer());
        producer.initTransactions();
    }

    static Instant at(double hours) {
        return T0.plus(Duration.ofMinutes(Math.round(hours * 60)));
    }

    void publish() {
        committed(loggedIn(ALICE, "s1", 0, FIREFOX, "203.0.113.7"), loggedIn(BOB, "b1", 0.5, FIREFOX, "198.51.100.77"),
                loggedIn(ALICE, "s2", 1, IPHONE, "198.51.100.2"));
        committed(loggedIn(BOB, "b2", 1, IPHONE, "198.51.100.78"));
        Envelope<SessionEvent> logout = event(2, new LoggedOut(ALICE, "s1"));
        committed(record(logout), record(logout));
        committed(record(event(2.25, new SessionExpired(BOB, "b2", SessionExpired.IDLE_EXPIRED, at(2)))));
        committed(loggedIn(ALICE, "s3", 3, CURL, "192.0.2.10"),
                record(event(4, new SessionRevoked(ALICE, List.of("s2"), "revoked_by_admin"))),
                loggedIn(ALICE, "s4", 5, FIREFOX, "203.0.113.7"));
        aborted(record(new Envelope<SessionEvent>(new EventMetadata(ABORTED_LOGOUT, at(5.5), "auth-service", null),
                new LoggedOut(ALICE, "s4"))));
        committed(notACloudEvent(), invalidation(), keyedByAnotherUser(),
                loggedIn(ALICE, "sNUL", 5.75, "Evil\u0000Agent", "192.0.2.66"));
        // One transaction, as the auth-service commits a password change: the new session, then the revocation.
        committed(loggedIn(ALICE, "s5", 6, FIREFOX, "203.0.113.7"),
                record(event(6, new PasswordChanged(ALICE, "s5", at(6)))));
        committed(record(event(7, new AllSessionsRevoked(ALICE, null, at(7), "password_reset"))));
        committed(record(event(8, new LoggedIn(ALICE, "s6", "c2VjcmV0", at(8), at(9), at(8.5), "192.0.2.10", CURL,
                List.of("user")))));
    }

    void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private ProducerRecord<String, byte[]> loggedIn(String user, String sid, double hours, String userAgent, String ip) {
        Instant created = at(hours);
        return record(event(hours, new LoggedIn(user, sid, "c2VjcmV0", created, created.plus(Duration.ofDays(7)),
                created.plus(Duration.ofDays(1)), ip, userAgent, List.of("user"))));
    }

    private Envelope<SessionEvent> event(double hours, SessionEvent event) {
        return new Envelope<>(new EventMetadata(UUID.randomUUID(), at(hours), "auth-service",
                UUID.randomUUID().toString().replace("-", "")), event);
    }

    private ProducerRecord<String, byte[]> record(Envelope<SessionEvent> envelope) {
        return codec.toRecord(topic, codec.encode(envelope));
    }

    private ProducerRecord<String, byte[]> notACloudEvent() {
        return new ProducerRecord<>(topic, null, ALICE, "{not json".getBytes(StandardCharsets.UTF_8), new RecordHeaders());
    }

    private ProducerRecord<String, byte[]> invalidation() {
        Envelope<Invalidation> envelope = new Envelope<>(new EventMetadata(UUID.randomUUID(), at(5.75),
                "session-projector", null), Invalidation.ofSessions(ALICE, List.of("s4"), "logout"));
        return codec.toRecord(topic, codec.encodeInvalidation(envelope));
    }

    private ProducerRecord<String, byte[]> keyedByAnotherUser() {
        ProducerRecord<String, byte[]> bobs = record(event(5.75, new LoggedOut(BOB, "b1")));
        return new ProducerRecord<>(topic, null, ALICE, bobs.value(), bobs.headers());
    }

    @SafeVarargs
    private void committed(ProducerRecord<String, byte[]>... records) {
        producer.beginTransaction();
        for (ProducerRecord<String, byte[]> r : records) {
            producer.send(r);
        }
        producer.commitTransaction();
    }

    @SafeVarargs
    private void aborted(ProducerRecord<String, byte[]>... records) {
        producer.beginTransaction();
        for (ProducerRecord<String, byte[]> r : records) {
            producer.send(r);
        }
        producer.flush();
        producer.abortTransaction();
    }
}
