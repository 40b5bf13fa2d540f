package io.sessionstream.store;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The session hash, {@code {p}s:<sid>} ({@link RedisLayout#session}), as the projector's {@code logged-in.lua} writes
 * it and {@code touched.lua} moves it: the one Java home of its field names, and their one reader and writer. Times
 * are stored as epoch milliseconds, the idle timeout as milliseconds, text as is.
 *
 * <p>Each component is null when the hash has no such field: a hash read with {@code HMGET} of some fields, a hash
 * a test wrote by hand, or no hash at all ({@code HGETALL} of a missing key is empty).
 *
 * @param userId         {@value #USER_ID}: the user id
 * @param secretHash     {@value #SECRET_HASH}: the token secret's SHA-256, base64url without padding
 * @param createdAt      {@value #CREATED}: when the session was created (signed in)
 * @param absoluteExpiry {@value #ABSOLUTE_EXPIRY}: when it ends whatever its activity
 * @param idleExpiry     {@value #IDLE_EXPIRY}: when it ends without activity; moved by activity, never past the
 *                       absolute expiry
 * @param idleTimeout    {@value #IDLE_TIMEOUT}: by how much activity extends the idle expiry
 * @param lastSeen       {@value #LAST_SEEN}: the latest activity seen (the creation until then)
 * @param ip             {@value #IP}: the client address at sign-in ({@code ''} if unknown)
 * @param userAgent      {@value #USER_AGENT}: the user agent at sign-in ({@code ''} if unknown)
 * @param roles          {@value #ROLES}: the user's roles, comma-separated
 */
public record SessionHash(String userId, String secretHash, Instant createdAt, Instant absoluteExpiry,
                          Instant idleExpiry, Duration idleTimeout, Instant lastSeen, String ip, String userAgent,
                          String roles) {

    public static final String USER_ID = "uid";
    public static final String SECRET_HASH = "sh";
    public static final String CREATED = "cr";
    public static final String ABSOLUTE_EXPIRY = "ea";
    public static final String IDLE_EXPIRY = "ei";
    public static final String IDLE_TIMEOUT = "it";
    public static final String LAST_SEEN = "ls";
    public static final String IP = "ip";
    public static final String USER_AGENT = "ua";
    public static final String ROLES = "ro";

    /** Every field of the hash, in the order {@code logged-in.lua} writes them. */
    public static final List<String> FIELDS = List.of(USER_ID, SECRET_HASH, CREATED, ABSOLUTE_EXPIRY, IDLE_EXPIRY,
            IDLE_TIMEOUT, LAST_SEEN, IP, USER_AGENT, ROLES);

    /**
     * The session a hash holds, from the fields it has ({@code HGETALL}, or the present fields of an {@code HMGET});
     * throws {@link NumberFormatException} if a time is not a number.
     */
    public static SessionHash of(Map<String, String> hash) {
        return new SessionHash(hash.get(USER_ID), hash.get(SECRET_HASH), instant(hash.get(CREATED)),
                instant(hash.get(ABSOLUTE_EXPIRY)), instant(hash.get(IDLE_EXPIRY)), duration(hash.get(IDLE_TIMEOUT)),
                instant(hash.get(LAST_SEEN)), hash.get(IP), hash.get(USER_AGENT), hash.get(ROLES));
    }

    /**
     * Whether this is a session the projection holds: one that names its user and its secret's hash. Anything else
     * under a session key (nothing, or a hash that lost those fields) is no session.
     */
    public boolean isSession() {
        return userId != null && secretHash != null;
    }

    /** The fields for {@code HSET}: the components that are not null, in the order of {@link #FIELDS}. */
    public Map<String, String> toHash() {
        Map<String, String> hash = new LinkedHashMap<>();
        put(hash, USER_ID, userId);
        put(hash, SECRET_HASH, secretHash);
        put(hash, CREATED, millis(createdAt));
        put(hash, ABSOLUTE_EXPIRY, millis(absoluteExpiry));
        put(hash, IDLE_EXPIRY, millis(idleExpiry));
        put(hash, IDLE_TIMEOUT, idleTimeout == null ? null : String.valueOf(idleTimeout.toMillis()));
        put(hash, LAST_SEEN, millis(lastSeen));
        put(hash, IP, ip);
        put(hash, USER_AGENT, userAgent);
        put(hash, ROLES, roles);
        return hash;
    }

    private static void put(Map<String, String> hash, String field, String value) {
        if (value != null) {
            hash.put(field, value);
        }
    }

    private static Instant instant(String millis) {
        return millis == null ? null : Instant.ofEpochMilli(Long.parseLong(millis));
    }

    private static Duration duration(String millis) {
        return millis == null ? null : Duration.ofMillis(Long.parseLong(millis));
    }

    private static String millis(Instant instant) {
        return instant == null ? null : String.valueOf(instant.toEpochMilli());
    }
}
