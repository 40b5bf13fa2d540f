package io.sessionstream.benchmarks;

import io.sessionstream.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where the time of a login and of a logout goes, hop by hop, from what an {@link EventTap} saw of each one's event
 * (see there for the instants). Each hop ends where the next begins, so a request's hops add up to its answer:
 *
 * <ul>
 *   <li>{@code request → stamped}: HTTP, the password check of a login, the auth-service's work up to the event;</li>
 *   <li>{@code stamped → relay sent}: the transaction's commit, {@code NOTIFY}, the relay's read of the row;</li>
 *   <li>{@code relay sent → readable}: the relay's Kafka transaction (its partitions added, the record written on
 *       every in-sync replica, the commit marker), then a {@code read_committed} fetch;</li>
 *   <li>logout {@code readable → broadcast sent}: the projector's fetch, its Lua script in Redis, its send of the
 *       invalidation (it sends only once the revocation is in Redis, so {@code stamped → broadcast sent} bounds
 *       "outbox commit → applied in Redis" from above);</li>
 *   <li>logout {@code broadcast sent → readable}: the invalidation written ({@code acks=all}) and fetched;</li>
 *   <li>logout {@code broadcast readable → answered}: every app instance applies it and reports its receipt, the
 *       auth-service applies its own copy and sees the receipts, HTTP;</li>
 *   <li>login {@code readable → answered}: the projector's fetch and script, the auth-service seeing the session in
 *       Redis, HTTP.</li>
 * </ul>
 *
 * A record's timestamp has millisecond resolution, so the hop before it can read up to 1 ms short and the one after
 * up to 1 ms long.
 *
 * @param login  login hops, in order, each a distribution over the samples
 * @param logout logout hops, in order
 * @param commitToApplied logout: the event stamped → the projector's broadcast sent (after Redis applied it)
 * @param rawMs  every sample of every hop, in milliseconds, by {@code login: <hop>} and {@code logout: <hop>}
 */
record EventHops(Map<String, Distribution> login, Map<String, Distribution> logout, Distribution commitToApplied,
                 Map<String, double[]> rawMs) {

    /** The instants of one login and the logout that follows it. */
    record Pair(Instant loginSent, Instant loginAnswered, EventTap.Seen loginEvent,
                Instant logoutSent, Instant logoutAnswered, EventTap.Seen logoutEvent, EventTap.Seen broadcast) {
    }

    /** Collects the pairs of one run. */
    static final class Recorder {
        private final EventTap tap;
        private final String eventsTopic;
        private final String invalidationsTopic;
        private final List<Pair> pairs = new ArrayList<>();

        Recorder(EventTap tap, String eventsTopic, String invalidationsTopic) {
            this.tap = tap;
            this.eventsTopic = eventsTopic;
            this.invalidationsTopic = invalidationsTopic;
        }

        /** Finds the tap's records of the pair {@code userId} just ran (awaited, bounded) and keeps its instants. */
        void add(String userId, Instant loginSent, Instant loginAnswered, Instant logoutSent, Instant logoutAnswered) {
            EventTap.Seen in = tap.await(eventsTopic, s -> s.key().equals(userId)
                    && s.type().equals(EventType.LOGGED_IN.ceType()) && !s.eventTime().isBefore(loginSent), "login event");
            EventTap.Seen out = tap.await(eventsTopic, s -> s.key().equals(userId)
                    && s.type().equals(EventType.LOGGED_OUT.ceType()) && !s.eventTime().isBefore(logoutSent), "logout event");
            EventTap.Seen broadcast = tap.awaitId(invalidationsTopic, out.eventId(), "logout broadcast");
            pairs.add(new Pair(loginSent, loginAnswered, in, logoutSent, logoutAnswered, out, broadcast));
        }

        EventHops hops() {
            Map<String, long[]> login = new LinkedHashMap<>();
            Map<String, long[]> logout = new LinkedHashMap<>();
            long[] applied = new long[pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                Pair p = pairs.get(i);
                EventTap.Seen in = p.loginEvent();
                put(login, "request → stamped", i, p.loginSent(), in.eventTime());
                put(login, "stamped → relay sent", i, in.eventTime(), in.sentAt());
                put(login, "relay sent → readable", i, in.sentAt(), in.readAt());
                put(login, "readable → answered", i, in.readAt(), p.loginAnswered());
                EventTap.Seen out = p.logoutEvent();
                EventTap.Seen b = p.broadcast();
                put(logout, "request → stamped", i, p.logoutSent(), out.eventTime());
                put(logout, "stamped → relay sent", i, out.eventTime(), out.sentAt());
                put(logout, "relay sent → readable", i, out.sentAt(), out.readAt());
                put(logout, "readable → broadcast sent", i, out.readAt(), b.sentAt());
                put(logout, "broadcast sent → readable", i, b.sentAt(), b.readAt());
                put(logout, "broadcast readable → answered", i, b.readAt(), p.logoutAnswered());
                applied[i] = nanos(out.eventTime(), b.sentAt());
            }
            Map<String, double[]> raw = new LinkedHashMap<>();
            login.forEach((hop, nanos) -> raw.put("login: " + hop, millis(nanos)));
            logout.forEach((hop, nanos) -> raw.put("logout: " + hop, millis(nanos)));
            return new EventHops(summarize(login), summarize(logout), Distribution.of(applied), raw);
        }

        private void put(Map<String, long[]> hops, String hop, int i, Instant from, Instant to) {
            hops.computeIfAbsent(hop, h -> new long[pairs.size()])[i] = nanos(from, to);
        }

        private static long nanos(Instant from, Instant to) {
            return Math.max(0, Duration.between(from, to).toNanos());
        }

        private static double[] millis(long[] nanos) {
            double[] ms = new double[nanos.length];
            for (int i = 0; i < nanos.length; i++) {
                ms[i] = Math.round(nanos[i] / 1_000.0) / 1_000.0;
            }
            return ms;
        }

        private static Map<String, Distribution> summarize(Map<String, long[]> hops) {
            Map<String, Distribution> out = new LinkedHashMap<>();
            hops.forEach((hop, nanos) -> out.put(hop, Distribution.of(nanos)));
            return out;
        }
    }
}
