package io.sessionstream.client;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Puts the request's {@linkplain TraceIds trace id} into the MDC ({@value TraceIds#MDC_KEY}) of every line
 * logged while the request is served, on whichever thread serves it (Micronaut's propagated context
 * carries it to the blocking executor). Switch off with {@code sessionstream.client.trace-ids.enabled=false}.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
@Requires(property = "sessionstream.client.trace-ids.enabled", notEquals = "false")
@Requires(classes = ServerFilter.class)
class TraceIdFilter implements Ordered {

    @RequestFilter
    void trace(HttpRequest<?> request, MutablePropagatedContext context) {
        Map<String, String> mdc = new HashMap<>();
        Map<String, String> current = MDC.getCopyOfContextMap();
        if (current != null) {
            mdc.putAll(current);
        }
        mdc.put(TraceIds.MDC_KEY, TraceIds.of(request));
        context.add(new MdcPropagationContext(mdc));
    }

    /** Before the security filter, so that validating the request's session logs with the id too. */
    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
