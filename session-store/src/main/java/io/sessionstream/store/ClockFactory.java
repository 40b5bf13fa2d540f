package io.sessionstream.store;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;

/**
 * The wall clock of every process that reads or writes the read model: the UTC system clock, whose instants are
 * compared with the epoch milliseconds Redis and the events hold (expiries, event and touch times). A secondary
 * bean: a {@link Clock} the application (or a test) defines wins over it, so tests advance time instead of waiting.
 */
@Factory
class ClockFactory {

    @Singleton
    @Secondary
    Clock clock() {
        return Clock.systemUTC();
    }
}
