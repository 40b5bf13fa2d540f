package io.sessionstream.auth.web;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.sessionstream.client.TraceIds;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last resort: an exception no other handler answers is a bug of ours, never the client's. It is logged at
 * ERROR with its stack trace, and the client gets 500 {@code internal_error} with the trace id to quote — never
 * the exception's message, which may carry SQL, driver or class names.
 */
@Produces
@Singleton
@Requires(classes = ExceptionHandler.class)
class UnexpectedErrorHandler implements ExceptionHandler<Exception, HttpResponse<ApiError>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);

    @Override
    public HttpResponse<ApiError> handle(HttpRequest request, Exception exception) {
        String trace = TraceIds.of(request);
        LOG.error("Unexpected failure of {} {} (trace {})", request.getMethod(), request.getPath(), trace, exception);
        return HttpResponse.<ApiError>status(HttpStatus.INTERNAL_SERVER_ERROR).body(new ApiError("internal_error",
                "Something went wrong on our side; it is logged with trace id " + trace));
    }
}
