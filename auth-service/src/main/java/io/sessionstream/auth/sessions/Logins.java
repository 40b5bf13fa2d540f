package io.sessionstream.auth.sessions;

import io.micronaut.core.annotation.Nullable;
import io.sessionstream.auth.limits.RateLimitedException;
import io.sessionstream.auth.limits.RateLimits;
import io.sessionstream.auth.users.PasswordHasher;
import io.sessionstream.auth.users.User;
import io.sessionstream.auth.users.UserRepository;
import io.sessionstream.client.SessionPrincipal;
import io.sessionstream.client.SessionToken;
import jakarta.inject.Singleton;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The login use case: check the password within the login limits, open a new session, end the session the
 * browser is replacing, and wait until the projection shows both.
 */
@Singleton
class Logins {

    private static final Logger LOG = LoggerFactory.getLogger(Logins.class);

    /** Who logs in, from where. */
    record Attempt(String email, String password, String clientAddress, @Nullable String userAgent,
                   @Nullable String deviceToken, @Nullable SessionPrincipal replacing, String traceId) {

        @Override
        public String toString() {
            return "Attempt[email=" + email + ", password=***]";
        }
    }

    /** A successful login: the user, the new session, its token and the browser's device token. */
    record LoggedIn(User user, SessionRecord session, SessionToken token, String deviceToken) {
    }

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final TrustedDevices devices;
    private final SessionCommands commands;
    private final ProjectionWaiter projection;
    private final DeviceLabels labels;
    private final AuthMeters meters;

    Logins(UserRepository users, PasswordHasher hasher, LoginThrottle throttle, TrustedDevices devices,
           SessionCommands commands, ProjectionWaiter projection, DeviceLabels labels, AuthMeters meters) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.devices = devices;
        this.commands = commands;
        this.projection = projection;
        this.labels = labels;
        this.meters = meters;
    }

    /**
     * Logs in, or throws: {@link InvalidCredentialsException} alike for an unknown email and a wrong password
     * (after the same Argon2 work), a {@linkplain io.sessionstream.auth.limits.RateLimitedException rate limit}
     * before any password is verified.
     */
    LoggedIn login(Attempt attempt) {
        try {
            LoggedIn done = attempt(attempt);
            LOG.info("User {} logged in, session {}", done.user().id(), done.session().id());
            return done;
        } catch (InvalidCredentialsException e) {
            meters.login("invalid_credentials");
            throw e;
        } catch (RateLimitedException e) {
            meters.login("throttled");
            throw e;
        }
    }

    private LoggedIn attempt(Attempt attempt) {
        Optional<User> user = users.findByEmail(attempt.email());
        RateLimits.Taken taken = throttle.begin(attempt.email(), user.map(User::id).orElse(null),
                attempt.clientAddress(), attempt.deviceToken());
        if (user.isEmpty()) {
            hasher.verifyAgainstNobody(attempt.password());
            throw new InvalidCredentialsException();
        }
        if (!hasher.verify(attempt.password(), user.get().passwordHash())) {
            throw new InvalidCredentialsException();
        }
        taken.giveBack();
        if (hasher.needsRehash(user.get().passwordHash())) {
            users.updatePasswordHash(user.get().id(), hasher.hash(attempt.password()));
        }
        SessionPrincipal replacing = attempt.replacing();
        if (replacing != null && commands.logout(replacing.userId(), replacing.sessionId(), attempt.traceId())) {
            meters.revoked("logout", 1);
            LOG.info("User {} session {} ended by a new login in the same browser", replacing.userId(),
                    replacing.sessionId());
        }
        SessionToken token = SessionToken.generate(user.get().id().toString());
        SessionRecord session = commands.open(user.get().id(), token, attempt.clientAddress(), attempt.userAgent(),
                labels.label(attempt.userAgent()), attempt.traceId());
        meters.login("success");
        String deviceToken = devices.signedIn(attempt.deviceToken(), user.get().id());
        projection.awaitPresent(session.id());
        if (replacing != null) {
            projection.awaitRevoked(replacing.sessionId());
        }
        return new LoggedIn(user.get(), session, token, deviceToken);
    }
}
