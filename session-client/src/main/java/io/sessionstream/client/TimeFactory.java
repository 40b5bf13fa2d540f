package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The session client's two sources of time, both secondary beans: a {@link Clock} or {@link Ticker} the
 * application (or a test) defines wins over them, so tests advance time instead of waiting.
 *
 * <ul>
 *   <li>{@link Clock} (UTC system clock): wall-clock instants, compared with what Redis and the events hold
 *       (session expiries, event times, touch times).</li>
 *   <li>{@link Ticker} (Caffeine's system ticker, {@link System#nanoTime()}): elapsed time inside this
 *       process — the near cache's time-to-live, the trust rule's freshness, the touch throttle.</li>
 * </ul>
 */
@Factory
class TimeFactory {

    @Singleton
    @Secondary
    Clock clock() {
        return Clock.systemUTC();
    }

    @Singleton
    @Secondary
    Ticker ticker() {
        return Ticker.systemTicker();
    }
}
