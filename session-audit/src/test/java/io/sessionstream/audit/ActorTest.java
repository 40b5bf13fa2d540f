package io.sessionstream.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Who ended a session, read from the reasons the published contract lists: every reason a schema of
 * {@code session.events} names (as the session-events jar ships them) is attributed to someone, so an audit built
 * on the contract can always tell who or what ended a session.
 */
class ActorTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyReasonTheContractLists_isAttributedToSomeone() throws IOException {
        Set<String> reasons = new TreeSet<>(Set.of("logout", "password_changed")); // implied by LoggedOut, PasswordChanged
        for (EventType type : EventType.values()) {
            schema(type).path("properties").path("reason").path("examples").forEach(r -> reasons.add(r.asText()));
        }
        Map<String, Actor> unattributed = new TreeMap<>();
        reasons.stream().filter(r -> Actor.of(r) == Actor.UNKNOWN).forEach(r -> unattributed.put(r, Actor.of(r)));

        assertThat(reasons).as("reasons the contract lists").contains("revoked_by_admin", "password_reset",
                "idle_expired", "absolute_expired");
        assertThat(unattributed).isEmpty();
    }

    @Test
    void reasons_sayWhoEndedTheSession() {
        assertThat(Actor.of("logout")).isEqualTo(Actor.USER);
        assertThat(Actor.of("revoke_others")).isEqualTo(Actor.USER);
        assertThat(Actor.of("revoked_by_admin")).isEqualTo(Actor.ADMIN);
        assertThat(Actor.of("revoked_all_by_admin")).isEqualTo(Actor.ADMIN);
        assertThat(Actor.of("password_reset")).isEqualTo(Actor.SYSTEM);
        assertThat(Actor.of("idle_expired")).isEqualTo(Actor.SYSTEM);
        assertThat(Actor.of("absolute_expired")).isEqualTo(Actor.SYSTEM);
    }

    @Test
    void aReasonThisVersionDoesNotKnow_isUnknown_notAnError() {
        assertThat(Actor.of("revoked_by_fraud_engine")).isEqualTo(Actor.UNKNOWN);
        assertThat(Actor.of(null)).isEqualTo(Actor.UNKNOWN);
    }

    private static JsonNode schema(EventType type) throws IOException {
        String name = "META-INF/asyncapi/schemas/" + type.ceType() + ".v" + EventCodec.SCHEMA_VERSION + ".json";
        try (InputStream in = ActorTest.class.getClassLoader().getResourceAsStream(name)) {
            assertThat(in).as(name).isNotNull();
            return JSON.readTree(in);
        }
    }
}
