package io.sessionstream.client;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Secondary;
import jakarta.inject.Singleton;
import java.time.Clock;

/** The UTC system clock, a secondary bean: any {@link Clock} the application (or a test) defines wins over it {@link Clock}. */
@Factory
class ClockFactory {

    @Singleton
    @Secondary
    Clock clock() {
        return Clock.systemUTC();
    }
}
