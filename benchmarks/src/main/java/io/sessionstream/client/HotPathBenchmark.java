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
 * what {@code DefaultSessionValidator} does for a cached session, without the HTTP request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {

    private String token;
    private SessionToken parsed;
    private String storedHash;
    private NearCache cache;

    @Setup
    public void setUp() {
        SessionToken t = SessionToken.generate();
        token = t.value();
        parsed = t;
        storedHash = t.secretHash();
        cache = NearCacheMemory.prefilled(t, 100_000);
    }

    @Benchmark
    public Optional<SessionToken> parse() {
        return SessionToken.parse(token);
    }

    @Benchmark
    public Optional<StoredSession> nearCacheHit() {
        return cache.get(parsed.sessionId());
    }

    @Benchmark
    public boolean hashCompare() {
        return parsed.matches(storedHash);
    }

    /** Parse, tombstone check, cache hit, epoch check, expiry check, hash compare. */
    @Benchmark
    public boolean wholeHotPath() {
        Optional<SessionToken> t = SessionToken.parse(token);
        if (t.isEmpty() || cache.isRevoked(t.get().sessionId())) {
            return false;
        }
        Optional<StoredSession> s = cache.get(t.get().sessionId());
        if (s.isEmpty() || cache.isRevoked(s.get().principal())) {
            return false;
        }
        return s.get().principal().liveAt(Instant.now()) && t.get().matches(s.get().secretHash());
    }
}
