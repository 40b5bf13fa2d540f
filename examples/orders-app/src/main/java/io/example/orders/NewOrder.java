package io.example.orders;

import io.micronaut.serde.annotation.Serdeable;

/** The body of {@code POST /orders}. */
@Serdeable
record NewOrder(String item) {
}
