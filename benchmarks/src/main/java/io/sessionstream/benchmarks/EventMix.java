package io.sessionstream.benchmarks;

import io.sessionstream.client.SessionToken;
import io.sessionstream.events.AllSessionsRevoked;
import io.sessionstream.events.Envelope;
import io.sessionstream.events.EventCodec;
import io.sessionstream.events.EventMetadata;
import io.sessionstream.events.EventType;
import io.sessionstream.events.LoggedIn;
import io.sessionstream.events.LoggedOut;
import io.sessionstream.events.SessionEvent;
import io.sessionstream.events.SessionRevoked;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A realistic stream of {@code session.events} records, encoded as the auth-service publishes them
 * (EventCodec, keyed by user id): for a user picked at random among many, mostly a login (80 %), else
 * a logout of one of their live sessions (12 %), a revocation of one or two (5 %) or a logout
 * everywhere (3 %); a user with no live session logs in. Revocations name sessions that exist.
 */
final class EventMix {

    private static final Duration LIFETIME = Duration.ofDays(7);
    private static final Duration IDLE = Duration.ofDays(1);

    private final EventCodec codec = new EventCodec();
    private final Clock clock = Clock.systemUTC();
    private final String topic;
    private final String[] users;
    private final List<List<String>> live;
    private final Random random;
    private final Map<String, Integer> counts = new TreeMap<>();

    EventMix(String topic, int users, long seed) {
        this.topic = topic;
        this.users = new String[users];
        this.live = new ArrayList<>(users);
        for (int i = 0; i < users; i++) {
            this.users[i] = UUID.randomUUID().toString();
            live.add(new ArrayList<>(2));
        }
        this.random = new Random(seed);
    }

    /** The next record. */
    ProducerRecord<String, byte[]> next() {
        int u = random.nextInt(users.length);
        SessionEvent event = event(users[u], live.get(u));
        counts.merge(EventType.of(event).toString(), 1, Integer::sum);
        return codec.toRecord(topic, codec.encode(new Envelope<>(EventMetadata.now("benchmark", null, clock), event)));
    }

    /** Records so far per event type. */
    Map<String, Integer> counts() {
        return Map.copyOf(counts);
    }

    private SessionEvent event(String user, List<String> sessions) {
        double r = random.nextDouble();
        if (sessions.isEmpty() || r < 0.80) {
            SessionToken token = SessionToken.generate();
            sessions.add(token.sessionId());
            Instant now = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS);
            return new LoggedIn(user, token.sessionId(), token.secretHash(), now, now.plus(LIFETIME), now.plus(IDLE),
                    "10.0.0." + random.nextInt(256), "Mozilla/5.0 (benchmark)", List.of("user"));
        }
        if (r < 0.92) {
            return new LoggedOut(user, sessions.remove(random.nextInt(sessions.size())));
        }
        if (r < 0.97) {
            List<String> revoked = new ArrayList<>();
            revoked.add(sessions.remove(random.nextInt(sessions.size())));
            if (!sessions.isEmpty() && random.nextBoolean()) {
                revoked.add(sessions.remove(random.nextInt(sessions.size())));
            }
            return new SessionRevoked(user, revoked, "revoked_by_user");
        }
        sessions.clear();
        return new AllSessionsRevoked(user, null, Instant.now(clock), "logout_everywhere");
    }
}
