package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Ticker;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * Bytes per cached session in session-client's near cache, measured as the heap delta of
 * filling a real {@link NearCache} with {@code entries} sessions shaped as
 * {@link RedisSessionStore} reads them (key, compact {@link CachedSession} built from fresh
 * strings, and Caffeine's own node; roles are shared as in the store). Lives in
 * session-client's package because the cache is package-private there.
 */
public final class NearCacheMemory {

    private NearCacheMemory() {
    }

    /** Prints bytes per session for {@code args[0]} entries (200,000 if absent), without the rest of the suite. */
    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        System.out.printf("near cache: %.1f bytes/session (%,d sessions)%n", bytesPerSession(entries), entries);
    }

    /** Fills a fresh near cache with {@code entries} sessions; returns heap bytes per session. */
    public static double bytesPerSession(int entries) {
        SessionClientConfiguration config = new SessionClientConfiguration("ss:", "session.invalidations",
                CacheMode.NEAR, entries + 1L, Duration.ofMinutes(10), Duration.ofMinutes(10), "session.activity",
                Duration.ofMinutes(1), "ss_session", Duration.ofSeconds(2));
        NearCache cache = new NearCache(config, Ticker.systemTicker());
        RoleLists roles = new RoleLists(16);
        long before = usedHeapAfterGc();
        Instant now = Instant.now();
        for (int i = 0; i < entries; i++) {
            SessionToken token = SessionToken.generate();
            cache.putUnlessRevoked(token.sessionId(), stored(token, now, roles), cache.generation());
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
                Duration.ofMinutes(1), "ss_session", Duration.ofSeconds(2));
        NearCache cache = new NearCache(config, Ticker.systemTicker());
        RoleLists roles = new RoleLists(16);
        Instant now = Instant.now();
        for (int i = 0; i < others; i++) {
            SessionToken other = SessionToken.generate();
            cache.putUnlessRevoked(other.sessionId(), stored(other, now, roles), cache.generation());
        }
        cache.putUnlessRevoked(token.sessionId(), stored(token, now, roles), cache.generation());
        return cache;
    }

    private static CachedSession stored(SessionToken token, Instant now, RoleLists roles) {
        // Fresh strings per session, as Redis reads produce them (no literal sharing); the key is
        // the token's own session id string, as DefaultSessionValidator caches it.
        return CachedSession.of(UUID.randomUUID().toString(), now.toEpochMilli(),
                now.plus(Duration.ofDays(7)).toEpochMilli(), now.plus(Duration.ofDays(1)).toEpochMilli(),
                roles.of(new StringBuilder("user").toString()), token.secretHash());
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
