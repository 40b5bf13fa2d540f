package io.sessionstream.client;

import java.time.Instant;

/**
 * Where an invalidation stands in the broadcast, and when this instance applied it.
 *
 * @param partition the partition of {@code session.invalidations} it was read from
 * @param offset    its offset there; an instance whose position on that partition is past it has applied it
 * @param appliedAt when this instance applied it
 */
public record BroadcastPosition(int partition, long offset, Instant appliedAt) {
}
