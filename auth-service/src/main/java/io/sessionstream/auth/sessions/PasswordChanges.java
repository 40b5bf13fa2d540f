package io.sessionstream.auth.sessions;

import io.micronaut.core.annotation.Nullable;
import io.sessionstream.auth.limits.RateLimits;
import io.sessionstream.auth.users.PasswordHasher;
import io.sessionstream.auth.users.User;
import io.sessionstream.auth.users.UserRepository;
import io.sessionstream.client.SessionPrincipal;
import io.sessionstream.client.SessionToken;
import jakarta.inject.Singleton;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The password change use case: the current password is checked within the login limits (a stolen session
 * cannot guess it at leisure), then the password is set, the caller gets a renewed session (new id and secret)
 * and every other session, the caller's old one included, ends — once the projection shows it all.
 */
@Singleton
public class PasswordChanges {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordChanges.class);

    /** Who changes the password, from where. */
    public record Request(SessionPrincipal caller, String currentPassword, String newPassword, String clientAddress,
                          @Nullable String userAgent, @Nullable String deviceToken, String traceId) {

        @Override
        public String toString() {
            return "Request[caller=" + caller.userId() + ", passwords=***]";
        }
    }

    /** A done change: the caller's renewed session (as a login answers it) and how many sessions ended. */
    public record Changed(LoginResponse session, int revoked) {
    }

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final LoginThrottle throttle;
    private final SessionCommands commands;
    private final ProjectionWaiter projection;
    private final DeviceLabels labels;
    private final AuthMeters meters;

    PasswordChanges(UserRepository users, PasswordHasher hasher, LoginThrottle throttle, SessionCommands commands, ProjectionWaiter projection, DeviceLabels labels, AuthMeters meters) {
        this.users = users;
        this.hasher = hasher;
        this.throttle = throttle;
        this.commands = commands;
        this.projection = projection;
        this.labels = labels;
        this.meters = meters;
    }

    /** Changes the password, or throws {@link WrongPasswordException} (counted as a failed login). */
    public Changed change(Request request) {
        UUID userId = UUID.fromString(request.caller().userId());
        User user = users.findById(userId).orElseThrow(CallerSession::unauthenticated);
        RateLimits.Taken taken = throttle.begin(user.email(), userId, request.clientAddress(), request.deviceToken());
        if (!hasher.verify(request.currentPassword(), user.passwordHash())) {
            throw new WrongPasswordException();
        }
        taken.giveBack();
        SessionToken token = SessionToken.generate(userId.toString());
        SessionCommands.Renewal renewal = commands.changePassword(userId, hasher.hash(request.newPassword()), token,
                request.clientAddress(), request.userAgent(), labels.label(request.userAgent()), request.traceId());
        SessionCommands.UserWideRevocation revocation = renewal.revocation();
        meters.revoked("password_changed", revocation.revoked().size());
        projection.awaitPresent(renewal.session().id());
        projection.awaitUserRevoked(userId.toString(), revocation.notBefore(), revocation.revoked());
        LOG.info("User {} changed their password; session {} renewed as {}, {} sessions revoked", userId,
                request.caller().sessionId(), renewal.session().id(), revocation.revoked().size());
        return new Changed(LoginResponse.of(renewal.session(), token), revocation.revoked().size());
    }
}
