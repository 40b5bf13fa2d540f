package io.sessionstream.client;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The validation hot path of session-client, piece by piece and whole: token parse, near-cache
 * hit (a real {@link NearCache} holding 100k sessions), secret hash compare. The whole path is
 * what {@code DefaultSessionValidator} does for a cached session, without the HTTP request,
 * including building the {@link SessionPrincipal} it admits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {

    private String token;
    private SessionToken parsed;
    private CachedSession stored;
    private NearCache cache;

    @Setup
    public void setUp() {
        SessionToken t = SessionToken.generate();
        token = t.value();
        parsed = t;
        cache = NearCacheMemory.prefilled(t, 100_000);
        stored = cache.get(t.sessionId()).orElseThrow();
    }

    @Benchmark
    public Optional<SessionToken> parse() {
        return SessionToken.parse(token);
    }

    @Benchmark
    public Optional<CachedSession> nearCacheHit() {
        return cache.get(parsed.sessionId());
    }

    @Benchmark
    public boolean hashCompare() {
        return stored.secretMatches(parsed);
    }

    /** Parse, tombstone check, cache hit, epoch check, expiry check, hash compare, principal; null if rejected. */
    @Benchmark
    public SessionPrincipal wholeHotPath() {
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
