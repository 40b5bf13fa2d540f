package io.sessionstream.auth.web;

import io.micronaut.serde.annotation.Serdeable;

/**
 * The body of every error the API answers itself.
 *
 * @param error   a stable machine-readable code, e.g. {@code invalid_credentials}
 * @param message a human-readable explanation
 */
@Serdeable
public record ApiError(String error, String message) {
}
