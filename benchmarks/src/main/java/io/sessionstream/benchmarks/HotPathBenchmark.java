package io.sessionstream.benchmarks;

import io.sessionstream.client.Measuring;
import io.sessionstream.client.SessionPrincipal;
import io.sessionstream.client.SessionToken;
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
 * hit (a real near cache holding 100k sessions, through {@link Measuring}), secret hash compare. The whole path is
 * what {@code DefaultSessionValidator} does for a cached session, without the HTTP request,
 * including building the {@link SessionPrincipal} it admits.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmark {

    private String token;
    private SessionToken parsed;
    private Measuring.HotPath cache;

    @Setup
    public void setUp() {
        SessionToken t = SessionToken.generate();
        token = t.value();
        parsed = t;
        cache = Measuring.hotPath(t, 100_000);
        if (cache.admit(token) == null) {
            throw new IllegalStateException("the fixture session is not admitted from the near cache");
        }
    }

    @Benchmark
    public Optional<SessionToken> parse() {
        return SessionToken.parse(token);
    }

    @Benchmark
    public Optional<?> nearCacheHit() {
        return cache.lookUp(parsed.sessionId());
    }

    @Benchmark
    public boolean hashCompare() {
        return cache.secretMatches(parsed);
    }

    /** Parse, tombstone check, cache hit, epoch check, expiry check, hash compare, principal; null if rejected. */
    @Benchmark
    public SessionPrincipal wholeHotPath() {
        return cache.admit(token);
    }
}
