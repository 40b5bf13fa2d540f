package io.sessionstream.store;

import java.util.List;

/**
 * The fields of a user's revocation epoch, {@code {p}n:<uid>} ({@link RedisLayout#userRevoked}), which the
 * projector's {@code revoke-all.lua} writes and {@code logged-in.lua} reads: a session of the user created before
 * {@value #NOT_BEFORE}, other than {@value #KEPT_SESSION}, is revoked.
 */
public final class UserRevokedHash {

    /** The epoch, epoch milliseconds. */
    public static final String NOT_BEFORE = "nb";
    /** The session the revocation kept, or {@code ''} for none. */
    public static final String KEPT_SESSION = "k";

    /** Every field of the hash. */
    public static final List<String> FIELDS = List.of(NOT_BEFORE, KEPT_SESSION);

    private UserRevokedHash() {
    }
}
