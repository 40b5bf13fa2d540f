package io.sessionstream.client;

import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Instant;

/** In test contexts that switch it on: a {@link MutableClock} that replaces the library's (secondary) system clock. */
@Factory
@Requires(property = MutableClockFactory.PROPERTY, value = "true")
class MutableClockFactory {

    static final String PROPERTY = "test.mutable-clock";

    @Singleton
    MutableClock clock() {
        return new MutableClock(Instant.now());
    }
}
