package io.sessionstream.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.cloudevents.CloudEvent;
import io.cloudevents.CloudEventData;
import io.cloudevents.core.builder.CloudEventBuilder;
import io.cloudevents.kafka.KafkaMessageFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.ZoneOffset;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The wire format: CloudEvents 1.0 in Kafka binary mode ({@code ce_*} headers, JSON data,
 * {@code content-type: application/json}), the record key being the user id.
 *
 * <p>Extensions: {@code traceid} (optional) and {@code schemaversion} (currently
 * {@value #SCHEMA_VERSION}). Unknown JSON properties are ignored so that a newer producer
 * can add fields without breaking older consumers; a missing required field makes the
 * record undecodable. Every record the codec cannot decode, whatever is wrong with it (headers,
 * attributes, data), raises {@link UndecodableRecordException} and nothing else.
 *
 * <p>What it writes is published for other teams as an AsyncAPI 3 document with a JSON Schema per type,
 * {@code META-INF/asyncapi/session-events.yml} in this jar (served by the auth-service at
 * {@code /asyncapi/session-events.yml}); tests hold the two together, and docs/integrate.md says what may change
 * within a schema version.
 *
 * <p>Instances are thread-safe.
 */
public final class EventCodec {

    /** The schema version this codec writes and understands. */
    public static final int SCHEMA_VERSION = 1;
    static final String EXT_TRACE_ID = "traceid";
    static final String EXT_SCHEMA_VERSION = "schemaversion";

    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

    /** Encodes a session event for the outbox. */
    public WireEvent encode(Envelope<? extends SessionEvent> envelope) {
        SessionEvent event = envelope.payload();
        return new WireEvent(envelope.metadata(), EventType.of(event), event.userId(), json(event));
    }

    /** Encodes an invalidation broadcast. */
    public WireEvent encodeInvalidation(Envelope<Invalidation> envelope) {
        return new WireEvent(envelope.metadata(), EventType.INVALIDATION, envelope.payload().userId(),
                json(envelope.payload()));
    }

    /** The Kafka record for an encoded event. */
    public ProducerRecord<String, byte[]> toRecord(String topic, WireEvent wire) {
        return KafkaMessageFactory.<String>createWriter(topic, wire.key()).writeBinary(toCloudEvent(wire));
    }

    /** Decodes a session event; throws {@link UndecodableRecordException} saying why it cannot. */
    public Envelope<SessionEvent> decodeSessionEvent(ConsumerRecord<String, byte[]> record) {
        return decode(record, SessionEvent.class);
    }

    /** Decodes an invalidation; throws {@link UndecodableRecordException} saying why it cannot. */
    public Envelope<Invalidation> decodeInvalidation(ConsumerRecord<String, byte[]> record) {
        return decode(record, Invalidation.class);
    }

    /** The JSON data of a payload, as it appears on the wire. */
    public byte[] json(Object payload) {
        try {
            return mapper.writeValueAsBytes(payload);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    CloudEvent toCloudEvent(WireEvent wire) {
        EventMetadata meta = wire.metadata();
        CloudEventBuilder builder = CloudEventBuilder.v1()
                .withId(meta.eventId().toString())
                .withType(wire.type().ceType())
                .withSource(URI.create("urn:sessionstream:" + meta.source()))
                .withSubject(wire.key())
                .withTime(meta.occurredAt().atOffset(ZoneOffset.UTC))
                .withDataContentType("application/json")
                .withExtension(EXT_SCHEMA_VERSION, SCHEMA_VERSION)
                .withData(wire.data());
        if (meta.traceId() != null) {
            builder.withExtension(EXT_TRACE_ID, meta.traceId());
        }
        return builder.build();
    }

    private <T> Envelope<T> decode(ConsumerRecord<String, byte[]> record, Class<T> expected) {
        CloudEvent event;
        try {
            event = KafkaMessageFactory.createReader(record).toEvent();
        } catch (RuntimeException e) {
            throw new UndecodableRecordException("not a CloudEvent in Kafka binary mode: " + e.getMessage(), e);
        }
        try {
            return decode(event, expected);
        } catch (UndecodableRecordException e) {
            throw e;
        } catch (RuntimeException e) {
            // Whatever else a malformed attribute makes throw: still a record that can never be decoded.
            throw new UndecodableRecordException("invalid CloudEvent " + event.getId() + ": " + rootMessage(e), e);
        }
    }

    private <T> Envelope<T> decode(CloudEvent event, Class<T> expected) {
        EventType type = EventType.fromCeType(event.getType())
                .orElseThrow(() -> new UndecodableRecordException("unknown event type " + event.getType(), null));
        if (!expected.isAssignableFrom(type.dataClass())) {
            throw new UndecodableRecordException("event type " + event.getType() + " is not a " + expected.getSimpleName(), null);
        }
        int version = schemaVersion(event);
        if (version > SCHEMA_VERSION) {
            throw new UndecodableRecordException("schema version " + version + " is newer than " + SCHEMA_VERSION, null);
        }
        CloudEventData data = event.getData();
        if (data == null) {
            throw new UndecodableRecordException("event " + event.getId() + " has no data", null);
        }
        T payload;
        try {
            payload = expected.cast(mapper.readValue(data.toBytes(), type.dataClass()));
        } catch (IOException | RuntimeException e) {
            throw new UndecodableRecordException("invalid " + type.ceType() + " data: " + rootMessage(e), e);
        }
        if (event.getTime() == null) {
            throw new UndecodableRecordException("event " + event.getId() + " has no time", null);
        }
        Object traceId = event.getExtension(EXT_TRACE_ID);
        EventMetadata metadata;
        try {
            metadata = new EventMetadata(UUID.fromString(event.getId()), event.getTime().toInstant(),
                    sourceName(event.getSource()), traceId == null ? null : traceId.toString());
        } catch (IllegalArgumentException e) {
            throw new UndecodableRecordException("event id is not a UUID: " + event.getId(), e);
        }
        return new Envelope<>(metadata, payload);
    }

    /** The {@code schemaversion} extension; absent means the first version. */
    private static int schemaVersion(CloudEvent event) {
        Object version = event.getExtension(EXT_SCHEMA_VERSION);
        if (version == null) {
            return SCHEMA_VERSION;
        }
        try {
            return Integer.parseInt(version.toString().trim());
        } catch (NumberFormatException e) {
            throw new UndecodableRecordException("schema version '" + version + "' is not a number", e);
        }
    }

    private static String sourceName(URI source) {
        String s = source.toString();
        return s.startsWith("urn:sessionstream:") ? s.substring("urn:sessionstream:".length()) : s;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }
}
