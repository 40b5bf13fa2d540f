package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.sessionstream.events.Invalidation;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * {@link AppliedBroadcasts}, fed by {@link InvalidationApplier} with every invalidation it applies: the latest
 * position per revoked session and per user-wide revocation, kept for {@code tombstone-ttl} (as long as the near
 * cache remembers a revocation), and the futures waiting for one. A waiter registers before it looks, so an
 * invalidation applied between the two is never missed.
 */
@Singleton
class AppliedBroadcastRegistry implements AppliedBroadcasts {

    private record UserRevocation(Instant notBefore, BroadcastPosition position) {
    }

    private record UserWaiter(Instant notBefore, CompletableFuture<BroadcastPosition> future) {
    }

    private final Cache<String, BroadcastPosition> sessions;
    private final Cache<String, UserRevocation> users;
    private final Map<String, List<CompletableFuture<BroadcastPosition>>> sessionWaiters = new ConcurrentHashMap<>();
    private final Map<String, List<UserWaiter>> userWaiters = new ConcurrentHashMap<>();

    AppliedBroadcastRegistry(SessionClientConfiguration config, Ticker ticker) {
        this.sessions = Caffeine.newBuilder().expireAfterWrite(config.tombstoneTtl()).ticker(ticker).build();
        this.users = Caffeine.newBuilder().expireAfterWrite(config.tombstoneTtl()).ticker(ticker).build();
    }

    @Override
    public CompletableFuture<BroadcastPosition> sessionRevoked(String sessionId) {
        CompletableFuture<BroadcastPosition> future = new CompletableFuture<>();
        sessionWaiters.computeIfAbsent(sessionId, k -> new CopyOnWriteArrayList<>()).add(future);
        BroadcastPosition known = sessions.getIfPresent(sessionId);
        if (known != null) {
            future.complete(known);
        }
        future.whenComplete((p, e) -> forget(sessionWaiters, sessionId, future));
        return future;
    }

    @Override
    public CompletableFuture<BroadcastPosition> userRevoked(String userId, Instant notBefore) {
        CompletableFuture<BroadcastPosition> future = new CompletableFuture<>();
        UserWaiter waiter = new UserWaiter(notBefore, future);
        userWaiters.computeIfAbsent(userId, k -> new CopyOnWriteArrayList<>()).add(waiter);
        UserRevocation known = users.getIfPresent(userId);
        if (known != null && !known.notBefore().isBefore(notBefore)) {
            future.complete(known.position());
        }
        future.whenComplete((p, e) -> {
            List<UserWaiter> list = userWaiters.get(userId);
            if (list != null) {
                list.remove(waiter);
                userWaiters.remove(userId, List.of());
            }
        });
        return future;
    }

    /** Records an invalidation this instance has just applied, and completes whoever waits for it. */
    void applied(Invalidation invalidation, BroadcastPosition position) {
        for (String sid : invalidation.sessionIds()) {
            sessions.put(sid, position);
            List<CompletableFuture<BroadcastPosition>> waiting = sessionWaiters.get(sid);
            if (waiting != null) {
                waiting.forEach(f -> f.complete(position));
            }
        }
        if (invalidation.userWide() && invalidation.notBefore() != null) {
            users.asMap().merge(invalidation.userId(), new UserRevocation(invalidation.notBefore(), position),
                    (old, next) -> next.notBefore().isBefore(old.notBefore()) ? old : next);
            List<UserWaiter> waiting = userWaiters.get(invalidation.userId());
            if (waiting != null) {
                waiting.stream().filter(w -> !invalidation.notBefore().isBefore(w.notBefore()))
                        .forEach(w -> w.future().complete(position));
            }
        }
    }

    private static void forget(Map<String, List<CompletableFuture<BroadcastPosition>>> waiters, String key,
                               CompletableFuture<BroadcastPosition> future) {
        List<CompletableFuture<BroadcastPosition>> list = waiters.get(key);
        if (list != null) {
            list.remove(future);
            waiters.remove(key, List.of());
        }
    }
}
