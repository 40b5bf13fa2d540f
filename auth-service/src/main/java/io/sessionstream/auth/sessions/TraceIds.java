package io.sessionstream.auth.sessions;

import io.micronaut.http.HttpRequest;
import java.util.UUID;
import java.util.regex.Pattern;

/** The trace id of a request: from a W3C {@code traceparent} header, else a new one. */
public final class TraceIds {

    private static final Pattern TRACEPARENT = Pattern.compile("^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$");

    private TraceIds() {
    }

    public static String of(HttpRequest<?> request) {
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
