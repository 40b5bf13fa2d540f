package io.sessionstream.store;

/**
 * The fields of one member instance's hash, {@code {p}m:<instance id>} ({@link RedisLayout#member}), which
 * session-client's membership heartbeat writes and the auth-service's receipts read.
 */
public final class MemberHash {

    /** The incarnation of the instance: a random id per process start. */
    public static final String BOOT = "boot";
    /** The last renewal, epoch milliseconds. */
    public static final String HEARTBEAT = "hb";
    private static final String POSITION = "p";

    private MemberHash() {
    }

    /**
     * {@code p<partition>}: the instance's position on that partition of the invalidation broadcast (every
     * invalidation before it has been applied).
     */
    public static String positionField(int partition) {
        return POSITION + partition;
    }

    /** The partition a {@linkplain #positionField position field} names; -1 for any other field. */
    public static int partitionOf(String field) {
        if (!field.startsWith(POSITION)) {
            return -1;
        }
        try {
            return Integer.parseInt(field.substring(POSITION.length()));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
