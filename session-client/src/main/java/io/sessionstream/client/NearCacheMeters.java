package io.sessionstream.client;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;

/**
 * The near cache's meters, bound to the application's Micrometer registry when it has one
 * (micronaut-micrometer binds every {@link MeterBinder} bean):
 * <ul>
 *   <li>{@code sessionstream.nearcache.trusted}: 1 while the trust rule lets the cache answer, else 0;</li>
 *   <li>{@code sessionstream.nearcache.size}: sessions held (approximate);</li>
 *   <li>{@code sessionstream.nearcache.trust.lost}: how many times trust was lost (and the cache emptied).</li>
 * </ul>
 */
@Singleton
@Requires(classes = MeterRegistry.class)
class NearCacheMeters implements MeterBinder {

    private final NearCache cache;
    private final CacheTrust trust;

    NearCacheMeters(NearCache cache, CacheTrust trust) {
        this.cache = cache;
        this.trust = trust;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("sessionstream.nearcache.trusted", trust, t -> t.isTrusted() ? 1 : 0)
                .description("1 while the near cache is trusted (its invalidation consumer caught up within the bound)")
                .register(registry);
        Gauge.builder("sessionstream.nearcache.size", cache, NearCache::size)
                .description("Sessions held in the near cache (approximate)")
                .register(registry);
        FunctionCounter.builder("sessionstream.nearcache.trust.lost", trust, CacheTrust::losses)
                .description("Times the near cache stopped being trusted and was emptied")
                .register(registry);
    }
}
