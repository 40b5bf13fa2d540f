package io.sessionstream.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.security.authentication.Authentication;
import io.sessionstream.client.Validation.Admitted;
import io.sessionstream.client.Validation.Reason;
import io.sessionstream.client.Validation.Rejected;
import io.sessionstream.client.Validation.Unavailable;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

/** The fetcher's mapping of each validation outcome, and where validation runs; no servers. */
class SessionAuthenticationFetcherTest {

    private final ExecutorService blocking = Executors.newSingleThreadExecutor(r -> new Thread(r, "blocking-test"));
    private final AtomicReference<Thread> validatedOn = new AtomicReference<>();

    @AfterEach
    void stopExecutor() {
        blocking.shutdownNow();
    }

    @Test
    void admitted_becomesAuthenticationWithUserIdRolesAndSessionAttributes() {
        Instant created = Instant.parse("2026-01-02T03:04:05.678Z");
        SessionPrincipal principal = new SessionPrincipal("user-1", "sid-1", created, created.plus(Duration.ofDays(7)),
                created.plus(Duration.ofHours(1)), List.of("user", "admin"));

        Authentication authentication = fetch(new Admitted(principal)).block(Duration.ofSeconds(5));

        assertThat(authentication.getName()).isEqualTo("user-1");
        assertThat(authentication.getRoles()).containsExactly("user", "admin");
        assertThat(authentication.getAttributes())
                .containsEntry(SessionAuthentication.SESSION_ID, "sid-1")
                .containsEntry(SessionAuthentication.CREATED_AT, "2026-01-02T03:04:05.678Z")
                .containsEntry(SessionAuthentication.ABSOLUTE_EXPIRY, "2026-01-09T03:04:05.678Z")
                .containsEntry(SessionAuthentication.IDLE_EXPIRY, "2026-01-02T04:04:05.678Z");
    }

    @Test
    void rejected_isNoAuthentication() {
        assertThat(fetch(new Rejected(Reason.BAD_SECRET)).blockOptional(Duration.ofSeconds(5))).isEmpty();
    }

    @Test
    void unavailable_failsWithStoreUnavailable_neverEmpty() {
        assertThat(fetch(new Unavailable("session store unreachable")).materialize().block(Duration.ofSeconds(5)).getThrowable())
                .isInstanceOf(SessionStoreUnavailableException.class);
    }

    @Test
    void validation_runsOnTheBlockingExecutor_notOnTheSubscribingThread() {
        fetch(new Rejected(Reason.UNKNOWN)).blockOptional(Duration.ofSeconds(5));

        assertThat(validatedOn.get()).isNotSameAs(Thread.currentThread());
        assertThat(validatedOn.get().getName()).isEqualTo("blocking-test");
    }

    @Test
    void nearCacheHit_isAnsweredOnTheCallingThread_withoutAThreadHop() {
        SessionPrincipal p = new SessionPrincipal("user-1", "sid-1", Instant.EPOCH, Instant.MAX, Instant.MAX, List.of("user"));
        FixedValidator validator = new FixedValidator(new Rejected(Reason.UNKNOWN), new Validation.Admitted(p));
        SessionAuthenticationFetcher fetcher = new SessionAuthenticationFetcher(validator, blocking);

        Authentication auth = Mono.from(fetcher.fetchAuthentication(HttpRequest.GET("/"))).block(Duration.ofSeconds(5));

        assertThat(auth.getName()).isEqualTo("user-1");
        assertThat(validatedOn.get()).as("the blocking validate() was never called").isNull();
    }

    private Mono<Authentication> fetch(Validation outcome) {
        SessionAuthenticationFetcher fetcher = new SessionAuthenticationFetcher(new FixedValidator(outcome, null), blocking);
        return Mono.from(fetcher.fetchAuthentication(HttpRequest.GET("/")));
    }

    private final class FixedValidator implements SessionValidator {

        private final Validation outcome;
        private final Validation fromMemory;

        FixedValidator(Validation outcome, Validation fromMemory) {
            this.outcome = outcome;
            this.fromMemory = fromMemory;
        }

        @Override
        public java.util.Optional<Validation> validateWithoutBlocking(HttpRequest<?> request) {
            return java.util.Optional.ofNullable(fromMemory);
        }

        @Override
        public Validation validate(String token) {
            validatedOn.set(Thread.currentThread());
            return outcome;
        }

        @Override
        public Validation validate(HttpRequest<?> request) {
            return validate("token");
        }
    }
}
