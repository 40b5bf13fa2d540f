package io.sessionstream.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The compatibility promise of docs/integrate.md, for this codebase as a consumer: the golden samples of every
 * schema version kept under {@code golden/v<n>/} — records as that version's producer wrote them, never edited once
 * released — decode with today's {@link EventCodec}. A new version adds a directory; an old one is removed only when
 * the policy says producers no longer write it and the log no longer holds it.
 */
class GoldenSamplesCompatibilityTest {

    private final EventCodec codec = new EventCodec();

    @Test
    void goldenSamples_areKeptForEveryVersionUpToTodays() {
        List<Integer> versions = GoldenSample.versions();

        assertThat(versions).as("golden/v<n> directories").isNotEmpty().contains(EventCodec.SCHEMA_VERSION);
        assertThat(versions.get(versions.size() - 1)).as("no samples of a version the codec does not write yet")
                .isEqualTo(EventCodec.SCHEMA_VERSION);
        versions.forEach(v -> assertThat(GoldenSample.of(v)).as("samples of v" + v).isNotEmpty());
    }

    static List<GoldenSample> everyVersion() {
        return GoldenSample.allVersions();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyVersion")
    void goldenSampleOfAnyVersion_decodesWithTodaysCodec(GoldenSample sample) {
        EventType type = sample.eventType().orElseThrow(() -> new AssertionError(sample + ": today's codec does not "
                + "know the type " + sample.ceType() + " any more; removing a type needs a new schema version"));

        Envelope<?> decoded = type == EventType.INVALIDATION
                ? codec.decodeInvalidation(sample.record())
                : codec.decodeSessionEvent(sample.record());

        assertThat(decoded.metadata().eventId()).hasToString(sample.headers().get("ce_id"));
        assertThat(decoded.payload()).isInstanceOf(type.dataClass());
        String userId = decoded.payload() instanceof SessionEvent e ? e.userId() : ((Invalidation) decoded.payload()).userId();
        assertThat(userId).isEqualTo(sample.key());
    }
}
