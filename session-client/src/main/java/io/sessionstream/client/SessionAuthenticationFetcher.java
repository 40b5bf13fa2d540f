package io.sessionstream.client;

import io.micronaut.context.annotation.Requires;
import io.micronaut.core.util.StringUtils;
import io.micronaut.http.HttpRequest;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.security.authentication.Authentication;
import io.micronaut.security.filters.AuthenticationFetcher;
import io.sessionstream.client.Validation.Admitted;
import io.sessionstream.client.Validation.Rejected;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Turns a validated session into Micronaut Security's {@link Authentication} (see
 * {@link SessionAuthentication} for what it holds and how each outcome is answered).
 *
 * <p>Micronaut Security's {@code SecurityFilter} is an {@code HttpServerFilter}: it calls
 * {@link #fetchAuthentication} on the event loop and subscribes there. Validation may block on a
 * Redis read, so it is subscribed on the {@code blocking} executor, as Micronaut Security's own
 * {@code Authenticator} does for blocking authentication providers.
 */
@Singleton
@Requires(classes = AuthenticationFetcher.class)
@Requires(property = SessionAuthentication.ENABLED_PROPERTY, notEquals = StringUtils.FALSE, defaultValue = StringUtils.TRUE)
class SessionAuthenticationFetcher implements AuthenticationFetcher<HttpRequest<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(SessionAuthenticationFetcher.class);

    private final SessionValidator validator;
    private final Scheduler blocking;

    SessionAuthenticationFetcher(SessionValidator validator, @Named(TaskExecutors.BLOCKING) ExecutorService blocking) {
        this.validator = validator;
        this.blocking = Schedulers.fromExecutorService(blocking, TaskExecutors.BLOCKING);
    }

    @Override
    public Publisher<Authentication> fetchAuthentication(HttpRequest<?> request) {
        // Near-cache hits (and garbage) are decided in memory, on the calling thread; only a
        // validation that may read Redis moves to the blocking executor.
        Optional<Validation> fromMemory = validator.validateWithoutBlocking(request);
        if (fromMemory.isPresent()) {
            return authentication(fromMemory.get());
        }
        return Mono.fromCallable(() -> validator.validate(request))
                .subscribeOn(blocking)
                .flatMap(SessionAuthenticationFetcher::authentication);
    }

    private static Mono<Authentication> authentication(Validation validation) {
        if (validation instanceof Admitted admitted) {
            return Mono.just(authentication(admitted.principal()));
        }
        if (validation instanceof Rejected rejected) {
            LOG.debug("No authentication from the session token: {}", rejected.reason());
            return Mono.empty();
        }
        return Mono.error(new SessionStoreUnavailableException(((Validation.Unavailable) validation).detail()));
    }

    static Authentication authentication(SessionPrincipal p) {
        return Authentication.build(p.userId(), p.roles(), Map.of(
                SessionAuthentication.SESSION_ID, p.sessionId(),
                SessionAuthentication.CREATED_AT, p.createdAt().toString(),
                SessionAuthentication.ABSOLUTE_EXPIRY, p.absoluteExpiry().toString(),
                SessionAuthentication.IDLE_EXPIRY, p.idleExpiry().toString()));
    }
}
