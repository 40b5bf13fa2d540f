package io.sessionstream.demo;

import io.micronaut.serde.annotation.Serdeable;

/**
 * Error body of app-demo's own answers: the auth-service's shape plus the instance.
 *
 * @param error    a stable machine-readable code
 * @param message  a human-readable explanation
 * @param instance which app instance answered
 */
@Serdeable
record ErrorBody(String error, String message, String instance) {
}
