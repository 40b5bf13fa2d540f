package io.sessionstream.auth.sessions;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

/** The {@code sessions} table: the durable record of every session, and the only source of ownership checks. */
@JdbcRepository(dialect = Dialect.POSTGRES)
interface SessionRepository extends CrudRepository<SessionRecord, String> {

    /** Marks a live session revoked; 0 if it was already revoked. */
    @Query("update sessions set revoked_at = :at, revoked_reason = :reason where id = :id and revoked_at is null")
    int revoke(String id, Instant at, String reason);

    /**
     * Ends a session by expiry; 0 if it had ended already (a revocation, or another sweep, came first) or if its
     * expiry has not passed by {@code at} (another sweep moved its idle expiry forward since this one read it).
     */
    @Query("update sessions set revoked_at = :at, revoked_reason = :reason where id = :id and revoked_at is null"
            + " and (absolute_expires_at <= :at or idle_expires_at <= :at)")
    int expire(String id, Instant at, String reason);

    /** Up to {@code limit} sessions not ended whose absolute expiry has passed by {@code now}, oldest first. */
    @Query("select * from sessions where revoked_at is null and absolute_expires_at <= :now"
            + " order by absolute_expires_at limit :limit")
    List<SessionRecord> findPastAbsoluteExpiry(Instant now, int limit);

    /**
     * Up to {@code limit} sessions not ended, within their absolute lifetime, whose idle expiry as this table knows it
     * (from the login, or as a sweep last saw it extended) has passed by {@code now}, oldest first.
     */
    @Query("select * from sessions where revoked_at is null and idle_expires_at <= :now and absolute_expires_at > :now"
            + " order by idle_expires_at limit :limit")
    List<SessionRecord> findPastIdleExpiry(Instant now, int limit);

    /** Moves a session's idle expiry forward to {@code idleExpiry}; 0 if it has ended or is not earlier. */
    @Query("update sessions set idle_expires_at = :idleExpiry where id = :id and revoked_at is null"
            + " and idle_expires_at < :idleExpiry")
    int extendIdleExpiry(String id, Instant idleExpiry);

    /** The user's sessions that are not revoked and not past their absolute expiry, newest first. */
    @Query("select * from sessions where user_id = :userId and revoked_at is null and absolute_expires_at > :now"
            + " order by created_at desc")
    List<SessionRecord> findLive(UUID userId, Instant now);

    /** The sessions among {@code ids} that are revoked (or expired) already. */
    @Query("select * from sessions where id in (:ids) and revoked_at is not null")
    List<SessionRecord> findRevoked(Collection<String> ids);

    /** Which of {@code ids} belong to the user (revoked or not). */
    @Query("select id from sessions where user_id = :userId and id in (:ids)")
    List<String> findOwnedIds(UUID userId, Collection<String> ids);

    /** The ids of the user's sessions that are not revoked yet. */
    @Query("select id from sessions where user_id = :userId and revoked_at is null")
    List<String> findUnrevokedIds(UUID userId);
}
