package io.sessionstream.store;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Mints session ids that carry their user's hash tag ({@link RedisLayout#userTag}): 16 bytes, base64url without
 * padding (22 characters), of which the first 3 are the tag's and the other 13 (104 bits) are random. So a session's
 * keys are in its user's Redis Cluster slot, while the id alone still names them (a token is validated by reading one
 * key). The session's secret, not its id, is what authenticates: the id is not a secret, 104 random bits keep it
 * unique.
 */
public final class SessionIds {

    /** Bytes of a session id. */
    public static final int BYTES = 16;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private SessionIds() {
    }

    /** A new session id of {@code userId}'s: it starts with the user's tag. */
    public static String mint(String userId) {
        byte[] id = new byte[BYTES];
        RANDOM.nextBytes(id);
        byte[] tag = B64D.decode(RedisLayout.userTag(userId));
        System.arraycopy(tag, 0, id, 0, tag.length);
        return B64.encodeToString(id);
    }
}
