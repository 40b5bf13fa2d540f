package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.micronaut.core.annotation.Nullable;
import io.sessionstream.events.Invalidation;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The open pages of sessions, and what ends them: every revocation this instance applies (an invalidation names
 * the sessions, or revokes every session of a user created before an epoch but one), and the session's own expiry.
 * Each open page ({@link Stream}) is told once, with the reason, and closed. A page that opens for a session already
 * revoked is told at once, with the reason this instance remembers ({@code tombstone-ttl}).
 *
 * <p>Costs per open page: one small object in two maps and one scheduled expiry check; nothing per request.
 */
@Singleton
class SessionEventStreams {

    /** Why a session ended, as pages see it: the revocation's reason, or {@code expired}. */
    static final String EXPIRED = "expired";
    /** A session gone for a reason this instance does not remember. */
    static final String SIGNED_OUT = "signed_out";

    /** One open page of one session; {@code end} is called at most once. */
    final class Stream {
        private volatile SessionPrincipal principal;
        private final String token;
        private final Consumer<String> end;
        private volatile ScheduledFuture<?> expiryCheck;
        private volatile boolean ended;

        private Stream(SessionPrincipal principal, String token, Consumer<String> end) {
            this.principal = principal;
            this.token = token;
            this.end = end;
        }

        /** The page went away (the connection closed): forget it. */
        void close() {
            ended = true;
            forget(this);
        }

        private void end(String reason) {
            if (!ended) {
                ended = true;
                forget(this);
                end.accept(reason);
            }
        }
    }

    private record UserRevocation(Instant notBefore, @Nullable String keep, String reason) {
    }

    private final Map<String, Set<Stream>> bySession = new ConcurrentHashMap<>();
    private final Map<String, Set<Stream>> byUser = new ConcurrentHashMap<>();
    private final Cache<String, String> revokedReasons;
    private final Cache<String, UserRevocation> userRevocations;
    private final ScheduledExecutorService expiries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "session-expiry-push");
        t.setDaemon(true);
        return t;
    });
    private final SessionValidator validator;
    private final Clock clock;

    SessionEventStreams(SessionValidator validator, SessionClientConfiguration config, Clock clock, Ticker ticker) {
        this.validator = validator;
        this.clock = clock;
        this.revokedReasons = Caffeine.newBuilder().expireAfterWrite(config.tombstoneTtl()).ticker(ticker).build();
        this.userRevocations = Caffeine.newBuilder().expireAfterWrite(config.tombstoneTtl()).ticker(ticker).build();
    }

    /** Registers an open page of an admitted session; {@code end} is told the reason when the session ends. */
    Stream open(SessionPrincipal principal, String token, Consumer<String> end) {
        Stream stream = new Stream(principal, token, end);
        bySession.computeIfAbsent(principal.sessionId(), k -> ConcurrentHashMap.newKeySet()).add(stream);
        byUser.computeIfAbsent(principal.userId(), k -> ConcurrentHashMap.newKeySet()).add(stream);
        // A revocation applied while the page was being admitted: the maps above now catch any later one.
        String reason = reasonIfRevoked(principal);
        if (reason != null) {
            stream.end(reason);
        } else {
            scheduleExpiryCheck(stream);
        }
        return stream;
    }

    /** Why an unadmitted session is gone, as far as this instance knows. */
    String reasonOfEnd(@Nullable String sessionId, Validation.Rejected rejected) {
        if (rejected.reason() == Validation.Reason.EXPIRED) {
            return EXPIRED;
        }
        String reason = sessionId == null ? null : revokedReasons.getIfPresent(sessionId);
        return reason != null ? reason : SIGNED_OUT;
    }

    /** Ends every open page the invalidation revokes (called once it is applied to the near cache). */
    void onInvalidation(Invalidation invalidation) {
        for (String sid : invalidation.sessionIds()) {
            revokedReasons.put(sid, invalidation.reason());
            endAll(bySession.get(sid), invalidation.reason());
        }
        if (invalidation.userWide() && invalidation.notBefore() != null) {
            UserRevocation revocation = new UserRevocation(invalidation.notBefore(), invalidation.keepSessionId(),
                    invalidation.reason());
            userRevocations.asMap().merge(invalidation.userId(), revocation,
                    (old, next) -> next.notBefore().isBefore(old.notBefore()) ? old : next);
            Set<Stream> streams = byUser.get(invalidation.userId());
            if (streams != null) {
                streams.stream().filter(s -> revokes(revocation, s.principal))
                        .forEach(s -> s.end(invalidation.reason()));
            }
        }
    }

    /** How many pages are open on this instance. */
    int open() {
        return bySession.values().stream().mapToInt(Set::size).sum();
    }

    @Nullable
    private String reasonIfRevoked(SessionPrincipal principal) {
        String reason = revokedReasons.getIfPresent(principal.sessionId());
        if (reason != null) {
            return reason;
        }
        UserRevocation user = userRevocations.getIfPresent(principal.userId());
        return user != null && revokes(user, principal) ? user.reason() : null;
    }

    private static boolean revokes(UserRevocation revocation, SessionPrincipal principal) {
        return principal.createdAt().isBefore(revocation.notBefore()) && !principal.sessionId().equals(revocation.keep());
    }

    /** At the session's next expiry, ask again: activity elsewhere may have moved the idle expiry on. */
    private void scheduleExpiryCheck(Stream stream) {
        Instant at = stream.principal.absoluteExpiry().isBefore(stream.principal.idleExpiry())
                ? stream.principal.absoluteExpiry() : stream.principal.idleExpiry();
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis()) + 1;
        stream.expiryCheck = expiries.schedule(() -> checkExpiry(stream), delay, TimeUnit.MILLISECONDS);
    }

    private void checkExpiry(Stream stream) {
        if (stream.ended) {
            return;
        }
        Validation validation = validator.validate(stream.token);
        if (validation instanceof Validation.Admitted admitted) {
            stream.principal = admitted.principal();
            scheduleExpiryCheck(stream);
        } else if (validation instanceof Validation.Rejected rejected) {
            stream.end(reasonOfEnd(stream.principal.sessionId(), rejected));
        } else {
            // Redis unavailable: ask again shortly rather than tell the page something untrue.
            stream.expiryCheck = expiries.schedule(() -> checkExpiry(stream), 1, TimeUnit.SECONDS);
        }
    }

    private static void endAll(@Nullable Set<Stream> streams, String reason) {
        if (streams != null) {
            streams.forEach(s -> s.end(reason));
        }
    }

    private void forget(Stream stream) {
        remove(bySession, stream.principal.sessionId(), stream);
        remove(byUser, stream.principal.userId(), stream);
        ScheduledFuture<?> check = stream.expiryCheck;
        if (check != null) {
            check.cancel(false);
        }
    }

    private static void remove(Map<String, Set<Stream>> map, String key, Stream stream) {
        map.computeIfPresent(key, (k, set) -> {
            set.remove(stream);
            return set.isEmpty() ? null : set;
        });
    }

    @PreDestroy
    void stop() {
        expiries.shutdownNow();
    }
}
