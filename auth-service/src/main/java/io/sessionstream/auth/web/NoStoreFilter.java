package io.sessionstream.auth.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

/** Every API answer may carry a session or user data: no cache anywhere may keep it. */
@ServerFilter("/api/**")
class NoStoreFilter implements Ordered {

    /** Outermost, so it also marks answers of filters that refuse a request before the route (e.g. the origin check). */
    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }

    @ResponseFilter
    void noStore(MutableHttpResponse<?> response) {
        response.header(HttpHeaders.CACHE_CONTROL, "no-store");
        response.header("Pragma", "no-cache");
    }
}
