package io.sessionstream.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The golden samples of today's schema version ({@code src/test/resources/golden/v<version>}, see
 * {@link GoldenSample}) are the wire contract: a change to the format must change them, visibly, in review.
 */
class EventCodecTest {

    private static final String USER = "0b7e6d2c-1111-4222-8333-944455556666";
    private static final String SID = "q1w2e3r4t5y6u7i8o9p0aA";
    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final EventCodec codec = new EventCodec();

    static List<Object[]> samples() {
        EventMetadata loginMeta = new EventMetadata(UUID.fromString("6f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"),
                Instant.parse("2026-11-23T08:00:00Z"), "auth-service", TRACE);
        EventMetadata logoutMeta = new EventMetadata(UUID.fromString("7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
                Instant.parse("2026-11-23T09:00:00Z"), "auth-service", TRACE);
        LoggedIn loggedIn = new LoggedIn(USER, SID, "47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU",
                Instant.parse("2026-11-23T08:00:00Z"), Instant.parse("2026-11-30T08:00:00Z"),
                Instant.parse("2026-11-24T08:00:00Z"), "203.0.113.7",
                "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0", List.of("user"));
        return List.of(
                new Object[] {"logged-in", new Envelope<SessionEvent>(loginMeta, loggedIn)},
                new Object[] {"logged-out", new Envelope<SessionEvent>(logoutMeta, new LoggedOut(USER, SID))},
                new Object[] {"session-revoked", new Envelope<SessionEvent>(meta("8b3c4d5e-6f7a-4b8c-9d0e-1f2a3b4c5d6e",
                        "2026-11-23T10:00:00Z", "auth-service"),
                        new SessionRevoked(USER, List.of(SID, "z9x8c7v6b5n4m3l2k1j0hA"), "revoked_by_user"))},
                new Object[] {"all-sessions-revoked", new Envelope<SessionEvent>(meta("9c4d5e6f-7a8b-4c9d-8e1f-2a3b4c5d6e7f",
                        "2026-11-23T11:00:00Z", "auth-service"),
                        new AllSessionsRevoked(USER, SID, Instant.parse("2026-11-23T11:00:00Z"), "revoke_others"))},
                new Object[] {"password-changed", new Envelope<SessionEvent>(meta("0d5e6f7a-8b9c-4d0e-9f2a-3b4c5d6e7f80",
                        "2026-11-23T12:00:00Z", "auth-service"),
                        new PasswordChanged(USER, SID, Instant.parse("2026-11-23T12:00:00Z")))},
                new Object[] {"session-expired", new Envelope<SessionEvent>(new EventMetadata(
                        UUID.fromString("2f7a8b9c-0d1e-4f2a-9b4c-5d6e7f8091a2"), Instant.parse("2026-11-24T08:00:21Z"),
                        "auth-service", null),
                        new SessionExpired(USER, SID, SessionExpired.IDLE_EXPIRED, Instant.parse("2026-11-24T08:00:00Z")))},
                new Object[] {"session-touched", new Envelope<SessionEvent>(meta("1e6f7a8b-9c0d-4e1f-8a3b-4c5d6e7f8091",
                        "2026-11-23T13:00:00Z", "app-demo"),
                        new SessionTouched(USER, SID, Instant.parse("2026-11-23T13:00:00Z")))});
    }

    private static EventMetadata meta(String id, String time, String source) {
        return new EventMetadata(UUID.fromString(id), Instant.parse(time), source, TRACE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void encode_sessionEvent_matchesGoldenSample(String name, Envelope<SessionEvent> envelope) throws IOException {
        ProducerRecord<String, byte[]> record = codec.toRecord("session.events", codec.encode(envelope));

        GoldenSample golden = GoldenSample.current(name);
        assertThat(record.key()).isEqualTo(golden.key());
        assertThat(headers(record.headers())).isEqualTo(golden.headers());
        assertThat(JSON.readTree(record.value())).isEqualTo(golden.data());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void decode_goldenSample_givesTheEvent(String name, Envelope<SessionEvent> expected) throws IOException {
        assertThat(codec.decodeSessionEvent(goldenRecord(name))).isEqualTo(expected);
    }

    @Test
    void invalidation_roundTripsThroughGoldenSample() throws IOException {
        EventMetadata meta = new EventMetadata(UUID.fromString("7a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"),
                Instant.parse("2026-11-23T09:00:00Z"), "session-projector", TRACE);
        Envelope<Invalidation> envelope = new Envelope<>(meta, Invalidation.ofSessions(USER, List.of(SID), "logout"));

        ProducerRecord<String, byte[]> record = codec.toRecord("session.invalidations", codec.encodeInvalidation(envelope));
        GoldenSample golden = GoldenSample.current("invalidation");
        assertThat(headers(record.headers())).isEqualTo(golden.headers());
        assertThat(JSON.readTree(record.value())).isEqualTo(golden.data());
        assertThat(codec.decodeInvalidation(goldenRecord("invalidation"))).isEqualTo(envelope);
    }

    @Test
    void decode_loggedInWithoutRoles_fromAnOlderProducer_getsTheDefaultRole() throws IOException {
        ConsumerRecord<String, byte[]> golden = goldenRecord("logged-in");
        com.fasterxml.jackson.databind.node.ObjectNode data = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(golden.value());
        data.remove("roles");

        SessionEvent event = codec.decodeSessionEvent(record(golden.headers(), JSON.writeValueAsBytes(data))).payload();

        assertThat(((LoggedIn) event).roles()).containsExactly(LoggedIn.DEFAULT_ROLE);
    }

    @Test
    void decode_recordWithoutCloudEventHeaders_isUndecodable() {
        ConsumerRecord<String, byte[]> garbage = record(new RecordHeaders(), "{not json".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.decodeSessionEvent(garbage))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("not a CloudEvent");
    }

    @Test
    void decode_missingRequiredField_isUndecodableAndNamesTheField() throws IOException {
        ConsumerRecord<String, byte[]> golden = goldenRecord("logged-out");
        ConsumerRecord<String, byte[]> broken = record(golden.headers(), ("{\"userId\":\"" + USER + "\"}").getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.decodeSessionEvent(broken))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("sessionId");
    }

    @Test
    void decode_unknownType_isUndecodable() throws IOException {
        ConsumerRecord<String, byte[]> golden = goldenRecord("logged-out");
        RecordHeaders headers = new RecordHeaders(golden.headers().toArray());
        headers.remove("ce_type");
        headers.add("ce_type", "com.example.other".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.decodeSessionEvent(record(headers, golden.value())))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("unknown event type com.example.other");
    }

    @Test
    void decode_invalidationOnEventsTopic_isUndecodable() throws IOException {
        assertThatThrownBy(() -> codec.decodeSessionEvent(goldenRecord("invalidation")))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("is not a SessionEvent");
    }

    @Test
    void decode_nonNumericSchemaVersion_isUndecodable_notAnyOtherException() throws IOException {
        ConsumerRecord<String, byte[]> golden = goldenRecord("logged-out");
        RecordHeaders headers = new RecordHeaders(golden.headers().toArray());
        headers.remove("ce_schemaversion");
        headers.add("ce_schemaversion", "one".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.decodeSessionEvent(record(headers, golden.value())))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("schema version 'one' is not a number");
    }

    @Test
    void decode_newerSchemaVersion_isUndecodable() throws IOException {
        ConsumerRecord<String, byte[]> golden = goldenRecord("logged-out");
        RecordHeaders headers = new RecordHeaders(golden.headers().toArray());
        headers.remove("ce_schemaversion");
        headers.add("ce_schemaversion", "2".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.decodeSessionEvent(record(headers, golden.value())))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("schema version 2 is newer than 1");
    }

    @Test
    void decode_malformedTimeOrId_isUndecodable() throws IOException {
        ConsumerRecord<String, byte[]> golden = goldenRecord("logged-out");
        RecordHeaders badTime = new RecordHeaders(golden.headers().toArray());
        badTime.remove("ce_time");
        badTime.add("ce_time", "yesterday".getBytes(StandardCharsets.UTF_8));
        RecordHeaders badId = new RecordHeaders(golden.headers().toArray());
        badId.remove("ce_id");
        badId.add("ce_id", "not-a-uuid".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.decodeSessionEvent(record(badTime, golden.value())))
                .isInstanceOf(UndecodableRecordException.class);
        assertThatThrownBy(() -> codec.decodeSessionEvent(record(badId, golden.value())))
                .isInstanceOf(UndecodableRecordException.class)
                .hasMessageContaining("not-a-uuid");
    }

    @Test
    void decode_unknownJsonProperty_isIgnoredForForwardCompatibility() throws IOException {
        ConsumerRecord<String, byte[]> golden = goldenRecord("logged-out");
        byte[] data = ("{\"userId\":\"" + USER + "\",\"sessionId\":\"" + SID + "\",\"addedLater\":42}")
                .getBytes(StandardCharsets.UTF_8);

        assertThat(codec.decodeSessionEvent(record(golden.headers(), data)).payload()).isEqualTo(new LoggedOut(USER, SID));
    }

    private static Map<String, String> headers(Iterable<Header> headers) {
        Map<String, String> map = new TreeMap<>();
        headers.forEach(h -> map.put(h.key(), new String(h.value(), StandardCharsets.UTF_8)));
        return map;
    }

    private static ConsumerRecord<String, byte[]> goldenRecord(String name) {
        return GoldenSample.current(name).record();
    }

    private static ConsumerRecord<String, byte[]> record(Iterable<Header> headers, byte[] value) {
        RecordHeaders copy = new RecordHeaders();
        headers.forEach(copy::add);
        return new ConsumerRecord<>("session.events", 0, 0L, ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE,
                ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, USER, value, copy, java.util.Optional.empty());
    }
}
