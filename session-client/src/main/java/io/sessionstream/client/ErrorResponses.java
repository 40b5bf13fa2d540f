package io.sessionstream.client;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.JsonErrorResponseBodyProvider;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolationException;

import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Micronaut's own error answers (malformed JSON, a failed validation, an unknown route, a wrong method or
 * content type, a body over the size limit) in the {@link ErrorResponse} shape, like every other error of the
 * service. The message says what the client did wrong: a failed validation lists its fields, the router says
 * what it refused; anything that carries a parser's or a library's own words (a Jackson location, a class name)
 * is replaced by a plain sentence for the status.
 *
 * <p>So Micronaut Security's refusals come in this shape too: 401 {@code {"error":"unauthenticated","message":"No
 * valid session"}} (no session, a garbage, unknown, expired or revoked one) and 403 {@code {"error":"forbidden",…}}
 * (a valid session without the role), like the library's own 403 {@code cross_origin} and 503
 * {@code store_unavailable}.
 */
@Singleton
@Requires(classes = JsonErrorResponseBodyProvider.class)
class ErrorResponses implements JsonErrorResponseBodyProvider<ErrorResponse> {

    @Override
    public ErrorResponse body(ErrorContext context, HttpResponse<?> response) {
        int status = response.code();
        return new ErrorResponse(code(status), message(context, status, response.reason()));
    }

    static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 500 -> "internal_error";
            case 503 -> "unavailable";
            default -> "http_" + status;
        };
    }

    private static String message(ErrorContext context, int status, String reason) {
        Optional<Throwable> cause = context.getRootCause();
        if (cause.isPresent() && cause.get() instanceof ConstraintViolationException) {
            return context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        }
        if (cause.isEmpty() && context.hasErrors() && status != 500) {
            // The router's and the server's own refusals (unknown page, method, content type, size) say it plainly.
            return context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        }
        return switch (status) {
            case 400 -> "The request is malformed: the body must be JSON of the documented shape";
            case 401 -> "No valid session";
            case 403 -> "This session may not do that";
            case 413 -> "The request body is too large";
            case 500 -> "Something went wrong on our side";
            default -> reason == null ? "HTTP " + status : reason;
        };
    }

}
