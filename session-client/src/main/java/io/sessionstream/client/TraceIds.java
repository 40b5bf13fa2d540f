package io.sessionstream.client;

import io.micronaut.http.HttpRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The trace id of a request: from a W3C {@code traceparent} header, else a new one, fixed for the
 * request's lifetime (kept as a request attribute), so the id in the logs ({@link TraceIdFilter}) and
 * the one in the events the request causes are the same.
 */
public final class TraceIds {

    /** The request attribute that holds the id once it is known. */
    public static final String ATTRIBUTE = "sessionstream.traceId";
    /** The MDC key log lines carry it under. */
    public static final String MDC_KEY = "traceId";

    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");

    private TraceIds() {
    }

    /** The request's trace id (32 lower-case hex digits). */
    public static String of(HttpRequest<?> request) {
        return request.getAttribute(ATTRIBUTE, String.class).orElseGet(() -> {
            String id = fromHeader(request);
            request.setAttribute(ATTRIBUTE, id);
            return id;
        });
    }

    private static String fromHeader(HttpRequest<?> request) {
        String header = request.getHeaders().get("traceparent");
        if (header != null) {
            var m = TRACEPARENT.matcher(header.trim());
            if (m.matches()) {
                return m.group(1);
            }
        }
        return UUID.randomUUID().toString().replace("-", "");
    }
}
