package io.sessionstream.client;

import io.lettuce.core.RedisException;
import io.micronaut.http.HttpRequest;
import io.sessionstream.client.Validation.Admitted;
import io.sessionstream.client.Validation.Reason;
import io.sessionstream.client.Validation.Rejected;
import io.sessionstream.client.Validation.Unavailable;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates from the near cache, else from Redis (see {@link SessionValidator} for the rules).
 *
 * <p>Each validation parses the token once and asks memory once. When {@link #validateWithoutBlocking} finds that
 * memory cannot decide, it leaves the parsed token on the request (attribute {@value #MEMORY_MISS}), and
 * {@link #validate(HttpRequest)} on that request then goes straight to Redis instead of parsing and asking memory
 * again. The Redis path still checks the tombstones and epochs after its read, so an invalidation that arrived in
 * between is never missed.
 */
@Singleton
class DefaultSessionValidator implements SessionValidator {

    /** The request attribute that carries a {@link MemoryMiss} from {@link #validateWithoutBlocking} to {@link #validate(HttpRequest)}. */
    static final String MEMORY_MISS = "io.sessionstream.client.memoryMiss";

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSessionValidator.class);

    /** A token that memory could not decide: Redis must be asked. */
    private record MemoryMiss(String token, SessionToken parsed) {
    }

    private final NearCache nearCache;
    private final CacheTrust trust;
    private final ClientMeters meters;
    private final ActivityPublisher activity;
    private final RedisSessionStore store;
    private final Clock clock;
    private final boolean useNearCache;
    private final String cookieName;

    DefaultSessionValidator(NearCache nearCache, CacheTrust trust, RedisSessionStore store, ActivityPublisher activity,
                            Clock clock, SessionClientConfiguration config, ClientMeters meters) {
        this.nearCache = nearCache;
        this.trust = trust;
        this.meters = meters;
        this.activity = activity;
        this.store = store;
        this.clock = clock;
        this.useNearCache = config.cacheMode() == CacheMode.NEAR;
        this.cookieName = config.cookieName();
    }

    @Override
    public Validation validate(HttpRequest<?> request) {
        String token = tokenOf(request);
        if (request.getAttribute(MEMORY_MISS).orElse(null) instanceof MemoryMiss miss && miss.token().equals(token)) {
            return fromRedis(miss.parsed(), clock.instant(), System.nanoTime());
        }
        return validate(token);
    }

    @Override
    public Validation validate(String token) {
        long start = System.nanoTime();
        Instant now = clock.instant();
        SessionToken parsed = parse(token);
        if (parsed == null) {
            return unparsable(token);
        }
        Validation fromMemory = fromMemory(parsed, now, start);
        return fromMemory != null ? fromMemory : fromRedis(parsed, now, start);
    }

    @Override
    public Optional<Validation> validateWithoutBlocking(HttpRequest<?> request) {
        String token = tokenOf(request);
        SessionToken parsed = parse(token);
        if (parsed == null) {
            return Optional.of(unparsable(token));
        }
        Validation fromMemory = fromMemory(parsed, clock.instant(), System.nanoTime());
        if (fromMemory == null) {
            request.setAttribute(MEMORY_MISS, new MemoryMiss(token, parsed));
            return Optional.empty();
        }
        return Optional.of(fromMemory);
    }

    /** The token, parsed; null if it is missing or malformed ({@link #unparsable} says which). */
    private static SessionToken parse(String token) {
        return token == null || token.isEmpty() ? null : SessionToken.parse(token).orElse(null);
    }

    private static Validation unparsable(String token) {
        return new Rejected(token == null || token.isEmpty() ? Reason.MISSING : Reason.MALFORMED);
    }

    /** What this instance can decide from memory alone; null if Redis must be asked. */
    private Validation fromMemory(SessionToken t, Instant now, long startNanos) {
        if (nearCache.isRevoked(t.sessionId())) {
            meters.validated(ClientMeters.Path.NEAR_CACHE, startNanos);
            return new Rejected(Reason.REVOKED);
        }
        // An untrusted cache may hold a session whose revocation this instance has not heard of: skip it.
        Optional<CachedSession> cached = useNearCache && trust.isTrusted() ? nearCache.get(t.sessionId()) : Optional.empty();
        if (cached.isPresent()) {
            if (nearCache.isRevoked(t.sessionId(), cached.get())) {
                nearCache.evict(t.sessionId());
                meters.validated(ClientMeters.Path.NEAR_CACHE, startNanos);
                return new Rejected(Reason.REVOKED);
            }
            if (cached.get().liveAt(now)) {
                Validation validation = admitIfMatching(t, cached.get(), now);
                meters.validated(ClientMeters.Path.NEAR_CACHE, startNanos);
                return validation;
            }
            // Idle past what this copy says: touches from other instances may have extended it; ask Redis.
        }
        return null;
    }

    private Validation fromRedis(SessionToken t, Instant now, long startNanos) {
        long generation = nearCache.generation();
        boolean cache = useNearCache && trust.isTrusted();
        Optional<CachedSession> loaded;
        try {
            loaded = store.read(t.sessionId());
        } catch (RedisException e) {
            LOG.warn("Session store unreachable, failing closed for session {}", t.sessionId(), e);
            meters.validated(ClientMeters.Path.UNAVAILABLE, startNanos);
            return new Unavailable("session store unreachable");
        }
        if (loaded.isEmpty()) {
            nearCache.evict(t.sessionId());
            meters.validated(ClientMeters.Path.MISS, startNanos);
            return new Rejected(Reason.UNKNOWN);
        }
        boolean revoked = cache
                ? !nearCache.putUnlessRevoked(t.sessionId(), loaded.get(), generation)
                : nearCache.isRevoked(t.sessionId(), loaded.get());
        Validation validation = revoked ? new Rejected(Reason.REVOKED) : admitIfMatching(t, loaded.get(), now);
        meters.validated(ClientMeters.Path.REDIS, startNanos);
        return validation;
    }

    @Override
    public boolean hasReceivedRevocation(String sessionId) {
        return nearCache.isRevoked(sessionId);
    }

    @Override
    public boolean hasReceivedUserRevocation(String userId, Instant notBefore) {
        return nearCache.epoch(userId).map(e -> !e.notBefore().isBefore(notBefore)).orElse(false);
    }

    private Validation admitIfMatching(SessionToken token, CachedSession session, Instant now) {
        Validation validation = check(token, session, now);
        if (validation instanceof Admitted admitted) {
            activity.touched(admitted.principal());
        }
        return validation;
    }

    /** The principal is built only for an admitted session: the cache holds no copy of it. */
    private static Validation check(SessionToken token, CachedSession session, Instant now) {
        if (!session.secretMatches(token)) {
            return new Rejected(Reason.BAD_SECRET);
        }
        if (!session.liveAt(now)) {
            return new Rejected(Reason.EXPIRED);
        }
        return new Admitted(session.principal(token.sessionId()));
    }

    private String tokenOf(HttpRequest<?> request) {
        return RequestTokens.of(request, cookieName);
    }
}
