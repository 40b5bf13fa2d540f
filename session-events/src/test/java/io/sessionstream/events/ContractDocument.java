package io.sessionstream.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The published contract as a consumer reads it: {@value #DOCUMENT} (AsyncAPI 3) and the JSON Schemas beside it,
 * resolved the way a tool resolves them, from the document's own {@code $ref}s. Test support only.
 */
final class ContractDocument {

    static final String DIRECTORY = "META-INF/asyncapi";
    static final String DOCUMENT = DIRECTORY + "/session-events.yml";
    static final String SCHEMAS = DIRECTORY + "/schemas";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Draft 7, as AsyncAPI 3's own schema format is a superset of it; formats (date-time) are asserted. */
    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7,
            b -> b.schemaRegistryConfig(SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build()));

    /** One message of the document. */
    record Message(String key, String ceType, String channelAddress, JsonNode node) {

        /** The {@code $ref} of its payload, e.g. {@code schemas/….v1.json}. */
        String payloadRef() {
            return node.path("payload").path("$ref").asText(null);
        }
    }

    private final JsonNode root;

    private ContractDocument(JsonNode root) {
        this.root = root;
    }

    static ContractDocument load() {
        try (InputStream in = resource(DOCUMENT).openStream()) {
            return new ContractDocument(YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode root() {
        return root;
    }

    /** Every message under {@code components.messages}, by key, with the channel that lists it. */
    Map<String, Message> messages() {
        Map<String, String> channelOf = new LinkedHashMap<>();
        root.path("channels").fields().forEachRemaining(channel -> channel.getValue().path("messages").forEach(ref -> {
            String target = ref.path("$ref").asText();
            channelOf.put(target.substring(target.lastIndexOf('/') + 1), channel.getValue().path("address").asText());
        }));
        Map<String, Message> messages = new LinkedHashMap<>();
        root.path("components").path("messages").fields().forEachRemaining(m -> messages.put(m.getKey(),
                new Message(m.getKey(), ceType(m.getValue()).orElse(null), channelOf.get(m.getKey()), m.getValue())));
        return messages;
    }

    /** The messages that carry a CloudEvent type (every one but the dead letter), by that type. */
    Map<String, Message> messagesByCeType() {
        return messages().values().stream().filter(m -> m.ceType() != null)
                .collect(Collectors.toMap(Message::ceType, m -> m, (a, b) -> {
                    throw new IllegalStateException("two messages of type " + a.ceType() + ": " + a.key() + ", " + b.key());
                }, LinkedHashMap::new));
    }

    /** Channel addresses, by the tag they carry ({@code public}, {@code internal}). */
    Map<String, String> channelAudience() {
        Map<String, String> audience = new LinkedHashMap<>();
        root.path("channels").forEach(c -> c.path("tags").forEach(t -> audience.put(c.path("address").asText(),
                t.path("name").asText())));
        return audience;
    }

    /** The headers schema of a message, as the document states it (its {@code $ref}s resolved). */
    Schema headersSchema(Message message) {
        return REGISTRY.getSchema(location(message, "headers"));
    }

    /** The payload schema of a message, reached through the document's {@code $ref} to the schema file. */
    Schema payloadSchema(Message message) {
        return REGISTRY.getSchema(location(message, "payload"));
    }

    /** A schema file under {@value #SCHEMAS}, read as a consumer would read it on its own. */
    static JsonNode schemaFile(String name) {
        try (InputStream in = resource(SCHEMAS + "/" + name).openStream()) {
            return YAML.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names of the files under {@value #SCHEMAS}. */
    static Set<String> schemaFileNames() {
        try (Stream<Path> files = Files.list(directory(SCHEMAS))) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The validation errors of {@code instance} against {@code schema}, as readable lines. */
    static List<String> errors(Schema schema, JsonNode instance) {
        List<String> lines = new ArrayList<>();
        for (Error e : schema.validate(instance)) {
            lines.add(e.getInstanceLocation() + ": " + e.getMessage());
        }
        return lines;
    }

    /** The errors of this document against the AsyncAPI 3.0.0 JSON Schema (see asyncapi-spec/README.md). */
    List<String> asyncApiErrors() {
        Schema asyncApi = REGISTRY.getSchema(SchemaLocation.of("classpath:asyncapi-spec/asyncapi-3.0.0.schema.json"));
        return errors(asyncApi, root);
    }

    /** The file name the schema of a type has in version {@code version}: its CloudEvent type, then the version. */
    static String schemaFileName(String ceType, int version) {
        return ceType + ".v" + version + ".json";
    }

    static Path directory(String resource) {
        try {
            return Path.of(resource(resource).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static SchemaLocation location(Message message, String part) {
        return SchemaLocation.of("classpath:" + DOCUMENT + "#/components/messages/" + message.key() + "/" + part);
    }

    private static Optional<String> ceType(JsonNode message) {
        JsonNode headers = message.path("headers");
        List<JsonNode> parts = new ArrayList<>();
        parts.add(headers);
        headers.path("allOf").forEach(parts::add);
        return parts.stream().map(p -> p.path("properties").path("ce_type").path("const"))
                .filter(JsonNode::isTextual).map(JsonNode::asText).findFirst();
    }

    private static URL resource(String name) {
        URL url = ContractDocument.class.getClassLoader().getResource(name);
        if (url == null) {
            throw new IllegalStateException(name + " is not on the classpath");
        }
        return url;
    }
}
