package io.sessionstream.client;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The body of every error answer: a stable machine-readable code and a sentence for people.
 *
 * @param error   e.g. {@code unauthenticated}, {@code bad_request}, {@code payload_too_large}
 * @param message what went wrong, in words; never an exception's class, stack or driver text
 */
@Serdeable
public record ErrorResponse(String error, String message) {
}
