package io.example.orders;

import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * An order as the API shows it.
 *
 * @param id      its id
 * @param userId  who placed it: the session's user id ({@code Authentication.getName()})
 * @param item    what was ordered
 * @param placed  when
 */
@Serdeable
record Order(String id, String userId, String item, Instant placed) {
}
