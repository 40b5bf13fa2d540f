package io.sessionstream.benchmarks;

import io.sessionstream.client.Measuring;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Bytes per cached session in session-client's near cache, measured as the heap delta of
 * filling a real near cache ({@link Measuring#emptyNearCache}) with {@code entries} sessions shaped as
 * the client's Redis store reads them (key, compact cached session built from fresh
 * strings, and Caffeine's own node; roles are shared as in the store).
 */
public final class NearCacheMemory {

    private NearCacheMemory() {
    }

    /** Prints bytes per session for {@code args[0]} entries (200,000 if absent), without the rest of the suite. */
    public static void main(String[] args) {
        int entries = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        System.out.printf("near cache: %.1f bytes/session (%,d sessions)%n", bytesPerSession(entries), entries);
    }

    /** Fills a fresh near cache with {@code entries} sessions; returns heap bytes per session. */
    public static double bytesPerSession(int entries) {
        Measuring.Fill cache = Measuring.emptyNearCache(entries + 1L);
        long before = usedHeapAfterGc();
        cache.fill(entries);
        cache.size();
        long after = usedHeapAfterGc();
        if (cache.size() < entries * 0.99) {
            throw new IllegalStateException("near cache holds " + cache.size() + " of " + entries + " sessions");
        }
        return (after - before) / (double) entries;
    }

    private static long usedHeapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 4; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
