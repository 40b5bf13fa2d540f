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

@Singleton
class DefaultSessionValidator implements SessionValidator {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSessionValidator.class);

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
        return validate(tokenOf(request));
    }

    @Override
    public Validation validate(String token) {
        long start = System.nanoTime();
        Instant now = clock.instant();
        Optional<Validation> fromMemory = fromMemory(token, now, start);
        if (fromMemory.isPresent()) {
            return fromMemory.get();
        }
        return fromRedis(SessionToken.parse(token).orElseThrow(), now, start);
    }

    @Override
    public Optional<Validation> validateWithoutBlocking(HttpRequest<?> request) {
        return fromMemory(tokenOf(request), clock.instant(), System.nanoTime());
    }

    /** What this instance can decide from memory alone; empty if Redis must be asked. */
    private Optional<Validation> fromMemory(String token, Instant now, long startNanos) {
        if (token == null || token.isEmpty()) {
            return Optional.of(new Rejected(Reason.MISSING));
        }
        Optional<SessionToken> parsed = SessionToken.parse(token);
        if (parsed.isEmpty()) {
            return Optional.of(new Rejected(Reason.MALFORMED));
        }
        SessionToken t = parsed.get();
        if (nearCache.isRevoked(t.sessionId())) {
            meters.validated(ClientMeters.Path.NEAR_CACHE, startNanos);
            return Optional.of(new Rejected(Reason.REVOKED));
        }
        // An untrusted cache may hold a session whose revocation this instance has not heard of: skip it.
        Optional<CachedSession> cached = useNearCache && trust.isTrusted() ? nearCache.get(t.sessionId()) : Optional.empty();
        if (cached.isPresent()) {
            if (nearCache.isRevoked(t.sessionId(), cached.get())) {
                nearCache.evict(t.sessionId());
                meters.validated(ClientMeters.Path.NEAR_CACHE, startNanos);
                return Optional.of(new Rejected(Reason.REVOKED));
            }
            if (cached.get().liveAt(now)) {
                Validation validation = admitIfMatching(t, cached.get(), now);
                meters.validated(ClientMeters.Path.NEAR_CACHE, startNanos);
                return Optional.of(validation);
            }
            // Idle past what this copy says: touches from other instances may have extended it; ask Redis.
        }
        return Optional.empty();
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
