package io.sessionstream.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published contract ({@code META-INF/asyncapi/session-events.yml} and its JSON Schemas) held to the code both
 * ways, as the OpenAPI tests hold the specs to the routes: every type the codec writes is described, with exactly
 * one schema; nothing is described that the codec does not write; every golden sample validates; and the schemas
 * are strict enough that a drifting sample (a field gone, a type changed) fails.
 */
class AsyncApiContractTest {

    private static final ContractDocument DOCUMENT = ContractDocument.load();

    @Test
    void document_isValidAsyncApi3() {
        assertThat(DOCUMENT.root().path("asyncapi").asText()).isEqualTo("3.0.0");
        assertThat(DOCUMENT.asyncApiErrors()).as("errors against the AsyncAPI 3.0.0 JSON Schema").isEmpty();
    }

    @Test
    void document_describesExactlyTheEventTypesTheCodecWrites() {
        Set<String> written = Arrays.stream(EventType.values()).map(EventType::ceType)
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> described = new TreeSet<>(DOCUMENT.messagesByCeType().keySet());

        assertThat(missing(written, described)).as("event types the codec writes that the document lacks").isEmpty();
        assertThat(missing(described, written)).as("messages in the document of types the codec does not write").isEmpty();
    }

    @Test
    void everyEventType_hasExactlyOneSchemaFileOfTodaysVersion_andThereIsNothingElse() {
        Set<String> expected = Arrays.stream(EventType.values())
                .map(t -> ContractDocument.schemaFileName(t.ceType(), EventCodec.SCHEMA_VERSION))
                .collect(Collectors.toCollection(TreeSet::new));
        Set<String> present = ContractDocument.schemaFileNames();
        // Schemas of earlier versions stay while producers may still write them (see docs/integrate.md).
        Set<String> earlier = present.stream().filter(f -> !f.endsWith(".v" + EventCodec.SCHEMA_VERSION + ".json"))
                .filter(f -> Arrays.stream(EventType.values()).anyMatch(t -> f.matches(
                        java.util.regex.Pattern.quote(t.ceType()) + "\\.v([1-9]|[1-9][0-9])\\.json")))
                .collect(Collectors.toSet());

        assertThat(missing(expected, present)).as("schema files missing from " + ContractDocument.SCHEMAS).isEmpty();
        assertThat(missing(missing(present, expected), earlier)).as("files in " + ContractDocument.SCHEMAS
                + " that are no event type's schema").isEmpty();
    }

    @Test
    void everyMessage_refersToTheSchemaFileOfItsType() {
        Map<String, String> wrong = new TreeMap<>();
        DOCUMENT.messagesByCeType().forEach((type, message) -> {
            String expected = "schemas/" + ContractDocument.schemaFileName(type, EventCodec.SCHEMA_VERSION);
            if (!expected.equals(message.payloadRef())) {
                wrong.put(message.key(), message.payloadRef() + " instead of " + expected);
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void everySchema_describesExactlyTheFieldsOfItsRecord() {
        Map<String, String> differences = new TreeMap<>();
        for (EventType type : EventType.values()) {
            JsonNode schema = schema(type);
            Set<String> described = new TreeSet<>();
            schema.path("properties").fieldNames().forEachRemaining(described::add);
            Set<String> fields = Arrays.stream(type.dataClass().getRecordComponents()).map(c -> c.getName())
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!described.equals(fields)) {
                differences.put(type.ceType(), "schema " + described + ", record " + fields);
            }
            assertThat(schema.path("description").asText()).as(type + " schema description").isNotBlank();
        }
        assertThat(differences).as("schemas whose properties are not their record's components").isEmpty();
    }

    @Test
    void channels_areTheTopicsOfTheCode_andOnlySessionEventsIsPublic() {
        assertThat(DOCUMENT.channelAudience()).containsExactlyInAnyOrderEntriesOf(Map.of(
                Topics.SESSION_EVENTS, "public",
                Topics.INVALIDATIONS, "internal",
                Topics.ACTIVITY, "internal",
                Topics.SESSION_EVENTS_DLT, "internal"));
    }

    @Test
    void everyMessage_isOnTheTopicItsProducerWritesItTo() {
        Map<String, String> topicOf = new TreeMap<>();
        DOCUMENT.messagesByCeType().forEach((type, message) -> topicOf.put(type, message.channelAddress()));

        Map<String, String> expected = new TreeMap<>();
        for (EventType type : EventType.values()) {
            expected.put(type.ceType(), switch (type) {
                case INVALIDATION -> Topics.INVALIDATIONS;
                case SESSION_TOUCHED -> Topics.ACTIVITY;
                default -> Topics.SESSION_EVENTS;
            });
        }
        assertThat(topicOf).isEqualTo(expected);
    }

    @Test
    void documentVersion_majorIsTheSchemaVersionTheCodecWrites() {
        assertThat(DOCUMENT.root().path("info").path("version").asText())
                .startsWith(EventCodec.SCHEMA_VERSION + ".");
    }

    @Test
    void goldenSamples_coverEveryEventType() {
        Set<String> sampled = GoldenSample.current().stream().map(GoldenSample::ceType).collect(Collectors.toSet());
        Set<String> types = Arrays.stream(EventType.values()).map(EventType::ceType).collect(Collectors.toSet());
        assertThat(sampled).containsExactlyInAnyOrderElementsOf(types);
    }

    static List<GoldenSample> samples() {
        return GoldenSample.current();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void goldenSample_validatesAgainstItsMessage(GoldenSample sample) {
        ContractDocument.Message message = message(sample);

        assertThat(ContractDocument.errors(DOCUMENT.headersSchema(message), sample.headersNode())).as("headers").isEmpty();
        assertThat(ContractDocument.errors(DOCUMENT.payloadSchema(message), sample.data())).as("data").isEmpty();
    }

    /** Each sample with one required property removed: the schema must refuse it. */
    static List<Arguments> requiredFieldsRemoved() {
        List<Arguments> cases = new ArrayList<>();
        for (GoldenSample sample : GoldenSample.current()) {
            schema(sample.eventType().orElseThrow()).path("required")
                    .forEach(field -> cases.add(Arguments.of(sample, field.asText())));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("requiredFieldsRemoved")
    void goldenSample_withoutARequiredField_failsValidation(GoldenSample sample, String field) {
        ObjectNode data = sample.dataCopy();
        data.remove(field);

        assertThat(ContractDocument.errors(DOCUMENT.payloadSchema(message(sample)), data)).isNotEmpty();
    }

    /** Each sample with one property replaced by a value of another JSON type: the schema must refuse it. */
    static List<Arguments> fieldsOfTheWrongType() {
        List<Arguments> cases = new ArrayList<>();
        for (GoldenSample sample : GoldenSample.current()) {
            schema(sample.eventType().orElseThrow()).path("properties").fieldNames()
                    .forEachRemaining(field -> cases.add(Arguments.of(sample, field)));
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} with {1} of the wrong type")
    @MethodSource("fieldsOfTheWrongType")
    void goldenSample_withAFieldOfTheWrongType_failsValidation(GoldenSample sample, String field) {
        String declared = schema(sample.eventType().orElseThrow()).path("properties").path(field).path("type").asText();
        ObjectNode data = sample.dataCopy();
        data.set(field, declared.equals("string") ? IntNode.valueOf(42) : TextNode.valueOf("not a " + declared));

        assertThat(ContractDocument.errors(DOCUMENT.payloadSchema(message(sample)), data)).isNotEmpty();
    }

    /**
     * Each sample with one optional property removed: the schema allows it, so today's codec must read it too
     * (consumers are promised that an optional field may be absent; the codec is one of them).
     */
    static List<Arguments> optionalFieldsRemoved() {
        List<Arguments> cases = new ArrayList<>();
        for (GoldenSample sample : GoldenSample.current()) {
            JsonNode schema = schema(sample.eventType().orElseThrow());
            Set<String> required = new LinkedHashSet<>();
            schema.path("required").forEach(r -> required.add(r.asText()));
            schema.path("properties").fieldNames().forEachRemaining(field -> {
                if (!required.contains(field)) {
                    cases.add(Arguments.of(sample, field));
                }
            });
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} without {1}")
    @MethodSource("optionalFieldsRemoved")
    void goldenSample_withoutAnOptionalField_isValid_andTheCodecDecodesIt(GoldenSample sample, String field) {
        ObjectNode data = sample.dataCopy();
        data.remove(field);

        assertThat(ContractDocument.errors(DOCUMENT.payloadSchema(message(sample)), data)).isEmpty();
        assertThatCode(() -> decode(sample, data)).doesNotThrowAnyException();
    }

    @Test
    void headers_withAMalformedIdOrTime_orAnotherType_failValidation() {
        GoldenSample sample = GoldenSample.current("logged-out");
        ContractDocument.Message message = message(sample);

        for (Map.Entry<String, String> broken : Map.of("ce_id", "not-a-uuid", "ce_time", "yesterday",
                "ce_type", EventType.LOGGED_IN.ceType(), "ce_specversion", "0.3").entrySet()) {
            ObjectNode headers = sample.headersNode();
            headers.put(broken.getKey(), broken.getValue());
            assertThat(ContractDocument.errors(DOCUMENT.headersSchema(message), headers)).as(broken.getKey()).isNotEmpty();
        }
        ObjectNode withoutId = sample.headersNode();
        withoutId.remove("ce_id");
        assertThat(ContractDocument.errors(DOCUMENT.headersSchema(message), withoutId)).as("no ce_id").isNotEmpty();
    }

    @Test
    void documentExamples_validateAgainstTheirMessages() {
        Map<String, List<String>> errors = new TreeMap<>();
        int examples = 0;
        for (ContractDocument.Message message : DOCUMENT.messagesByCeType().values()) {
            for (JsonNode example : message.node().path("examples")) {
                examples++;
                List<String> found = new ArrayList<>(ContractDocument.errors(DOCUMENT.headersSchema(message),
                        example.path("headers")));
                found.addAll(ContractDocument.errors(DOCUMENT.payloadSchema(message), example.path("payload")));
                if (!found.isEmpty()) {
                    errors.put(message.key() + "/" + example.path("name").asText(), found);
                }
            }
        }
        assertThat(examples).as("examples in the document").isPositive();
        assertThat(errors).isEmpty();
    }

    private static ContractDocument.Message message(GoldenSample sample) {
        ContractDocument.Message message = DOCUMENT.messagesByCeType().get(sample.ceType());
        assertThat(message).as("the document's message of type " + sample.ceType()).isNotNull();
        return message;
    }

    private static JsonNode schema(EventType type) {
        return ContractDocument.schemaFile(ContractDocument.schemaFileName(type.ceType(), EventCodec.SCHEMA_VERSION));
    }

    private static Object decode(GoldenSample sample, JsonNode data) {
        EventCodec codec = new EventCodec();
        return sample.eventType().orElseThrow() == EventType.INVALIDATION
                ? codec.decodeInvalidation(sample.withData(data))
                : codec.decodeSessionEvent(sample.withData(data));
    }

    private static Set<String> missing(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }
}
