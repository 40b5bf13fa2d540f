package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Ticker;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * For the benchmarks module only, not an API: applications never need it, and it may change or go without notice.
 *
 * <p>The benchmarks measure the near cache itself (the JMH hot path, bytes per cached session), which is
 * package-private here. Rather than declaring their classes in this package, they get a real {@link NearCache}, built
 * as the client builds it, filled with sessions shaped as {@link RedisSessionStore} reads them, behind two small
 * facades that expose exactly what they measure and nothing an application could use to validate a session.
 * (The auth-service's {@code PasswordHasher.forMeasuring} is the same kind of hook.)
 */
public final class Measuring {

    private static final int ROLE_SETS = 16;

    private Measuring() {
    }

    /** An empty near cache that holds up to {@code maxSize} sessions, for {@link Fill#fill} to fill. */
    public static Fill emptyNearCache(long maxSize) {
        return new Fill(maxSize);
    }

    /** A near cache holding {@code token}'s session and {@code others} more, for the hot-path benchmarks. */
    public static HotPath hotPath(SessionToken token, int others) {
        Fill fill = new Fill(others + 10L);
        fill.fill(others);
        return new HotPath(fill.cache, fill.put(token));
    }

    /** A near cache being filled with generated sessions. */
    public static final class Fill {

        private final NearCache cache;
        private final RoleLists roles = new RoleLists(ROLE_SETS);
        private final Instant now = Instant.now();

        private Fill(long maxSize) {
            SessionClientConfiguration config = new SessionClientConfiguration("ss:", "session.invalidations",
                    CacheMode.NEAR, maxSize, Duration.ofMinutes(10), Duration.ofMinutes(10), "session.activity",
                    Duration.ofMinutes(1), "ss_session", Duration.ofSeconds(2));
            this.cache = new NearCache(config, Ticker.systemTicker());
        }

        /** Caches {@code sessions} new sessions, each of a fresh token. */
        public void fill(int sessions) {
            for (int i = 0; i < sessions; i++) {
                put(SessionToken.generate());
            }
        }

        /** Number of cached sessions (approximate). */
        public long size() {
            return cache.size();
        }

        private CachedSession put(SessionToken token) {
            CachedSession session = stored(token);
            cache.putUnlessRevoked(token.sessionId(), session, cache.generation());
            return session;
        }

        private CachedSession stored(SessionToken token) {
            // Fresh strings per session, as Redis reads produce them (no literal sharing); the key is
            // the token's own session id string, as DefaultSessionValidator caches it; roles are shared as in the store.
            return CachedSession.of(UUID.randomUUID().toString(), now.toEpochMilli(),
                    now.plus(Duration.ofDays(7)).toEpochMilli(), now.plus(Duration.ofDays(1)).toEpochMilli(),
                    roles.of(new StringBuilder("user").toString()), token.secretHash());
        }
    }

    /** The steps of validating a cached session, one by one and whole, against one session of a full cache. */
    public static final class HotPath {

        private final NearCache cache;
        private final CachedSession stored;

        private HotPath(NearCache cache, CachedSession stored) {
            this.cache = cache;
            this.stored = stored;
        }

        /** The cache lookup alone: what the cache holds under {@code sessionId} (opaque). */
        public Optional<?> lookUp(String sessionId) {
            return cache.get(sessionId);
        }

        /** The secret check alone: whether {@code token}'s secret matches the fixture session's stored hash. */
        public boolean secretMatches(SessionToken token) {
            return stored.secretMatches(token);
        }

        /**
         * What {@code DefaultSessionValidator} does for a cached session, without the request, meters, trust or
         * touch: parse, tombstone check, cache hit, epoch check, expiry check, hash compare, principal.
         *
         * @return the principal admitted, or null if the token is rejected or its session is not cached
         */
        public SessionPrincipal admit(String token) {
            Optional<SessionToken> t = SessionToken.parse(token);
            if (t.isEmpty() || cache.isRevoked(t.get().sessionId())) {
                return null;
            }
            String sid = t.get().sessionId();
            Optional<CachedSession> s = cache.get(sid);
            if (s.isEmpty() || cache.isRevoked(sid, s.get())) {
                return null;
            }
            return s.get().liveAt(Instant.now()) && s.get().secretMatches(t.get()) ? s.get().principal(sid) : null;
        }
    }
}
