package io.sessionstream.demo.baseline;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.sessionstream.client.RequestTokens;
import io.sessionstream.client.SessionClientConfiguration;
import io.sessionstream.client.SessionPrincipal;
import io.sessionstream.client.SessionToken;
import io.sessionstream.client.SessionValidator;
import io.sessionstream.client.Validation;
import io.sessionstream.client.Validation.Admitted;
import io.sessionstream.client.Validation.Reason;
import io.sessionstream.client.Validation.Rejected;
import io.sessionstream.client.Validation.Unavailable;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The benchmarks' pre-Redis baseline (ARCHITECTURE §6): every request reads the auth-service's
 * {@code sessions} row and its user's roles from PostgreSQL, as most applications do before they
 * add a cache. Switched on only by {@value #MODE_PROPERTY}{@code =}{@value #POSTGRES} together with
 * {@code datasources.default.*} pointing at the auth-service's database; it then takes the place
 * of session-client's validator, so {@code GET /api/me} and the security rules work unchanged.
 *
 * <p>It checks what a typical table-backed session check does: the row exists, {@code revoked_at}
 * is null, {@code sha256(secret)} matches {@code secret_hash} (constant time), and
 * {@code absolute_expires_at} has not passed. It does not check idle expiry: the row's
 * {@code idle_expires_at} is written at login only (activity moves it in the Redis projection), so
 * checking it would end active sessions. A real pre-Redis application would write "last seen" on
 * every request instead — leaving that write out makes this baseline cheaper, never dearer, than
 * the thing it stands for. It publishes no activity either.
 *
 * <p>Every validation may block on the database, so {@link #validateWithoutBlocking} always answers
 * empty: session-client's fetcher then runs {@link #validate(HttpRequest)} on the blocking executor,
 * as it does for a Redis read. If the database cannot be asked the answer is
 * {@link Unavailable} (503), never a guess.
 */
@Singleton
@Replaces(SessionValidator.class)
@Requires(property = PostgresSessionValidator.MODE_PROPERTY, value = PostgresSessionValidator.POSTGRES)
class PostgresSessionValidator implements SessionValidator {

    /** Which validator app-demo uses: session-client's (absent, the default) or {@value #POSTGRES}. */
    static final String MODE_PROPERTY = "sessionstream.demo.validation";
    static final String POSTGRES = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(PostgresSessionValidator.class);
    private static final String SELECT = """
            select s.user_id, s.secret_hash, s.created_at, s.absolute_expires_at, s.idle_expires_at, s.revoked_at,
                   u.roles
              from sessions s join users u on u.id = s.user_id
             where s.id = ?""";

    private final DataSource dataSource;
    private final Clock clock;
    private final String cookieName;

    PostgresSessionValidator(DataSource dataSource, Clock clock, SessionClientConfiguration config) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.cookieName = config.cookieName();
    }

    @Override
    public Validation validate(HttpRequest<?> request) {
        return validate(tokenOf(request));
    }

    @Override
    public Validation validate(String token) {
        if (token == null || token.isEmpty()) {
            return new Rejected(Reason.MISSING);
        }
        Optional<SessionToken> parsed = SessionToken.parse(token);
        if (parsed.isEmpty()) {
            return new Rejected(Reason.MALFORMED);
        }
        try {
            return check(parsed.get(), clock.instant());
        } catch (SQLException e) {
            LOG.warn("Session database unreachable, failing closed for session {}", parsed.get().sessionId(), e);
            return new Unavailable("session database unreachable");
        }
    }

    /** Always empty: every answer needs the database. */
    @Override
    public Optional<Validation> validateWithoutBlocking(HttpRequest<?> request) {
        return Optional.empty();
    }

    private Validation check(SessionToken token, Instant now) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement select = c.prepareStatement(SELECT)) {
            select.setString(1, token.sessionId());
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return new Rejected(Reason.UNKNOWN);
                }
                if (row.getTimestamp("revoked_at") != null) {
                    return new Rejected(Reason.REVOKED);
                }
                if (!token.matches(row.getString("secret_hash"))) {
                    return new Rejected(Reason.BAD_SECRET);
                }
                Instant absoluteExpiry = row.getTimestamp("absolute_expires_at").toInstant();
                if (!now.isBefore(absoluteExpiry)) {
                    return new Rejected(Reason.EXPIRED);
                }
                return new Admitted(new SessionPrincipal(row.getString("user_id"), token.sessionId(),
                        row.getTimestamp("created_at").toInstant(), absoluteExpiry,
                        row.getTimestamp("idle_expires_at").toInstant(),
                        Arrays.stream(row.getString("roles").split(",")).map(String::trim).toList()));
            }
        }
    }

    private String tokenOf(HttpRequest<?> request) {
        return RequestTokens.of(request, cookieName);
    }
}
