package io.sessionstream.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * One golden sample: a record exactly as the codec of schema version {@code version} wrote it. They live under
 * {@code src/test/resources/golden/v<version>/}; today's version's are compared byte for byte with what the codec
 * writes ({@link EventCodecTest}), and every earlier version's stay, unchanged, for as long as the codec must read
 * them ({@link GoldenSamplesCompatibilityTest}).
 *
 * @param version the schema version whose codec wrote it
 * @param name    the file name without {@code .json}
 * @param headers the Kafka headers, as UTF-8 strings
 * @param key     the record key
 * @param data    the record value (the CloudEvent data)
 */
record GoldenSample(int version, String name, Map<String, String> headers, String key, JsonNode data) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VERSION_DIRECTORY = Pattern.compile("v(\\d+)");

    /** The samples of the version the codec writes today. */
    static List<GoldenSample> current() {
        return of(EventCodec.SCHEMA_VERSION);
    }

    /** The sample {@code name} of today's version. */
    static GoldenSample current(String name) {
        return read(EventCodec.SCHEMA_VERSION, directory(EventCodec.SCHEMA_VERSION).resolve(name + ".json"));
    }

    /** The samples of every version kept, oldest first. */
    static List<GoldenSample> allVersions() {
        return versions().stream().flatMap(v -> of(v).stream()).toList();
    }

    /** The versions that have a directory of samples, ascending. */
    static List<Integer> versions() {
        try (Stream<Path> dirs = Files.list(ContractDocument.directory("golden"))) {
            return dirs.map(d -> VERSION_DIRECTORY.matcher(d.getFileName().toString()))
                    .filter(Matcher::matches).map(m -> Integer.parseInt(m.group(1))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<GoldenSample> of(int version) {
        try (Stream<Path> files = Files.list(directory(version))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().map(f -> read(version, f)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Its {@code ce_type} header. */
    String ceType() {
        return headers.get("ce_type");
    }

    /** The record a consumer polls. */
    ConsumerRecord<String, byte[]> record() {
        return record(headers, data);
    }

    /** The same record with other data. */
    ConsumerRecord<String, byte[]> withData(JsonNode otherData) {
        return record(headers, otherData);
    }

    /** Its headers as a JSON object, to validate against a message's headers schema. */
    ObjectNode headersNode() {
        ObjectNode node = JSON.createObjectNode();
        headers.forEach(node::put);
        return node;
    }

    /** A copy of its data, to break. */
    ObjectNode dataCopy() {
        return (ObjectNode) data.deepCopy();
    }

    /** The type it is of, if the codec knows it. */
    Optional<EventType> eventType() {
        return EventType.fromCeType(ceType());
    }

    @Override
    public String toString() {
        return "v" + version + "/" + name;
    }

    private ConsumerRecord<String, byte[]> record(Map<String, String> headers, JsonNode value) {
        RecordHeaders recordHeaders = new RecordHeaders();
        headers.forEach((k, v) -> recordHeaders.add(k, v.getBytes(StandardCharsets.UTF_8)));
        try {
            return new ConsumerRecord<>("session.events", 0, 0L, ConsumerRecord.NO_TIMESTAMP,
                    TimestampType.NO_TIMESTAMP_TYPE, ConsumerRecord.NULL_SIZE, ConsumerRecord.NULL_SIZE, key,
                    JSON.writeValueAsBytes(value), recordHeaders, Optional.empty());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path directory(int version) {
        return ContractDocument.directory("golden").resolve("v" + version);
    }

    private static GoldenSample read(int version, Path file) {
        try {
            JsonNode golden = JSON.readTree(file.toFile());
            Map<String, String> headers = new TreeMap<>();
            golden.get("headers").fields().forEachRemaining(e -> headers.put(e.getKey(), e.getValue().asText()));
            String name = file.getFileName().toString().replaceFirst("\\.json$", "");
            return new GoldenSample(version, name, headers, golden.get("key").asText(), golden.get("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }
}
