package io.sessionstream.store;

/**
 * The fields of a revocation's delivery trace, {@code {p}t:<sid>} ({@link RedisLayout#trace}), which each
 * session-client instance writes when it applies the session's invalidation, for {@code ./admin trace}: one field
 * per instance, named by its instance id, and {@value #BROADCAST}. Every value is epoch milliseconds.
 */
public final class TraceHash {

    /** The broadcast record's own timestamp, rather than an instance's time of applying it. */
    public static final String BROADCAST = "broadcast";

    private TraceHash() {
    }
}
