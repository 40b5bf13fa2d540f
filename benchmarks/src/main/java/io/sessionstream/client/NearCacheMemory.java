package io.sessionstream.client;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Bytes per cached session in session-client's near cache, measured as the heap delta of
 * filling a real {@link NearCache} with {@code entries} sessions shaped as
 * {@link RedisSessionStore} reads them (key, principal, roles list, secret hash and Caffeine's
 * own node). Lives in session-client's package because the cache is package-private there.
 */
public final class NearCacheMemory {

    private NearCacheMemory() {
    }

    /** Fills a fresh near cache with {@code entries} sessions; returns heap bytes per session. */
    public static double bytesPerSession(int entries) {
        SessionClientConfiguration config = new SessionClientConfiguration("ss:", "session.invalidations",
                CacheMode.NEAR, entries + 1L, Duration.ofMinutes(10), Duration.ofMinutes(10), "session.activity",
                Duration.ofMinutes(1), "ss_session");
        NearCache cache = new NearCache(config);
        long before = usedHeapAfterGc();
        Instant now = Instant.now();
        for (int i = 0; i < entries; i++) {
            cache.putUnlessRevoked(session(now));
        }
        cache.size();
        long after = usedHeapAfterGc();
        if (cache.size() < entries * 0.99) {
            throw new IllegalStateException("near cache holds " + cache.size() + " of " + entries + " sessions");
        }
        return (after - before) / (double) entries;
    }

    /** Hot-path fixture: a cache holding {@code token}'s session and {@code others} more. */
    static NearCache prefilled(SessionToken token, int others) {
        SessionClientConfiguration config = new SessionClientConfiguration("ss:", "session.invalidations",
                CacheMode.NEAR, others + 10L, Duration.ofMinutes(10), Duration.ofMinutes(10), "session.activity",
                Duration.ofMinutes(1), "ss_session");
        NearCache cache = new NearCache(config);
        Instant now = Instant.now();
        for (int i = 0; i < others; i++) {
            cache.putUnlessRevoked(session(now));
        }
        cache.putUnlessRevoked(stored(token, now));
        return cache;
    }

    private static StoredSession session(Instant now) {
        return stored(SessionToken.generate(), now);
    }

    private static StoredSession stored(SessionToken token, Instant now) {
        // Fresh strings per session, as Redis reads produce them (no literal sharing).
        SessionPrincipal p = new SessionPrincipal(UUID.randomUUID().toString(), new String(token.sessionId()),
                now, now.plus(Duration.ofDays(7)), now.plus(Duration.ofDays(1)), List.of("user,".split(",")));
        return new StoredSession(p, token.secretHash());
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
