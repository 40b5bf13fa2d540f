package io.sessionstream.auth.web;

import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/** Every API answer may carry a session or user data: no cache anywhere may keep it. */
@ServerFilter("/api/**")
class NoStoreFilter {

    @ResponseFilter
    void noStore(MutableHttpResponse<?> response) {
        response.header(HttpHeaders.CACHE_CONTROL, "no-store");
        response.header("Pragma", "no-cache");
    }
}
