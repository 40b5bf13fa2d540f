package io.sessionstream.client;

import io.lettuce.core.RedisException;
import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import io.sessionstream.store.RedisLayout;
import io.sessionstream.store.StoreConnection;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says when Redis holds no Sessionstream projection under this application's key prefix: the sign of a
 * {@code sessionstream.client.redis-prefix} that does not match the projector's (or a Redis that is not the
 * projector's), where every valid session is rejected with 401 and nothing else would say why.
 *
 * <p>The projection is there when {@code <prefix>applied} exists: the hash of applied offsets the projector writes
 * with its first event and keeps for good (session-store documents the layout). Other keys under the prefix prove
 * nothing: this application's own membership ({@code <prefix>m}) is one of them. Checked a second after startup and
 * every 30 s: the first time it is missing is one WARN line, its arrival afterwards one INFO line, a check Redis does
 * not answer changes nothing (the validations say that one, with 503).
 *
 * <p><b>Readiness stays UP</b> either way; the finding is a detail of the {@code sessionProjectionFound} indicator. A
 * system that has just been set up has no projection until its first sign-in, and an application that reported
 * not ready then would, behind a load balancer, keep away the very sign-in that creates it (app-demo proxies the
 * sign-in). A wrong prefix is a configuration mistake that no restart or rerouting mends: it is said, not hidden
 * behind an instance taken out of service.
 *
 * <p>Not run in a process without the invalidation listener ({@value SessionClientConfiguration#INVALIDATION_LISTENER_ENABLED}
 * {@code false}), which serves no requests.
 */
@Singleton
@Requires(property = SessionClientConfiguration.INVALIDATION_LISTENER_ENABLED, notEquals = "false")
class ProjectionCheck {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectionCheck.class);

    private final StoreConnection redis;
    private final RedisLayout layout;
    private volatile Boolean found;

    ProjectionCheck(StoreConnection redis, SessionClientConfiguration config) {
        this.redis = redis;
        this.layout = new RedisLayout(config.redisPrefix());
    }

    @Scheduled(initialDelay = "1s", fixedDelay = "30s")
    void check() {
        boolean now;
        try {
            now = redis.sync().exists(layout.applied()) > 0;
        } catch (RedisException e) {
            return;
        }
        Boolean before = found;
        // Said before it is published: whoever sees found() change finds the line already written.
        if (!now && !Boolean.FALSE.equals(before)) {
            LOG.warn("No Sessionstream projection under prefix '{}' in Redis (no key {}): does {}.redis-prefix match "
                    + "the projector's, and is this the projector's Redis? Every session will be rejected (401) until "
                    + "it is there. A new system shows this until its first sign-in", layout.prefix(), layout.applied(),
                    SessionClientConfiguration.PREFIX);
        } else if (now && Boolean.FALSE.equals(before)) {
            LOG.info("Sessionstream projection found under prefix '{}' in Redis", layout.prefix());
        }
        found = now;
    }

    /** Whether the projection was there at the last check Redis answered; empty before any did. */
    Optional<Boolean> found() {
        return Optional.ofNullable(found);
    }

    String prefix() {
        return layout.prefix();
    }
}
