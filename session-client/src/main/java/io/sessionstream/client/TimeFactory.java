package io.sessionstream.client;

import com.github.benmanes.caffeine.cache.Ticker;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;

/**
 * The session client's elapsed time, a secondary bean: a {@link Ticker} the application (or a test) defines wins
 * over it, so tests advance time instead of waiting.
 *
 * <ul>
 *   <li>{@link Ticker} (Caffeine's system ticker, {@link System#nanoTime()}): elapsed time inside this
 *       process — the near cache's time-to-live, the trust rule's freshness, the touch throttle.</li>
 *   <li>The wall clock ({@link java.time.Clock}, compared with what Redis and the events hold: session expiries,
 *       event times, touch times) is session-store's, secondary too.</li>
 * </ul>
 */
@Factory
class TimeFactory {

    @Singleton
    @Secondary
    Ticker ticker() {
        return Ticker.systemTicker();
    }
}
