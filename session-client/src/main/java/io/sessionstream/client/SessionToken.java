package io.sessionstream.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import io.sessionstream.store.SessionIds;

/**
 * A session token {@code sid.secret}: a 128-bit session id and a 256-bit secret, both
 * base64url without padding (ARCHITECTURE §2). Only {@link #secretHash()} is ever stored.
 *
 * @param sessionId the public session id (22 characters)
 * @param secret    the raw secret bytes (32 bytes)
 */
public record SessionToken(String sessionId, byte[] secret) {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();
    private static final int SID_CHARS = 22;
    private static final int SECRET_CHARS = 43;
    private static final SecureRandom RANDOM = new SecureRandom();

    /**
     * A fresh token of a user's session: its id carries the user's Redis hash tag ({@link SessionIds}), so the
     * session's keys are in the user's slot of a Redis Cluster; its secret is 256 random bits.
     */
    public static SessionToken generate(String userId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return new SessionToken(SessionIds.mint(userId), secret);
    }

    /** A fresh token whose id is all random (no user's tag): for tests and benchmarks that need any valid token. */
    public static SessionToken generate() {
        byte[] sid = new byte[SessionIds.BYTES];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(sid);
        RANDOM.nextBytes(secret);
        return new SessionToken(B64.encodeToString(sid), secret);
    }

    /**
     * Parses {@code sid.secret}; empty for anything else (wrong shape, lengths, alphabet),
     * without throwing: garbage tokens are an ordinary 401.
     */
    public static Optional<SessionToken> parse(String token) {
        if (token == null || token.length() != SID_CHARS + 1 + SECRET_CHARS || token.charAt(SID_CHARS) != '.') {
            return Optional.empty();
        }
        try {
            String sid = token.substring(0, SID_CHARS);
            if (B64D.decode(sid).length != 16) {
                return Optional.empty();
            }
            byte[] secret = B64D.decode(token.substring(SID_CHARS + 1));
            return secret.length == 32 ? Optional.of(new SessionToken(sid, secret)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The token as the client holds it. */
    public String value() {
        return sessionId + "." + B64.encodeToString(secret);
    }

    /** {@code sha256(secret)}, base64url: what the stores and events hold. */
    public String secretHash() {
        return B64.encodeToString(sha256(secret));
    }

    /** {@code sha256(secret)}, the raw 32 bytes of {@link #secretHash()}. */
    byte[] secretSha256() {
        return sha256(secret);
    }

    /** Compares this token's secret with a stored hash in constant time. */
    public boolean matches(String storedSecretHash) {
        if (storedSecretHash == null) {
            return false;
        }
        return MessageDigest.isEqual(secretHash().getBytes(StandardCharsets.US_ASCII),
                storedSecretHash.getBytes(StandardCharsets.US_ASCII));
    }

    /** Never prints the secret. */
    @Override
    public String toString() {
        return "SessionToken[" + sessionId + ".***]";
    }

    private static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JRE", e);
        }
    }
}
