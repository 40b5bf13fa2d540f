package io.sessionstream.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * A session as the near cache holds it: what validation and {@link SessionPrincipal} need, in
 * one object of primitives (96 bytes with compressed oops) instead of a principal with its
 * strings, instants and hash string (about 440 bytes). The session id is not held: it is the
 * cache key, and the caller passes it back to {@link #principal(String)}.
 *
 * <ul>
 *   <li>The user id is two longs when it is a canonical UUID string (what auth-service issues),
 *       otherwise the string itself; either way {@link #userId()} gives back the exact string.</li>
 *   <li>Times are epoch milliseconds, the precision Redis stores.</li>
 *   <li>The secret hash is the 32 raw bytes of the SHA-256, as four longs.</li>
 *   <li>Roles are a list shared by every session with the same roles ({@link RoleLists}).</li>
 * </ul>
 */
final class CachedSession {

    private static final VarHandle LONG_AT = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int SHA256_BYTES = 32;

    /** The user id when it is not a canonical UUID; null when it is held in {@code userHigh}/{@code userLow}. */
    private final String otherUserId;
    private final long userHigh;
    private final long userLow;
    private final long createdAt;
    private final long absoluteExpiry;
    private final long idleExpiry;
    private final List<String> roles;
    /** False when the stored hash is not base64url of 32 bytes: then no secret matches. */
    private final boolean hashWellFormed;
    private final long hash0;
    private final long hash1;
    private final long hash2;
    private final long hash3;

    private CachedSession(String userId, long createdAt, long absoluteExpiry, long idleExpiry, List<String> roles,
                          byte[] hash) {
        UUID uuid = UserKeys.canonicalUuid(userId);
        this.otherUserId = uuid == null ? userId : null;
        this.userHigh = uuid == null ? 0 : uuid.getMostSignificantBits();
        this.userLow = uuid == null ? 0 : uuid.getLeastSignificantBits();
        this.createdAt = createdAt;
        this.absoluteExpiry = absoluteExpiry;
        this.idleExpiry = idleExpiry;
        this.roles = roles == null ? List.of() : List.copyOf(roles);
        this.hashWellFormed = hash != null;
        this.hash0 = hash == null ? 0 : (long) LONG_AT.get(hash, 0);
        this.hash1 = hash == null ? 0 : (long) LONG_AT.get(hash, 8);
        this.hash2 = hash == null ? 0 : (long) LONG_AT.get(hash, 16);
        this.hash3 = hash == null ? 0 : (long) LONG_AT.get(hash, 24);
    }

    /**
     * A session as read from the store.
     *
     * @param userId         the user id
     * @param createdAt      creation time, epoch ms
     * @param absoluteExpiry absolute expiry, epoch ms
     * @param idleExpiry     idle expiry, epoch ms
     * @param roles          the roles; pass a shared list ({@link RoleLists}) to keep the entry small
     * @param secretHash     {@code sha256(secret)} base64url without padding, as {@link SessionToken#secretHash()}
     *                       gives it; any other string is kept as a hash that no secret matches
     */
    static CachedSession of(String userId, long createdAt, long absoluteExpiry, long idleExpiry, List<String> roles,
                            String secretHash) {
        return new CachedSession(userId, createdAt, absoluteExpiry, idleExpiry, roles, sha256Bytes(secretHash));
    }

    /** The user id, exactly as read. */
    String userId() {
        return otherUserId != null ? otherUserId : new UUID(userHigh, userLow).toString();
    }

    /** The user's key in per-user maps: equal to {@link UserKeys#of(String) UserKeys.of(userId())}, cheaper. */
    Object userKey() {
        return otherUserId != null ? otherUserId : new UUID(userHigh, userLow);
    }

    /** Creation time, epoch ms. */
    long createdAtMillis() {
        return createdAt;
    }

    /** Whether the session is still within both expiries at {@code now}; same answer as {@link SessionPrincipal#liveAt}. */
    boolean liveAt(Instant now) {
        // Expiries are whole milliseconds, so now < expiry exactly when floor(now in ms) < expiry.
        long nowMillis = now.toEpochMilli();
        return nowMillis < absoluteExpiry && nowMillis < idleExpiry;
    }

    /**
     * Whether the token's secret hashes to the stored hash. Constant time: all 32 bytes are
     * compared whatever differs, like {@link java.security.MessageDigest#isEqual}.
     */
    boolean secretMatches(SessionToken token) {
        byte[] hash = token.secretSha256();
        long difference = ((long) LONG_AT.get(hash, 0) ^ hash0) | ((long) LONG_AT.get(hash, 8) ^ hash1)
                | ((long) LONG_AT.get(hash, 16) ^ hash2) | ((long) LONG_AT.get(hash, 24) ^ hash3);
        return hashWellFormed & difference == 0;
    }

    /** The principal the application sees; {@code sessionId} is the key this entry was cached under. */
    SessionPrincipal principal(String sessionId) {
        return new SessionPrincipal(userId(), sessionId, Instant.ofEpochMilli(createdAt),
                Instant.ofEpochMilli(absoluteExpiry), Instant.ofEpochMilli(idleExpiry), roles);
    }

    /** The 32 bytes of a canonical base64url SHA-256, or null for any other string. */
    private static byte[] sha256Bytes(String secretHash) {
        if (secretHash == null) {
            return null;
        }
        try {
            byte[] raw = B64D.decode(secretHash);
            // Re-encoding guards against padding and non-canonical trailing bits: the stored string
            // matches exactly the tokens it matched as a string.
            return raw.length == SHA256_BYTES && B64.encodeToString(raw).equals(secretHash) ? raw : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
