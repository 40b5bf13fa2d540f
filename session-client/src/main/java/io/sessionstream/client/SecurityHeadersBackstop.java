package io.sessionstream.client;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.server.netty.NettyServerCustomizer;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import jakarta.inject.Singleton;

/**
 * The security headers of {@link SecurityHeadersFilter} on the answers that never pass a filter: those the server
 * writes before a request reaches routing (a malformed request line or URI, an invalid or oversized header, a body
 * over the size limit). Micronaut adds every {@code ChannelOutboundHandler} bean to the HTTP/1 pipeline after the
 * codec, so this sees each response as it is written, and adds only what is absent (the filter's own, path-aware
 * headers stay). An error answer (4xx, 5xx) is also marked {@code Cache-Control: no-store}: it may belong to a
 * request that carried a session, and nothing should keep it.
 */
@Singleton
@ChannelHandler.Sharable
@Requires(classes = NettyServerCustomizer.class)
@Requires(property = SecurityHeadersConfiguration.ENABLED, notEquals = "false")
class SecurityHeadersBackstop extends ChannelOutboundHandlerAdapter {

    private final SecurityHeadersConfiguration config;

    SecurityHeadersBackstop(SecurityHeadersConfiguration config) {
        this.config = config;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response) {
            HttpHeaders headers = response.headers();
            setIfAbsent(headers, "Content-Security-Policy", config.contentSecurityPolicy());
            setIfAbsent(headers, "X-Frame-Options", "DENY");
            setIfAbsent(headers, "X-Content-Type-Options", "nosniff");
            setIfAbsent(headers, "Referrer-Policy", "no-referrer");
            if (config.hsts()) {
                setIfAbsent(headers, "Strict-Transport-Security", SecurityHeadersFilter.HSTS);
            }
            if (response.status().code() >= 400) {
                setIfAbsent(headers, "Cache-Control", "no-store");
            }
        }
        super.write(ctx, msg, promise);
    }

    private static void setIfAbsent(HttpHeaders headers, String name, String value) {
        if (!headers.contains(name)) {
            headers.set(name, value);
        }
    }
}
