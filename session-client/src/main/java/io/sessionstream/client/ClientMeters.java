package io.sessionstream.client;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The session client's meters, in the application's Micrometer registry (none are kept when the
 * application has no registry):
 * <ul>
 *   <li>{@code sessionstream.validation} (timer), tag {@code path}: {@code near_cache} (decided from memory),
 *       {@code redis} (read from Redis, found), {@code miss} (Redis has no such session), {@code unavailable}
 *       (Redis did not answer; 503). A request without a well-formed token is not timed: it needs no lookup;</li>
 *   <li>{@code sessionstream.nearcache.hit.ratio}: near-cache decisions / lookups since start;</li>
 *   <li>{@code sessionstream.nearcache.size}: sessions held (approximate);</li>
 *   <li>{@code sessionstream.nearcache.trusted}: 1 while the trust rule lets the cache answer, else 0;</li>
 *   <li>{@code sessionstream.nearcache.trust.lost}: times trust was lost and the cache emptied;</li>
 *   <li>{@code sessionstream.invalidation.lag} (timer): from the revocation's event time to this instance
 *       applying its broadcast.</li>
 * </ul>
 */
@Singleton
class ClientMeters {

    /** Where a validation was decided. */
    enum Path { NEAR_CACHE, REDIS, MISS, UNAVAILABLE }

    private final Map<Path, Timer> validations = new EnumMap<>(Path.class);
    private final Timer invalidationLag;

    ClientMeters(@Nullable MeterRegistry registry, NearCache cache, CacheTrust trust) {
        MeterRegistry r = registry != null ? registry : new CompositeMeterRegistry();
        for (Path path : Path.values()) {
            validations.put(path, Timer.builder("sessionstream.validation")
                    .description("Session validations by where they were decided")
                    .tag("path", path.name().toLowerCase(Locale.ROOT))
                    .register(r));
        }
        this.invalidationLag = Timer.builder("sessionstream.invalidation.lag")
                .description("From a revocation's event time to this instance applying its broadcast")
                .register(r);
        Gauge.builder("sessionstream.nearcache.hit.ratio", this, ClientMeters::hitRatio)
                .description("Share of session lookups decided from the near cache, since start")
                .register(r);
        Gauge.builder("sessionstream.nearcache.size", cache, NearCache::size)
                .description("Sessions held in the near cache (approximate)")
                .register(r);
        Gauge.builder("sessionstream.nearcache.trusted", trust, t -> t.isTrusted() ? 1 : 0)
                .description("1 while the near cache is trusted (its invalidation consumer caught up within the bound)")
                .register(r);
        FunctionCounter.builder("sessionstream.nearcache.trust.lost", trust, CacheTrust::losses)
                .description("Times the near cache stopped being trusted and was emptied")
                .register(r);
    }

    void validated(Path path, long startNanos) {
        validations.get(path).record(System.nanoTime() - startNanos, TimeUnit.NANOSECONDS);
    }

    void invalidationApplied(Duration lag) {
        invalidationLag.record(lag.isNegative() ? Duration.ZERO : lag);
    }

    private double hitRatio() {
        long hits = validations.get(Path.NEAR_CACHE).count();
        long lookups = hits + validations.get(Path.REDIS).count() + validations.get(Path.MISS).count();
        return lookups == 0 ? 0 : (double) hits / lookups;
    }
}
