package io.sessionstream.client;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.sse.Event;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Singleton;
import java.time.Duration;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;
import reactor.core.scheduler.Schedulers;

/**
 * The push channel of the current session, for an app to serve on a route of its own: a stream of server-sent events
 * for the session of the request's cookie (a page's {@code EventSource} sends it; no token ever travels in a URL).
 * It says {@code session} when the page is registered, then — the moment this instance applies a revocation of the
 * session, or its expiry comes — {@code signed-out} with the reason, and ends:
 *
 * <pre>
 * event: signed-out
 * data: {"reason":"revoked_by_user"}
 * </pre>
 *
 * Reasons: the revocation's ({@code logout}, {@code revoked_by_user}, {@code revoke_others},
 * {@code logout_everywhere}, {@code password_changed}, {@code password_reset}, {@code revoked_by_admin},
 * {@code revoked_all_by_admin}), {@code expired}, or {@code signed_out} when the session is gone for a reason this
 * instance does not remember. A page that connects without a live session is told at once; while Redis cannot
 * answer, the stream ends with a {@code retry} event and the browser reconnects. The route must be anonymous (the
 * stream validates the session itself, and must reach a page whose session has just ended):
 *
 * <pre>
 * &#64;Get(value = "/api/session/events", produces = MediaType.TEXT_EVENT_STREAM)
 * &#64;Secured(SecurityRule.IS_ANONYMOUS)
 * HttpResponse&lt;Flux&lt;Event&lt;Object&gt;&gt;&gt; events(HttpRequest&lt;?&gt; request) {
 *     return push.events(request);
 * }
 * </pre>
 */
@Singleton
@Requires(classes = HttpRequest.class)
public class SessionPush {

    /** The first event: the page is registered. */
    @Serdeable
    public record Opened(String sessionId) {
    }

    /** The session has ended, and why. */
    @Serdeable
    public record SignedOut(String reason) {
    }

    private static final Duration RETRY = Duration.ofSeconds(2);

    private final SessionValidator validator;
    private final SessionEventStreams streams;
    private final String cookieName;
    private final Duration keepAlive;

    SessionPush(SessionValidator validator, SessionEventStreams streams, SessionClientConfiguration config,
                PushConfiguration push) {
        this.validator = validator;
        this.streams = streams;
        this.cookieName = config.cookieName();
        this.keepAlive = push.keepAlive();
    }

    /** The stream for the request's session, never cached. */
    public HttpResponse<Flux<Event<Object>>> events(HttpRequest<?> request) {
        String token = RequestTokens.of(request, cookieName);
        Flux<Event<Object>> events = Flux.<Event<Object>>create(sink -> open(token, sink))
                .subscribeOn(Schedulers.boundedElastic());
        return HttpResponse.ok(events).header(HttpHeaders.CACHE_CONTROL, "no-store");
    }

    /** How many pages are open on this instance. */
    public int openPages() {
        return streams.open();
    }

    private void open(String token, FluxSink<Event<Object>> sink) {
        Validation validation = token == null || token.isEmpty()
                ? new Validation.Rejected(Validation.Reason.MISSING) : validator.validate(token);
        if (validation instanceof Validation.Admitted admitted) {
            // Registered before it says so: a revocation applied right after the page read "session" reaches it.
            SessionEventStreams.Stream stream = streams.open(admitted.principal(), token, reason -> {
                sink.next(Event.<Object>of(new SignedOut(reason)).name("signed-out"));
                sink.complete();
            });
            sink.next(Event.<Object>of(new Opened(admitted.principal().sessionId())).name("session"));
            Disposable keepAlives = Flux.interval(keepAlive)
                    .subscribe(i -> sink.next(Event.<Object>of("").comment("keep-alive")));
            sink.onDispose(() -> {
                keepAlives.dispose();
                stream.close();
            });
        } else if (validation instanceof Validation.Rejected rejected) {
            String sid = token == null ? null : SessionToken.parse(token).map(SessionToken::sessionId).orElse(null);
            sink.next(Event.<Object>of(new SignedOut(streams.reasonOfEnd(sid, rejected))).name("signed-out"));
            sink.complete();
        } else {
            sink.next(Event.<Object>of(new SignedOut("unavailable")).name("retry").retry(RETRY));
            sink.complete();
        }
    }
}
